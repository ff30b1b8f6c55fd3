import type { EnvironmentInput } from "../schema";

// Development: small and cheap, one NAT gateway, easy to tear down; the legacy S3 mount is on for
// notebooks that still read /mnt paths while they move to Unity Catalog volumes.
export const awsDev: EnvironmentInput = {
  // Made-up ids, names, ranges and mailboxes: config accepts them only where this marker is.
  example: true,
  name: "dev",
  cloud: "aws",
  stage: "dev",
  deletionProtection: false,
  tags: { owner: "data-platform", costCenter: "cc-4100" },
  databricks: { accountId: "00000000-0000-4000-8000-000000000000" },
  // The blueprint creates the region's metastore (its account has none there); an account that has one
  // adopts it: { mode: "adopt", id: "..." } (npm run preflight:metastore tells which).
  // Developers read prod's catalog here, read-only, pii masked and confidential rows sampled
  // (docs/production-data-in-dev.md).
  unityCatalog: { metastore: { mode: "create" }, readsProdCatalogOf: "prod" },
  aws: {
    accountId: "111111111111",
    region: "eu-west-1",
    network: { vpcCidr: "10.20.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"], natGatewayPerAz: false },
  },
  security: {
    // Documentation range as a placeholder: replace with your office/VPN and CI egress ranges.
    ipAccessList: ["203.0.113.0/24"],
    // The deploy pipeline's runners (lakehouse-deployer): their egress must reach the workspace.
    deployerIpRanges: ["192.0.2.0/28"],
    maxTokenLifetimeDays: 30,
  },
  mounts: { enabled: true },
  repository: {
    url: "https://github.com/example-org/lakehouse.git",
    provider: "gitHub",
    branch: "main",
    developers: ["ana@example.com", "ben@example.com"],
  },
  costs: { monthlyBudgetUsd: 2000, ownerEmails: ["data-platform@example.com"] },
  // Remote state in a bucket of dev's own AWS account, which its bootstrap creates: CI deploys dev
  // before prod, and prod's config stack reads dev's workspace id from it (docs/remote-state.md).
  state: { backend: "s3", bucket: "example-org-terraform-state-dev", region: "eu-west-1", keyPrefix: "lakehouse/dev" },
  jobs: {
    notificationEmails: ["data-platform@example.com"],
    jdbc: { url: "jdbc:postgresql://orders-db.dev.internal:5432/olist" },
    ingestionTrigger: "file-arrival",
  },
  compute: {
    allowedNodeTypes: ["m5d.large", "m5d.xlarge", "m6id.xlarge"],
    sharedCluster: { nodeType: "m5d.xlarge", minWorkers: 1, maxWorkers: 4, autoterminationMinutes: 20 },
    pool: { nodeType: "m5d.large", minIdleInstances: 0, maxCapacity: 10, idleAutoterminationMinutes: 10 },
    sqlWarehouse: { clusterSize: "2X-Small", minClusters: 1, maxClusters: 1, autoStopMinutes: 10 },
    policies: {
      jobs: { maxWorkers: 4, maxDbuPerHour: 10 },
      shared: { maxWorkers: 4, maxDbuPerHour: 10, autoterminationMinutes: 20 },
      personal: { maxWorkers: 2, maxDbuPerHour: 4, autoterminationMinutes: 30 },
    },
  },
};
