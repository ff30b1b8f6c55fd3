import type { Cloud } from "./flags";

// Compute sizes a new environment starts with: small in dev and test, larger in prod, within the limits
// config checks (config/rules/environment.ts: autoscaling above its minimum, the pool holding one job
// cluster at the jobs policy's maximum and no more idle than that cluster takes). Node types are of
// families with local NVMe (Delta cache) that Databricks runs Photon on: m6id/r6id on AWS, Ddsv5/Edsv5
// on Azure. They are a starting point; size them to the workloads.

/**
 * Takes the cloud and whether the environment is prod; gives its `compute` block: the node types the
 * policies allow, the shared cluster, the instance pool, the SQL warehouse and the persona policies' caps.
 */
export function defaultCompute(cloud: Cloud, prod: boolean) {
  const [small, medium, memory] =
    cloud === "aws" ? ["m6id.large", "m6id.xlarge", "r6id.2xlarge"] : ["Standard_D4ds_v5", "Standard_D8ds_v5", "Standard_E8ds_v5"];
  if (!prod) {
    return {
      allowedNodeTypes: [small, medium],
      sharedCluster: { nodeType: medium, minWorkers: 1, maxWorkers: 4, autoterminationMinutes: 30 },
      pool: { nodeType: small, minIdleInstances: 0, maxCapacity: 10, idleAutoterminationMinutes: 10 },
      sqlWarehouse: { clusterSize: "2X-Small", minClusters: 1, maxClusters: 1, autoStopMinutes: 10 },
      policies: {
        jobs: { maxWorkers: 4, maxDbuPerHour: 10 },
        shared: { maxWorkers: 4, maxDbuPerHour: 10, autoterminationMinutes: 30 },
        personal: { maxWorkers: 2, maxDbuPerHour: 4, autoterminationMinutes: 30 },
      },
    };
  }
  return {
    allowedNodeTypes: [medium, memory],
    sharedCluster: { nodeType: medium, minWorkers: 2, maxWorkers: 8, autoterminationMinutes: 30 },
    pool: { nodeType: medium, minIdleInstances: 1, maxCapacity: 40, idleAutoterminationMinutes: 15 },
    sqlWarehouse: { clusterSize: "Small", minClusters: 1, maxClusters: 2, autoStopMinutes: 15 },
    policies: {
      jobs: { maxWorkers: 16, maxDbuPerHour: 60 },
      shared: { maxWorkers: 8, maxDbuPerHour: 40, autoterminationMinutes: 30 },
      personal: { maxWorkers: 4, maxDbuPerHour: 8, autoterminationMinutes: 45 },
    },
  };
}
