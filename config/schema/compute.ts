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

/** Where a job runs in a classic workspace: a job cluster under the jobs policy (the default), or serverless compute. */
export const JOB_COMPUTE = ["job-cluster", "serverless"] as const;
// No default here: unset means a job cluster in a classic workspace and serverless in a serverless one (../compute-mode.ts).
const jobCompute = z.enum(JOB_COMPUTE, { message: 'must be "job-cluster" or "serverless". Fix: choose where the job runs' });

// Jobs API performance_target of a serverless job (provider docs, databricks_job).
export const PERFORMANCE_TARGETS = ["STANDARD", "PERFORMANCE_OPTIMIZED"] as const;

export const computeSchema = (cloud: Cloud) =>
  z.strictObject({
    /**
     * "classic": clusters in the workspace's own cloud network (pool, policies, shared cluster, job
     * clusters). "serverless": a serverless workspace (AWS only, `compute_mode = "SERVERLESS"`), whose
     * notebooks, jobs and SQL run on Databricks' serverless compute only; the classic fields below
     * must then be absent (../rules/compute-mode.ts). docs/compute-modes.md compares the two.
     */
    mode: z.enum(["classic", "serverless"], { message: 'must be "classic" or "serverless". Fix: choose one' }).default("classic"),
    sparkVersion: runtime("standard").default("16.4.x-scala2.12"),
    mlSparkVersion: runtime("ml").default("16.4.x-cpu-ml-scala2.12"),
    /** Classic only (required there). */
    allowedNodeTypes: z.array(nodeType(cloud)).min(1, "is empty. Fix: list at least one node type clusters may use").optional(),
    /** Classic only (required there). */
    sharedCluster: z
      .strictObject({
        nodeType: nodeType(cloud),
        minWorkers: workerCount,
        maxWorkers: workerCount,
        autoterminationMinutes,
        photon: z.boolean().default(true),
        spotBidPricePercent: z.number().int().min(1).max(100).default(100),
      })
      .optional(),
    /** Classic only (required there). */
    pool: z
      .strictObject({
        nodeType: nodeType(cloud),
        minIdleInstances: z.number().int().min(0).max(20, "keeps over 20 idle instances. Fix: use 0-20"),
        maxCapacity: z.number().int().min(1).max(500),
        idleAutoterminationMinutes: z.number().int().min(1).max(60, "keeps idle instances over an hour. Fix: use 1-60"),
      })
      .optional(),
    /** The environment's serverless SQL warehouse (analysts' SQL, the audit alerts). */
    sqlWarehouse: sqlWarehouseSchema,
    /** Classic only (required there). */
    policies: z
      .strictObject({
        jobs: policyLimitsSchema,
        shared: policyLimitsSchema.extend({ autoterminationMinutes }),
        personal: policyLimitsSchema.extend({ autoterminationMinutes }),
      })
      .optional(),
    /**
     * Where each job runs. In a classic workspace each is "job-cluster" (default) or "serverless"; in a
     * serverless workspace all run serverless and "job-cluster" is refused.
     */
    jobs: z
      .strictObject({ ingestion: jobCompute.optional(), transformation: jobCompute.optional(), training: jobCompute.optional() })
      .prefault({}),
    /** Settings of the jobs that run serverless. */
    serverless: z
      .strictObject({
        /**
         * Jobs API performance_target: "STANDARD" (default here) starts in minutes and costs less, fine
         * for scheduled batch jobs; "PERFORMANCE_OPTIMIZED" (Databricks' own default) starts in seconds.
         */
        performanceTarget: z
          .enum(PERFORMANCE_TARGETS, { message: `must be one of ${PERFORMANCE_TARGETS.join(", ")}. Fix: choose one` })
          .default("STANDARD"),
      })
      .prefault({}),
  });
