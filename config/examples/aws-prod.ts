import type { EnvironmentInput } from "../schema";

// Production: larger caps, a NAT gateway per zone for resilience, deletion protection on data stores.
export const awsProd: EnvironmentInput = {
  // Made-up ids, names, ranges and mailboxes: config accepts them only where this marker is.
  example: true,
  name: "prod",
  cloud: "aws",
  stage: "prod",
  deletionProtection: true,
  tags: { owner: "data-platform", costCenter: "cc-4200" },
  databricks: { accountId: "00000000-0000-4000-8000-000000000000" },
  unityCatalog: { metastore: { mode: "create" } },
  aws: {
    accountId: "222222222222",
    region: "eu-west-1",
    network: {
      vpcCidr: "10.30.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      natGatewayPerAz: true,
      // Back-end PrivateLink: clusters reach the control plane through endpoints and their security
      // group's egress stays in the VPC. Front-end stays off (public access kept, limited by the IP
      // access lists) so the shipped deploy runners can still reach the workspace; add
      // frontEnd: { transitVpcCidr: "10.31.0.0/24" } once they run in the corporate network
      // (docs/private-connectivity.md).
      privateConnectivity: {
        backEnd: true,
        // The ingestion job reads the orders database (jobs.jdbc.url, orders-db.prod.internal:5432),
        // which lives in the data-services network outside this VPC; the route to it (peering or a
        // transit gateway attachment) is the network team's, this only opens the security group.
        allowedEgress: [{ cidr: "10.40.8.0/24", port: 5432, protocol: "tcp", description: "orders database (PostgreSQL, jobs.jdbc.url)" }],
      },
      // HTTPS out of the VPC only through AWS Network Firewall, to the domains serverless compute may
      // reach too (security.serverlessEgress); the control plane stays on PrivateLink.
      egress: { mode: "firewall" },
    },
  },
  security: {
    ipAccessList: ["198.51.100.0/24"],
    // The deploy pipeline's runners (lakehouse-deployer): their egress must reach the workspace.
    deployerIpRanges: ["192.0.2.0/28"],
    maxTokenLifetimeDays: 90,
    // One environment delivers the account's audit logs for every workspace.
    auditLogDelivery: true,
    // Hardened compute with monitoring agents, clusters updated Sunday 02:00. The compliance security
    // profile cannot be turned off once on, and names no standard here: which standards apply (HIPAA,
    // PCI_DSS...) is yours to say in complianceStandards; config never defaults one.
    complianceSecurityProfile: true,
    enhancedSecurityMonitoring: true,
    automaticClusterUpdate: { dayOfWeek: "SUNDAY", frequency: "EVERY_WEEK", startHour: 2 },
    restrictWorkspaceAdmins: true,
    // Serverless compute reaches only Unity Catalog locations, the lakehouse bucket and these domains.
    serverlessEgress: { enabled: true, allowedDomains: ["pypi.org", "files.pythonhosted.org"] },
  },
  repository: { url: "https://github.com/example-org/lakehouse.git", provider: "gitHub", branch: "release" },
  costs: { monthlyBudgetUsd: 20000, alertAtPercent: [50, 80, 100], ownerEmails: ["data-platform@example.com"] },
  jobs: {
    notificationEmails: ["data-oncall@example.com"],
    jdbc: { url: "jdbc:postgresql://orders-db.prod.internal:5432/olist" },
    ingestionTrigger: "file-arrival",
    transformSchedule: "0 0 2 * * ?",
  },
  // Remote state: encrypted S3 with native lockfile locking (docs/remote-state.md).
  state: { backend: "s3", bucket: "example-org-terraform-state", region: "eu-west-1", keyPrefix: "lakehouse/prod" },
  compute: {
    allowedNodeTypes: ["m5d.xlarge", "m5d.2xlarge", "r6id.2xlarge", "i4i.2xlarge"],
    sharedCluster: { nodeType: "m5d.2xlarge", minWorkers: 2, maxWorkers: 12, autoterminationMinutes: 30, spotBidPricePercent: 100 },
    pool: { nodeType: "m5d.xlarge", minIdleInstances: 2, maxCapacity: 60, idleAutoterminationMinutes: 15 },
    sqlWarehouse: { clusterSize: "Small", minClusters: 1, maxClusters: 4, autoStopMinutes: 15 },
    policies: {
      jobs: { maxWorkers: 20, maxDbuPerHour: 80 },
      shared: { maxWorkers: 12, maxDbuPerHour: 50, autoterminationMinutes: 30 },
      personal: { maxWorkers: 4, maxDbuPerHour: 8, autoterminationMinutes: 45 },
    },
  },
};
