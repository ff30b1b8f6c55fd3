import type { Finding, GuardrailRule, StackView, SynthesizedBlock } from "../model";

// Access modes that isolate users from each other (Standard) or bind compute to one identity (Dedicated).
const ISOLATED_MODES = [
  "USER_ISOLATION",
  "SINGLE_USER",
  "DATA_SECURITY_MODE_STANDARD",
  "DATA_SECURITY_MODE_DEDICATED",
  "DATA_SECURITY_MODE_AUTO",
];

interface ClusterSpec {
  readonly owner: SynthesizedBlock;
  readonly where: string;
  readonly spec: Record<string, any>;
  readonly interactive: boolean;
}

/** Every cluster definition in the stack: all-purpose clusters and the job clusters of jobs. */
function clusterSpecs(view: StackView): ClusterSpec[] {
  const specs: ClusterSpec[] = view
    .resources("databricks_cluster")
    .map((owner) => ({ owner, where: "cluster", spec: owner.attrs, interactive: true }));
  for (const job of view.resources("databricks_job")) {
    for (const [i, jobCluster] of (job.attrs.job_cluster ?? []).entries()) {
      if (jobCluster.new_cluster)
        specs.push({
          owner: job,
          where: `job_cluster[${i}] "${jobCluster.job_cluster_key}"`,
          spec: jobCluster.new_cluster,
          interactive: false,
        });
    }
    for (const [i, task] of (job.attrs.task ?? []).entries()) {
      if (task.new_cluster)
        specs.push({ owner: job, where: `task[${i}] "${task.task_key}".new_cluster`, spec: task.new_cluster, interactive: false });
    }
  }
  return specs;
}

export const clusterPolicyRequired: GuardrailRule = {
  id: "LH-COMPUTE-POLICY",
  summary: "every cluster and job cluster is created under a cluster policy",
  check: (view) =>
    clusterSpecs(view)
      .filter((c) => !c.spec.policy_id)
      .map(
        (c): Finding => ({
          path: c.owner.path,
          message: `${c.where} has no policy_id, so nothing caps its size, cost or access mode. Fix: create it from a ClusterPolicy (policy: somePolicy)`,
        }),
      ),
};

export const autoterminationRequired: GuardrailRule = {
  id: "LH-COMPUTE-AUTOTERMINATION",
  summary: "every all-purpose cluster stops itself when idle",
  check: (view) =>
    clusterSpecs(view)
      .filter((c) => c.interactive && !(Number(c.spec.autotermination_minutes) > 0))
      .map((c) => ({
        path: c.owner.path,
        message: `${c.where} has autotermination_minutes ${JSON.stringify(c.spec.autotermination_minutes ?? null)}; an idle cluster would run until someone stops it. Fix: set autoterminationMinutes between 10 and 120`,
      })),
};

export const isolatedAccessMode: GuardrailRule = {
  id: "LH-COMPUTE-ISOLATION",
  summary: "clusters run in Standard (user isolation) or Dedicated (single user) access mode",
  check: (view) =>
    clusterSpecs(view)
      .filter((c) => !ISOLATED_MODES.includes(c.spec.data_security_mode))
      .map((c) => ({
        path: c.owner.path,
        message: `${c.where} has data_security_mode ${JSON.stringify(c.spec.data_security_mode ?? null)}, which shares credentials between users and bypasses Unity Catalog. Fix: use "USER_ISOLATION" (Standard) or "SINGLE_USER" (Dedicated)`,
      })),
};
