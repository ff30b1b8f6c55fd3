// Compute fields: cluster policies, the shared cluster, the instance pool and the SQL warehouse.
import { z } from "zod";
import type { Cloud } from "../node-types";
import { autoterminationMinutes, nodeType, runtime, workerCount } from "./primitives";

const policyLimitsSchema = z.strictObject({
  maxWorkers: workerCount,
  maxDbuPerHour: z.number().positive("must be positive. Fix: set the hourly DBU ceiling, e.g. 20"),
});

// SQL warehouse sizes (SQL Warehouses API, cluster_size).
export const WAREHOUSE_SIZES = ["2X-Small", "X-Small", "Small", "Medium", "Large", "X-Large", "2X-Large", "3X-Large", "4X-Large"] as const;

const sqlWarehouseSchema = z
  .strictObject({
    clusterSize: z
      .enum(WAREHOUSE_SIZES, { message: `is not a SQL warehouse size. Fix: use one of ${WAREHOUSE_SIZES.join(", ")}` })
      .default("2X-Small"),
    /** Clusters the warehouse scales between as queries queue (SQL Warehouses API allows 1-40). */
    minClusters: z
      .number()
      .int()
      .min(1, "must be at least 1. Fix: use 1")
      .max(40, "is above the 40 clusters a warehouse may have. Fix: use 1-40")
      .default(1),
    maxClusters: z
      .number()
      .int()
      .min(1, "must be at least 1. Fix: use 1-40")
      .max(40, "is above the 40 clusters a warehouse may have. Fix: use 1-40")
      .default(1),
    autoStopMinutes: z
      .number()
      .int()
      .min(5, "stops a warehouse under 5 minutes idle, which restarts it between queries. Fix: use 5-120")
      .max(120, "keeps an idle warehouse over 2 hours. Fix: use 5-120")
      .default(10),
  })
  .default({ clusterSize: "2X-Small", minClusters: 1, maxClusters: 1, autoStopMinutes: 10 });

export const computeSchema = (cloud: Cloud) =>
  z.strictObject({
    sparkVersion: runtime("standard").default("16.4.x-scala2.12"),
    mlSparkVersion: runtime("ml").default("16.4.x-cpu-ml-scala2.12"),
    allowedNodeTypes: z.array(nodeType(cloud)).min(1, "is empty. Fix: list at least one node type clusters may use"),
    sharedCluster: z.strictObject({
      nodeType: nodeType(cloud),
      minWorkers: workerCount,
      maxWorkers: workerCount,
      autoterminationMinutes,
      photon: z.boolean().default(true),
      spotBidPricePercent: z.number().int().min(1).max(100).default(100),
    }),
    pool: z.strictObject({
      nodeType: nodeType(cloud),
      minIdleInstances: z.number().int().min(0).max(20, "keeps over 20 idle instances. Fix: use 0-20"),
      maxCapacity: z.number().int().min(1).max(500),
      idleAutoterminationMinutes: z.number().int().min(1).max(60, "keeps idle instances over an hour. Fix: use 1-60"),
    }),
    /** The environment's serverless SQL warehouse (analysts' SQL, the audit alerts). */
    sqlWarehouse: sqlWarehouseSchema,
    policies: z.strictObject({
      jobs: policyLimitsSchema,
      shared: policyLimitsSchema.extend({ autoterminationMinutes }),
      personal: policyLimitsSchema.extend({ autoterminationMinutes }),
    }),
  });
