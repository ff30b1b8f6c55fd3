import { parseAddressOrCidr, privateRangeOf } from "../cidr";
import { type ClassicCompute, classicCompute } from "../compute-mode";
import type { Cloud } from "../node-types";
import type { CommonEnvironment } from "../types";
import type { AddProblem } from "./problem";

// Rules within one environment that relate several fields (a single field's format is in the schema).

/**
 * Rules that hold on every cloud: prod without developers' Git folders and without DBFS mounts
 * (deletion protection is part of the prod baseline, ../prod-baseline); cluster sizes that Databricks
 * autoscaling and the persona policies accept (Clusters API: autoscale.max_workers "must be strictly
 * greater than min_workers"); node types the policies allow; a pool that fits one job cluster and
 * keeps no more instances idle than that cluster takes.
 */
export function checkCommon(env: CommonEnvironment, add: AddProblem): void {
  if (env.stage === "prod" && env.repository.developers.length > 0) {
    add(
      ["repository", "developers"],
      "lists developers in a prod environment; people develop in dev and reach prod through pull requests. Fix: move them to the dev environment's config",
    );
  }
  if (env.stage === "prod" && env.mounts.enabled) {
    add(
      ["mounts", "enabled"],
      "is true in a prod environment; DBFS mounts are deprecated and bypass Unity Catalog's permissions and lineage, so prod keeps them off (docs/storage-access.md). Fix: set mounts.enabled: false and read through the catalog's volumes",
    );
  }
  // Cluster rules hold in a classic workspace; ./compute-mode reports the fields a mode lacks or refuses.
  const classic = classicCompute(env.compute);
  if (classic) checkClassicCompute(classic, add);
  checkSecurityProfile(env.security, add);
  const warehouse = env.compute.sqlWarehouse;
  if (warehouse.minClusters > warehouse.maxClusters) {
    add(
      ["compute", "sqlWarehouse", "minClusters"],
      `(${warehouse.minClusters}) is above maxClusters (${warehouse.maxClusters}). Fix: make minClusters <= maxClusters`,
    );
  }
  const thresholds = env.costs.alertAtPercent;
  if (thresholds.some((value, i) => i > 0 && value <= thresholds[i - 1])) {
    add(
      ["costs", "alertAtPercent"],
      "is not strictly ascending; each threshold mails once, so a repeated or out-of-order one is a mistake. Fix: list distinct percentages in ascending order, e.g. [50, 80, 100]",
    );
  }
}

/** Cross-field rules of a classic workspace's clusters: sizes autoscaling accepts, node types the policies allow, a pool that fits. */
function checkClassicCompute(compute: ClassicCompute, add: AddProblem): void {
  checkWorkers(compute, add);
  for (const [field, value] of [
    ["sharedCluster", compute.sharedCluster.nodeType],
    ["pool", compute.pool.nodeType],
  ] as const) {
    if (!compute.allowedNodeTypes.includes(value)) {
      add(
        ["compute", field, "nodeType"],
        `"${value}" is not in compute.allowedNodeTypes, so the policy would reject it. Fix: add it to allowedNodeTypes or pick one listed there`,
      );
    }
  }
  checkPool(compute, add);
}

/**
 * The instance pool serves the jobs policy's clusters, workers and driver alike (a job cluster names
 * only instance_pool_id, so its driver comes from the pool too: Clusters API, driver_instance_pool_id).
 * A pool smaller than one job cluster at the policy's maximum cannot start that cluster; idle instances
 * beyond what one such cluster takes wait, billed by the cloud, for clusters that may never come.
 */
function checkPool(compute: ClassicCompute, add: AddProblem): void {
  const { pool } = compute;
  const oneCluster = compute.policies.jobs.maxWorkers + 1;
  if (pool.minIdleInstances > pool.maxCapacity) {
    add(
      ["compute", "pool", "minIdleInstances"],
      `(${pool.minIdleInstances}) is above maxCapacity (${pool.maxCapacity}). Fix: make minIdleInstances <= maxCapacity`,
    );
  } else if (pool.minIdleInstances > oneCluster) {
    add(
      ["compute", "pool", "minIdleInstances"],
      `(${pool.minIdleInstances}) keeps more instances idle than a job cluster at the jobs policy's maximum takes (${compute.policies.jobs.maxWorkers} workers and a driver: ${oneCluster}); only the jobs policy's clusters draw from the pool, so the rest wait idle, billed by the cloud. Fix: lower minIdleInstances to ${oneCluster} or fewer`,
    );
  }
  if (pool.maxCapacity < oneCluster) {
    add(
      ["compute", "pool", "maxCapacity"],
      `(${pool.maxCapacity}) is smaller than one job cluster at the jobs policy's maximum (${compute.policies.jobs.maxWorkers} workers and a driver: ${oneCluster} instances, all from this pool); such a cluster could not get its nodes and would fail to start. Fix: raise maxCapacity to ${oneCluster} or more, or lower compute.policies.jobs.maxWorkers`,
    );
  }
}

function checkWorkers(compute: ClassicCompute, add: AddProblem): void {
  // Every policy bounds autoscale.min_workers to at least 1 (constructs/databricks/workspace/cluster-policy.ts),
  // and jobs autoscale from 1 worker to min(4, the cap) (stacks/workspace-config-stack.ts).
  const jobs = compute.policies.jobs.maxWorkers;
  if (jobs < 2) {
    add(
      ["compute", "policies", "jobs", "maxWorkers"],
      `(${jobs}) gives job clusters min 1 and max ${jobs} workers; Databricks autoscaling needs max_workers above min_workers. Fix: use 2 or more`,
    );
  }
  for (const persona of ["shared", "personal"] as const) {
    const cap = compute.policies[persona].maxWorkers;
    if (cap < 1)
      add(
        ["compute", "policies", persona, "maxWorkers"],
        `(${cap}) caps clusters below the policy's own minimum of 1 worker (autoscale.min_workers), so no cluster could start under it. Fix: use 1 or more`,
      );
  }
  const shared = compute.sharedCluster;
  if (shared.minWorkers < 1) {
    add(
      ["compute", "sharedCluster", "minWorkers"],
      `(${shared.minWorkers}) is below the shared policy's minimum of 1 worker (autoscale.min_workers). Fix: use 1 or more`,
    );
  }
  if (shared.minWorkers > shared.maxWorkers) {
    add(
      ["compute", "sharedCluster", "minWorkers"],
      `(${shared.minWorkers}) is above maxWorkers (${shared.maxWorkers}). Fix: make minWorkers <= maxWorkers - 1 (autoscaling needs max_workers above min_workers)`,
    );
  } else if (shared.minWorkers === shared.maxWorkers) {
    add(
      ["compute", "sharedCluster", "maxWorkers"],
      `(${shared.maxWorkers}) equals minWorkers; Databricks autoscaling needs max_workers above min_workers. Fix: raise maxWorkers or lower minWorkers`,
    );
  }
  if (shared.maxWorkers > compute.policies.shared.maxWorkers) {
    add(
      ["compute", "sharedCluster", "maxWorkers"],
      `(${shared.maxWorkers}) exceeds the shared policy's cap (${compute.policies.shared.maxWorkers}). Fix: lower it or raise compute.policies.shared.maxWorkers`,
    );
  }
  if (shared.autoterminationMinutes !== compute.policies.shared.autoterminationMinutes) {
    add(
      ["compute", "sharedCluster", "autoterminationMinutes"],
      `(${shared.autoterminationMinutes}) differs from the value the shared policy fixes (${compute.policies.shared.autoterminationMinutes}). Fix: use the same number in both`,
    );
  }
}

/**
 * Mounts: on Azure a mount reads through a service principal whose client secret is in this
 * environment's secret scope; its object id (granted on the container) is not its application id.
 */
export function checkMounts(env: Pick<CommonEnvironment, "mounts" | "secrets" | "name">, cloud: Cloud, add: AddProblem): void {
  const { mounts } = env;
  if (mounts.servicePrincipalObjectId !== undefined && mounts.servicePrincipalObjectId === mounts.servicePrincipalClientId) {
    add(
      ["mounts", "servicePrincipalObjectId"],
      "equals servicePrincipalClientId: that is the application (client) id, and the role assignment needs the service principal's object id. Fix: az ad sp show --id <client id> --query id -o tsv",
    );
  }
  if (!mounts.enabled || cloud !== "azure") return;
  const scope = env.secrets.scope ?? `${env.name}-pipelines`;
  if (!mounts.secretScope)
    add(
      ["mounts", "secretScope"],
      `is missing; the mount's client secret must come from a secret scope. Fix: set it to "${scope}" (the environment's scope)`,
    );
  else if (mounts.secretScope !== scope)
    add(["mounts", "secretScope"], `"${mounts.secretScope}" is not a scope this environment creates. Fix: use "${scope}"`);
  if (!mounts.servicePrincipalClientId)
    add(
      ["mounts", "servicePrincipalClientId"],
      "is missing; an ADLS mount authenticates as a service principal. Fix: set the application (client) id",
    );
  if (!mounts.servicePrincipalObjectId)
    add(
      ["mounts", "servicePrincipalObjectId"],
      "is missing; the mount's service principal must be granted read access to the landing container. Fix: set its object id (az ad sp show --id <client id> --query id -o tsv)",
    );
}

/**
 * Azure: both lists also feed the Key Vault and storage account firewalls, whose IP rules refuse /31
 * and /32 ranges (write the address alone) and private RFC 1918 ranges (Azure Storage, "Configure
 * Azure Storage firewalls and virtual networks": IP network rules).
 */
export function checkAzureFirewallRanges(security: CommonEnvironment["security"], add: AddProblem): void {
  for (const field of ["ipAccessList", "deployerIpRanges"] as const) {
    security[field].forEach((range, i) => {
      const block = parseAddressOrCidr(range);
      if (!block) return;
      if (range.includes("/") && block.prefix >= 31) {
        add(
          ["security", field, i],
          `is a /${block.prefix} range, which the Azure storage firewall refuses. Fix: write the address${block.prefix === 31 ? "es" : ""} alone, e.g. "${range.split("/")[0]}"`,
        );
      }
      const privateRange = privateRangeOf(block);
      if (privateRange) {
        add(
          ["security", field, i],
          `lies in the private range ${privateRange}; the Azure storage firewall admits only public addresses (VNet traffic comes in through the workspace subnets). Fix: list the public egress address of that network`,
        );
      }
    });
  }
}

/**
 * The compliance security profile forces enhanced security monitoring and automatic cluster update on
 * (Databricks docs, "Compliance security profile"); config says so too, so that what it shows is what
 * the workspace does, and the update has a maintenance window the team chose.
 */
function checkSecurityProfile(security: CommonEnvironment["security"], add: AddProblem): void {
  if (!security.complianceSecurityProfile) {
    if (security.complianceStandards.length > 0) {
      add(
        ["security", "complianceStandards"],
        "lists standards while complianceSecurityProfile is false; the standards only apply through the profile. Fix: set complianceSecurityProfile: true, or remove the standards",
      );
    }
    return;
  }
  if (!security.enhancedSecurityMonitoring) {
    add(
      ["security", "enhancedSecurityMonitoring"],
      "is false while complianceSecurityProfile is true; the profile turns monitoring on regardless. Fix: set enhancedSecurityMonitoring: true",
    );
  }
  if (security.automaticClusterUpdate === undefined) {
    add(
      ["security", "automaticClusterUpdate"],
      'is unset while complianceSecurityProfile is true; the profile turns automatic cluster update on, and clusters then restart in a window you should choose. Fix: e.g. automaticClusterUpdate: { dayOfWeek: "SUNDAY", startHour: 2 }',
    );
  }
}
