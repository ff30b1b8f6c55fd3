import { Cluster } from "@cdktn/provider-databricks/lib/cluster";
import { InstancePool as InstancePoolResource } from "@cdktn/provider-databricks/lib/instance-pool";
import type { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { AutoscalingCluster, PERFORMANCE_SPARK_CONF } from "../../constructs/databricks/workspace/autoscaling-cluster";
import { ClusterPolicy, type ClusterPolicyProps, policyDefinition } from "../../constructs/databricks/workspace/cluster-policy";
import { InstancePool } from "../../constructs/databricks/workspace/instance-pool";
import { group } from "../../constructs/databricks/workspace/principal";
import { resourcesOf, synthWorkspaceScope } from "../helpers";

const engineers = group("data-engineers");
const analysts = group("analysts");

function policyProps(provider: DatabricksProvider, overrides: Partial<ClusterPolicyProps> = {}): ClusterPolicyProps {
  return {
    persona: "shared",
    environment: "dev",
    cloud: "aws",
    provider,
    maxWorkers: 4,
    maxDbuPerHour: 10,
    autoterminationMinutes: 20,
    sparkVersions: ["16.4.x-scala2.12"],
    nodeTypes: ["m5d.xlarge"],
    tags: { owner: "team", costCenter: "cc-1" },
    ...overrides,
  };
}

// How Databricks applies a policy to a cluster request (Compute policy reference: fixed, allowlist,
// range and unlimited rules on flattened attribute paths). A request is a map of such paths to values.
type Rule = { type: string; value?: unknown; values?: unknown[]; minValue?: number; maxValue?: number; defaultValue?: unknown };
type Request = Record<string, unknown>;
const definitionOf = (overrides: Partial<ClusterPolicyProps> = {}) =>
  policyDefinition(policyProps({} as DatabricksProvider, overrides)) as Record<string, Rule>;

/** The attributes of `request` the policy refuses. */
function refusals(definition: Record<string, Rule>, request: Request): string[] {
  return Object.entries(request)
    .filter(([path, value]) => {
      const rule = definition[path];
      if (rule === undefined || rule.type === "unlimited") return false;
      if (rule.type === "fixed") return value !== rule.value;
      if (rule.type === "allowlist") return !(rule.values ?? []).includes(value);
      if (rule.type === "range")
        return typeof value !== "number" || value < (rule.minValue ?? -Infinity) || value > (rule.maxValue ?? Infinity);
      return true;
    })
    .map(([path]) => path);
}

/** What a request that sets nothing gets from the policy (fixed values and defaults, apply_policy_default_values). */
const defaultsOf = (definition: Record<string, Rule>): Request =>
  Object.fromEntries(
    Object.entries(definition).flatMap(([path, rule]) => {
      if (rule.type === "fixed") return [[path, rule.value]];
      return rule.defaultValue === undefined ? [] : [[path, rule.defaultValue]];
    }),
  );

describe("ClusterPolicy", () => {
  const shared = definitionOf();

  it("admits a shared cluster within the caps", () => {
    const withinCaps = {
      "autoscale.min_workers": 1,
      "autoscale.max_workers": 4,
      num_workers: 4,
      dbus_per_hour: 10,
      node_type_id: "m5d.xlarge",
      spark_version: "16.4.x-scala2.12",
      data_security_mode: "USER_ISOLATION",
      autotermination_minutes: 20,
    };
    expect(refusals(shared, withinCaps)).toEqual([]);
  });

  it.each<[string, unknown]>([
    ["autoscale.max_workers", 5],
    ["num_workers", 5],
    ["dbus_per_hour", 11],
    ["node_type_id", "r6id.xlarge"],
    ["spark_version", "15.4.x-scala2.12"],
    ["data_security_mode", "NONE"],
    ["cluster_type", "job"],
    ["autotermination_minutes", 0],
    ["enable_local_disk_encryption", false],
    ["custom_tags.CostCenter", "someone-else"],
    ["aws_attributes.availability", "SPOT"],
  ])("refuses a shared cluster asking for %s = %p", (path, value) => {
    expect(refusals(shared, { [path]: value })).toEqual([path]);
  });

  it("gives a cluster that sets nothing Standard access mode, encrypted disks, its idle timer, the cost tags and an on-demand driver", () => {
    expect(defaultsOf(shared)).toMatchObject({
      data_security_mode: "USER_ISOLATION",
      enable_local_disk_encryption: true,
      autotermination_minutes: 20,
      "custom_tags.CostCenter": "cc-1",
      "custom_tags.Environment": "dev",
      "aws_attributes.availability": "SPOT_WITH_FALLBACK",
      "aws_attributes.first_on_demand": 1,
      node_type_id: "m5d.xlarge",
    });
  });

  it("keeps a personal cluster to one user and a job cluster to job compute, without an idle timer", () => {
    expect(refusals(definitionOf({ persona: "personal" }), { data_security_mode: "USER_ISOLATION" })).toEqual(["data_security_mode"]);
    const jobs = definitionOf({ persona: "jobs" });
    expect(refusals(jobs, { cluster_type: "all-purpose", data_security_mode: "SINGLE_USER", autotermination_minutes: 0 })).toEqual([
      "cluster_type",
    ]);
    expect(defaultsOf(jobs)).not.toHaveProperty("autotermination_minutes");
  });

  it("lets job clusters use only the given pool, and injects nothing the API refuses on a pool cluster", () => {
    const pooled = definitionOf({ persona: "jobs", instancePoolId: "pool-1" });
    expect(refusals(pooled, { instance_pool_id: "pool-1" })).toEqual([]);
    expect(refusals(pooled, { instance_pool_id: "another-pool" })).toEqual(["instance_pool_id"]);
    // A pool cluster takes node types and availability from the pool: the policy bounds them but sets none.
    expect(Object.keys(defaultsOf(pooled)).filter((path) => path.includes("node_type_id") || path.startsWith("aws_attributes."))).toEqual(
      [],
    );
    expect(defaultsOf(definitionOf({ persona: "jobs" }))).toMatchObject({
      node_type_id: "m5d.xlarge",
      "aws_attributes.availability": "SPOT_WITH_FALLBACK",
    });
  });

  it("uses Azure's availability values on Azure", () => {
    const azure = definitionOf({ cloud: "azure" });
    expect(defaultsOf(azure)).toMatchObject({ "azure_attributes.availability": "SPOT_WITH_FALLBACK_AZURE" });
    expect(refusals(azure, { "azure_attributes.availability": "SPOT_WITH_FALLBACK" })).toEqual(["azure_attributes.availability"]);
    expect(Object.keys(azure).filter((path) => path.startsWith("aws_attributes."))).toEqual([]);
  });

  it("synthesizes the definition as JSON and grants CAN_USE through grantUse", () => {
    const out = synthWorkspaceScope((scope, provider) => {
      const policy = new ClusterPolicy(scope, "personal", policyProps(provider, { persona: "personal" }));
      policy.grantUse(engineers);
    });
    const [resource] = resourcesOf(out, "databricks_cluster_policy");
    expect(resource.name).toBe("dev-personal");
    expect(resource.max_clusters_per_user).toBe(1);
    expect(JSON.parse(resource.definition)).toEqual(policyDefinition(policyProps({} as DatabricksProvider, { persona: "personal" })));
    const [permissions] = resourcesOf(out, "databricks_permissions");
    expect(permissions.cluster_policy_id).toMatch(/^\$\{databricks_cluster_policy\.personal_policy_[0-9A-F]+\.id\}$/);
    expect(permissions.access_control).toEqual([{ group_name: "data-engineers", permission_level: "CAN_USE" }]);
  });
});

describe("InstancePool", () => {
  it("pre-loads the runtime, keeps idle nodes on demand and limits idle time", () => {
    const out = synthWorkspaceScope((scope, provider) => {
      const pool = new InstancePool(scope, "pool", {
        name: "dev-general",
        cloud: "aws",
        provider,
        nodeType: "m5d.large",
        minIdleInstances: 1,
        maxCapacity: 10,
        idleAutoterminationMinutes: 10,
        preloadedSparkVersions: ["16.4.x-scala2.12"],
        tags: { Owner: "team" },
      });
      pool.grantAttach(engineers);
    });
    expect(out).toHaveResourceWithProperties(InstancePoolResource, {
      node_type_id: "m5d.large",
      min_idle_instances: 1,
      max_capacity: 10,
      idle_instance_autotermination_minutes: 10,
      preloaded_spark_versions: ["16.4.x-scala2.12"],
      aws_attributes: { availability: "ON_DEMAND", zone_id: "auto" },
    });
    expect(resourcesOf(out, "databricks_permissions")[0].access_control).toEqual([
      { group_name: "data-engineers", permission_level: "CAN_ATTACH_TO" },
    ]);
  });
});

describe("AutoscalingCluster", () => {
  it("autoscales under its policy with spot fallback, Photon, an LTS runtime and performance settings", () => {
    const out = synthWorkspaceScope((scope, provider) => {
      const policy = new ClusterPolicy(scope, "shared-policy", policyProps(provider));
      const cluster = new AutoscalingCluster(scope, "shared", {
        name: "dev-shared",
        cloud: "aws",
        provider,
        policy,
        sparkVersion: "16.4.x-scala2.12",
        nodeType: "m5d.xlarge",
        workers: { min: 1, max: 4 },
        autoterminationMinutes: 20,
        tags: { Owner: "team" },
      });
      cluster.grantAttach(analysts);
      cluster.grantRestart(engineers);
    });
    expect(out).toHaveResourceWithProperties(Cluster, {
      autoscale: { min_workers: 1, max_workers: 4 },
      autotermination_minutes: 20,
      data_security_mode: "USER_ISOLATION",
      runtime_engine: "PHOTON",
      spark_version: "16.4.x-scala2.12",
      apply_policy_default_values: true,
      aws_attributes: { availability: "SPOT_WITH_FALLBACK", first_on_demand: 1, zone_id: "auto", spot_bid_price_percent: 100 },
      spark_conf: PERFORMANCE_SPARK_CONF,
    });
    const [cluster] = resourcesOf(out, "databricks_cluster");
    expect(cluster.policy_id).toMatch(/^\$\{databricks_cluster_policy\.shared-policy_[0-9A-F]+\.id\}$/);
    const clusterPermissions = resourcesOf(out, "databricks_permissions").find((p) => p.cluster_id);
    expect(clusterPermissions?.access_control).toEqual([
      { group_name: "analysts", permission_level: "CAN_ATTACH_TO" },
      { group_name: "data-engineers", permission_level: "CAN_RESTART" },
    ]);
  });
});
