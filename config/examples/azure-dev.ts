import type { EnvironmentInput } from "../schema";

// Azure development: small, locally redundant storage, easy to tear down; the legacy ADLS mount is on
// for notebooks that still read /mnt paths while they move to Unity Catalog volumes.
export const azureDev: EnvironmentInput = {
  // Made-up ids, names, ranges and mailboxes: config accepts them only where this marker is.
  example: true,
  name: "azdev",
  cloud: "azure",
  stage: "dev",
  deletionProtection: false,
  tags: { owner: "data-platform", costCenter: "cc-4100" },
  databricks: { accountId: "00000000-0000-4000-8000-000000000001" },
  // The blueprint creates the region's metastore (its account has none there); an account that has one
  // adopts it: { mode: "adopt", id: "..." } (npm run preflight:metastore tells which).
  // Developers read azprod's catalog here, read-only, pii masked and confidential rows sampled
  // (docs/production-data-in-dev.md).
  unityCatalog: { metastore: { mode: "create" }, readsProdCatalogOf: "azprod" },
  azure: {
    subscriptionId: "00000000-0000-4000-8000-00000000aa01",
    tenantId: "00000000-0000-4000-8000-00000000ee01",
    location: "westeurope",
    databricksEnterpriseAppObjectId: "00000000-0000-4000-8000-00000000db01",
    keyVaultName: "kv-lakehouse-azdev",
    storageAccountName: "stlakehouseazdev",
    // The endpoint subnet holds the private endpoints to azprod's storage (stack azdev-prod-data-path).
    network: { vnetCidr: "10.40.0.0/22", subnetNewBits: 2, privateConnectivity: { endpointSubnetCidr: "10.40.2.0/26" } },
  },
  security: { ipAccessList: ["203.0.113.0/24"], deployerIpRanges: ["192.0.2.0/28"], maxTokenLifetimeDays: 30 },
  mounts: {
    enabled: true,
    servicePrincipalClientId: "00000000-0000-4000-8000-00000000cc01",
    servicePrincipalObjectId: "00000000-0000-4000-8000-00000000cc02",
    secretScope: "azdev-pipelines",
  },
  repository: {
    url: "https://dev.azure.com/example-org/lakehouse/_git/lakehouse",
    provider: "azureDevOpsServices",
    branch: "main",
    developers: ["ana@example.com"],
  },
  costs: { monthlyBudgetUsd: 1500, ownerEmails: ["data-platform@example.com"] },
  // Remote state in a storage account of azdev's own subscription, which its bootstrap creates: CI
  // deploys azdev before azprod, and azprod's config stack reads azdev's workspace id from it
  // (docs/remote-state.md).
  state: {
    backend: "azurerm",
    resourceGroupName: "rg-terraform-state",
    storageAccountName: "stexampletfstatedev",
    containerName: "tfstate",
    keyPrefix: "lakehouse/azdev",
  },
  jobs: {
    notificationEmails: ["data-platform@example.com"],
    jdbc: { url: "jdbc:postgresql://orders-db.dev.internal:5432/olist" },
    ingestionTrigger: "0 0/30 * * * ?",
  },
  compute: {
    allowedNodeTypes: ["Standard_D4ds_v5", "Standard_D8ds_v5"],
    sharedCluster: { nodeType: "Standard_D4ds_v5", minWorkers: 1, maxWorkers: 4, autoterminationMinutes: 20 },
    pool: { nodeType: "Standard_D4ds_v5", minIdleInstances: 0, maxCapacity: 10, idleAutoterminationMinutes: 10 },
    sqlWarehouse: { clusterSize: "2X-Small", minClusters: 1, maxClusters: 1, autoStopMinutes: 10 },
    policies: {
      jobs: { maxWorkers: 4, maxDbuPerHour: 10 },
      shared: { maxWorkers: 4, maxDbuPerHour: 10, autoterminationMinutes: 20 },
      personal: { maxWorkers: 2, maxDbuPerHour: 4, autoterminationMinutes: 30 },
    },
  },
};
