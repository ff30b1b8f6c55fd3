import type { EnvironmentInput } from "../schema";

// Azure production: zone-redundant storage, protected data stores, audit logs kept a year, every
// legacy feature off (no DBFS mounts: Unity Catalog volumes only).
export const azureProd: EnvironmentInput = {
  // Made-up ids, names, ranges and mailboxes: config accepts them only where this marker is.
  example: true,
  name: "azprod",
  cloud: "azure",
  stage: "prod",
  deletionProtection: true,
  tags: { owner: "data-platform", costCenter: "cc-4200" },
  databricks: { accountId: "00000000-0000-4000-8000-000000000001" },
  unityCatalog: { metastore: { mode: "create" } },
  azure: {
    subscriptionId: "00000000-0000-4000-8000-00000000aa02",
    tenantId: "00000000-0000-4000-8000-00000000ee01",
    location: "westeurope",
    databricksEnterpriseAppObjectId: "00000000-0000-4000-8000-00000000db01",
    keyVaultName: "kv-lakehouse-azprod",
    storageAccountName: "stlakehouseazprod",
    network: {
      vnetCidr: "10.50.0.0/20",
      subnetNewBits: 2,
      // Everything over Private Link: the deploy runners sit in a peered VNet linked to the zones.
      privateConnectivity: {
        backEnd: true,
        frontEnd: true,
        storageAndKeyVault: true,
        endpointSubnetCidr: "10.50.8.0/26",
        dnsLinkedVnetIds: [
          "/subscriptions/00000000-0000-4000-8000-00000000aa02/resourceGroups/rg-deployers/providers/Microsoft.Network/virtualNetworks/vnet-deployers",
        ],
      },
      // Cluster traffic to the internet goes through the region's hub firewall, which passes the
      // Databricks endpoints and the domains serverless compute may reach (security.serverlessEgress).
      egress: { mode: "firewall", hubVnetCidr: "10.250.0.0/24" },
    },
  },
  security: {
    ipAccessList: ["198.51.100.0/24"],
    deployerIpRanges: ["192.0.2.0/28"],
    // Hardened compute with monitoring agents, clusters updated Sunday 02:00. The compliance security
    // profile cannot be turned off once on, and names no standard here: which standards apply (HIPAA,
    // PCI_DSS...) is yours to say in complianceStandards; config never defaults one.
    complianceSecurityProfile: true,
    enhancedSecurityMonitoring: true,
    automaticClusterUpdate: { dayOfWeek: "SUNDAY", frequency: "EVERY_WEEK", startHour: 2 },
    restrictWorkspaceAdmins: true,
    // Serverless compute reaches only Unity Catalog locations, the lakehouse storage and these domains.
    serverlessEgress: { enabled: true, allowedDomains: ["pypi.org", "files.pythonhosted.org"] },
  },
  repository: {
    url: "https://dev.azure.com/example-org/lakehouse/_git/lakehouse",
    provider: "azureDevOpsServices",
    branch: "release",
    tag: "v1.0.0",
  },
  costs: { monthlyBudgetUsd: 15000, alertAtPercent: [50, 80, 100], ownerEmails: ["data-platform@example.com"] },
  jobs: { notificationEmails: ["data-oncall@example.com"], jdbc: { url: "jdbc:postgresql://orders-db.prod.internal:5432/olist" } },
  state: {
    backend: "azurerm",
    resourceGroupName: "rg-terraform-state",
    storageAccountName: "stexampletfstate",
    containerName: "tfstate",
    keyPrefix: "lakehouse/azprod",
  },
  compute: {
    allowedNodeTypes: ["Standard_D8ds_v5", "Standard_E8ds_v5", "Standard_D16ds_v5"],
    sharedCluster: { nodeType: "Standard_D8ds_v5", minWorkers: 2, maxWorkers: 10, autoterminationMinutes: 30 },
    pool: { nodeType: "Standard_D8ds_v5", minIdleInstances: 1, maxCapacity: 40, idleAutoterminationMinutes: 15 },
    sqlWarehouse: { clusterSize: "Small", minClusters: 1, maxClusters: 4, autoStopMinutes: 15 },
    policies: {
      jobs: { maxWorkers: 16, maxDbuPerHour: 60 },
      shared: { maxWorkers: 10, maxDbuPerHour: 40, autoterminationMinutes: 30 },
      personal: { maxWorkers: 4, maxDbuPerHour: 8, autoterminationMinutes: 45 },
    },
  },
};
