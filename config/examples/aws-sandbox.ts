import type { EnvironmentInput } from "../schema";

// A serverless sandbox: a dev-stage workspace with no VPC, NAT gateway, root bucket or cross-account
// role (compute.mode "serverless", docs/compute-modes.md). Notebooks, jobs and SQL run on serverless
// compute; the lakehouse bucket, its key and the Unity Catalog role stay in the team's AWS account
// (the dev example's, beside it). Nothing runs, and nothing is billed for compute, while nobody works.
export const awsSandbox: EnvironmentInput = {
  // Made-up ids, names, ranges and mailboxes: config accepts them only where this marker is.
  example: true,
  name: "sandbox",
  cloud: "aws",
  stage: "dev",
  deletionProtection: false,
  tags: { owner: "data-platform", costCenter: "cc-4100" },
  databricks: { accountId: "00000000-0000-4000-8000-000000000000" },
  unityCatalog: { metastore: { mode: "create" } },
  // No network: a serverless workspace takes none (config refuses aws.network here).
  aws: { accountId: "111111111111", region: "eu-west-1" },
  security: {
    // Documentation ranges as placeholders: replace with your office/VPN and CI egress ranges.
    ipAccessList: ["203.0.113.0/24"],
    deployerIpRanges: ["192.0.2.0/28"],
    maxTokenLifetimeDays: 30,
    // All compute here is serverless, so the account network policy is the workspace's egress control:
    // the lakehouse bucket and the package index the jobs install their pins from (notebooks/requirements-jobs.txt).
    serverlessEgress: { enabled: true, allowedDomains: ["pypi.org", "files.pythonhosted.org"] },
  },
  repository: {
    url: "https://github.com/example-org/lakehouse.git",
    provider: "gitHub",
    branch: "main",
    developers: ["ana@example.com", "ben@example.com"],
  },
  costs: { monthlyBudgetUsd: 500, ownerEmails: ["data-platform@example.com"] },
  jobs: {
    notificationEmails: ["data-platform@example.com"],
    ingestionTrigger: "file-arrival",
  },
  compute: {
    mode: "serverless",
    sqlWarehouse: { clusterSize: "2X-Small", minClusters: 1, maxClusters: 1, autoStopMinutes: 10 },
    // Scheduled batch jobs: the cheaper serverless mode, which starts in minutes rather than seconds.
    serverless: { performanceTarget: "STANDARD" },
  },
};
