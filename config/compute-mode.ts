// The environment's compute mode (classic or serverless) and where each of its jobs runs.
import type { z } from "zod";
import type { computeSchema } from "./schema/compute";

export type ComputeConfig = z.output<ReturnType<typeof computeSchema>>;
type ClassicField = "allowedNodeTypes" | "sharedCluster" | "pool" | "policies";
/** The compute of a classic workspace: the pool, the policies and the shared cluster are all there. */
export type ClassicCompute = ComputeConfig & { [K in ClassicField]-?: NonNullable<ComputeConfig[K]> };

/** The classic fields config requires in a classic workspace and refuses in a serverless one. */
export const CLASSIC_FIELDS: readonly ClassicField[] = ["allowedNodeTypes", "sharedCluster", "pool", "policies"];

/**
 * Takes an environment's compute; gives it typed as classic when the mode is "classic" and every
 * classic field is there (config/rules/compute-mode.ts reports the missing ones), undefined otherwise.
 */
export function classicCompute(compute: ComputeConfig): ClassicCompute | undefined {
  if (compute.mode !== "classic") return undefined;
  return CLASSIC_FIELDS.every((field) => compute[field] !== undefined) ? (compute as ClassicCompute) : undefined;
}

/** The jobs the blueprint builds, by their key in `compute.jobs`. */
export const JOBS = ["ingestion", "transformation", "training"] as const;
export type JobName = (typeof JOBS)[number];

/** Whether any of the environment's jobs runs on serverless compute (always, in a serverless workspace). */
export function usesServerlessJobs(compute: ComputeConfig): boolean {
  return JOBS.some((job) => jobComputeOf(compute, job) === "serverless");
}

/**
 * Whether config refuses the environment's metastore choice for its compute: a prod environment whose
 * jobs run serverless must restrict serverless egress, and the network connectivity configuration that
 * the restriction binds is created in the blueprint's metastore stack, which an adopted metastore does not have.
 */
export function prodServerlessOnAdoptedMetastore(env: {
  stage: string;
  compute: ComputeConfig;
  unityCatalog: { metastore: { mode: string } };
}): boolean {
  return env.stage === "prod" && env.unityCatalog.metastore.mode === "adopt" && usesServerlessJobs(env.compute);
}

/** Where a job runs: always serverless in a serverless workspace; in a classic one, as config says (job cluster by default). */
export function jobComputeOf(compute: ComputeConfig, job: JobName): "job-cluster" | "serverless" {
  return compute.mode === "serverless" ? "serverless" : (compute.jobs[job] ?? "job-cluster");
}
