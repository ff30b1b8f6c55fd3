import {
  CLASSIC_FIELDS,
  type ComputeConfig,
  JOBS,
  jobComputeOf,
  prodServerlessOnAdoptedMetastore,
  usesServerlessJobs,
} from "../compute-mode";
import type { MetastoreChoice } from "../metastore";
import type { AddProblem } from "./problem";

/**
 * Takes an environment (its cloud, stage, compute, mounts, serverless egress and, on AWS, its network)
 * and reports what Databricks or the providers would refuse about its compute mode:
 * - "serverless" on Azure: azurerm 4.73's `azurerm_databricks_workspace` has no compute mode argument,
 *   so the blueprint cannot create a serverless workspace there (jobs may still run serverless);
 * - a classic workspace without its pool, policies, node types or shared cluster;
 * - in a serverless workspace: a customer-managed network (`databricks_mws_workspaces` with
 *   `compute_mode = "SERVERLESS"` takes no network, credentials or storage configuration: provider docs,
 *   databricks_mws_workspaces), instance pools, cluster policies, a shared cluster or allowed node types
 *   (serverless compute has no classic clusters: Databricks docs, "Serverless compute limitations"),
 *   a job on a job cluster, and DBFS mounts (not supported on serverless compute, same page);
 * - a JDBC source (jobs.jdbc) read by a serverless ingestion job: serverless compute reaches a private
 *   host only through a private endpoint rule of the network connectivity configuration, which the
 *   blueprint does not create (docs/compute-modes.md, "Serverless jobs and their libraries");
 * - in prod, serverless compute without the account network policy's restriction: serverless jobs
 *   and notebooks would reach the internet unrestricted (docs/serverless-egress.md);
 * - in prod, serverless compute on an adopted metastore, reported once at the metastore: the restriction
 *   needs the network connectivity configuration the blueprint's metastore stack creates, which only
 *   { mode: "create" } has, so no serverlessEgress setting could satisfy both rules.
 */
export function checkComputeMode(
  env: {
    cloud: "aws" | "azure";
    stage: string;
    compute: ComputeConfig;
    mounts: { enabled: boolean };
    security: { serverlessEgress: { enabled: boolean; dryRun: boolean } };
    unityCatalog: { metastore: MetastoreChoice };
    jobs: { jdbc?: { url: string } };
    aws?: { network?: unknown };
  },
  add: AddProblem,
): void {
  const { compute } = env;
  if (compute.mode === "serverless" && env.cloud === "azure") {
    add(
      ["compute", "mode"],
      'is "serverless", which the blueprint cannot build on Azure: azurerm 4.73\'s azurerm_databricks_workspace has no compute mode argument. Fix: use "classic" on Azure; its jobs can still run serverless with compute.jobs (e.g. { transformation: "serverless" })',
    );
    return;
  }
  if (compute.mode === "classic") {
    for (const field of CLASSIC_FIELDS) {
      if (compute[field] === undefined)
        add(
          ["compute", field],
          `is missing; a classic workspace builds its clusters from it. Fix: add compute.${field} (see config/examples/aws-dev.ts), or set compute.mode: "serverless" on AWS`,
        );
    }
  } else {
    const why: Record<(typeof CLASSIC_FIELDS)[number], string> = {
      pool: "instance pools are classic compute, which a serverless workspace does not have",
      policies:
        "cluster policies govern classic clusters; serverless compute takes no cluster policy (its cost is attributed by the serverless budget policy)",
      sharedCluster:
        "a shared cluster is classic compute, which a serverless workspace does not have; people use serverless notebooks and analysts the SQL warehouse",
      allowedNodeTypes: "node types are chosen by Databricks on serverless compute",
    };
    for (const field of CLASSIC_FIELDS) {
      if (compute[field] !== undefined)
        add(
          ["compute", field],
          `is set in a serverless workspace (compute.mode "serverless"); ${why[field]}. Fix: remove compute.${field}`,
        );
    }
    for (const job of JOBS) {
      if (compute.jobs[job] === "job-cluster")
        add(
          ["compute", "jobs", job],
          'is "job-cluster" in a serverless workspace, which has no classic compute to run a job cluster on. Fix: remove it (every job runs serverless there)',
        );
    }
    if (env.aws?.network !== undefined)
      add(
        ["aws", "network"],
        'is set for a serverless workspace; databricks_mws_workspaces with compute_mode "SERVERLESS" takes no network, credentials or storage configuration, so there is no VPC to build. Fix: remove aws.network, or use compute.mode "classic" for a customer-managed VPC',
      );
    if (env.mounts.enabled)
      add(
        ["mounts", "enabled"],
        "is true in a serverless workspace; DBFS mounts with instance profiles do not work on serverless compute (Databricks docs, Serverless compute limitations). Fix: set mounts.enabled: false and read through the catalog's volumes",
      );
  }
  if (env.jobs.jdbc !== undefined && jobComputeOf(compute, "ingestion") === "serverless") {
    const where =
      compute.mode === "serverless"
        ? "in a serverless workspace"
        : 'for an ingestion job on serverless compute (compute.jobs.ingestion "serverless")';
    const fix =
      compute.mode === "serverless"
        ? "remove jobs.jdbc (land the table as files in the landing volume instead), or use a classic workspace, whose job clusters reach the database through its VPC"
        : 'remove jobs.jdbc, or keep the ingestion job on a job cluster (compute.jobs.ingestion "job-cluster")';
    add(
      ["jobs", "jdbc", "url"],
      `is read ${where}; serverless compute reaches a private host only through a private endpoint rule of the network connectivity configuration, which the blueprint does not create, so the ingest_jdbc task could not connect. Fix: ${fix}`,
    );
  }
  if (env.stage === "prod" && usesServerlessJobs(compute)) {
    const egress = env.security.serverlessEgress;
    const where =
      compute.mode === "serverless" ? "a prod serverless workspace" : "a prod environment whose jobs run serverless (compute.jobs)";
    if (prodServerlessOnAdoptedMetastore(env)) {
      add(
        ["unityCatalog", "metastore", "mode"],
        `is "adopt" in ${where}; prod serverless compute must be restricted by the account network policy, whose network connectivity configuration the blueprint creates in its metastore stack, which only { mode: "create" } has. Fix: use unityCatalog.metastore: { mode: "create" } where the region has no metastore yet; where it has one, use compute.mode "classic" with every job on a job cluster (remove "serverless" from compute.jobs)`,
      );
      return;
    }
    if (!egress.enabled)
      add(
        ["security", "serverlessEgress", "enabled"],
        `is off in ${where}; without the account network policy's restriction, serverless jobs and notebooks reach any internet destination. Fix: remove enabled: false and its reason (the prod baseline turns it on), listing needed destinations in allowedDomains`,
      );
    else if (egress.dryRun)
      add(
        ["security", "serverlessEgress", "dryRun"],
        `is true in ${where}; a dry run logs denied destinations but lets them through. Fix: remove dryRun once the denial log shows no destination the jobs need`,
      );
  }
}
