import { ClusterPolicy as ClusterPolicyResource } from "@cdktn/provider-databricks/lib/cluster-policy";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import type { Cloud } from "../../../config/node-types";
import { type CostTags, costTags } from "../../cost-tags";
import { ObjectPermissions } from "./object-permissions";
import type { Principal } from "./principal";

/** Who a policy is for: job clusters, shared Standard-mode clusters, or one person's Dedicated cluster. */
export type Persona = "jobs" | "shared" | "personal";

export interface ClusterPolicyProps {
  readonly persona: Persona;
  readonly environment: string;
  readonly cloud: Cloud;
  readonly provider: TerraformProvider;
  readonly maxWorkers: number;
  readonly maxDbuPerHour: number;
  /** Fixed for interactive personas; job clusters end with their run. */
  readonly autoterminationMinutes?: number;
  readonly sparkVersions: string[];
  readonly nodeTypes: string[];
  readonly tags: CostTags;
  /** Job clusters may draw nodes from this pool for faster starts. */
  readonly instancePoolId?: string;
}

type Rule = Record<string, unknown>;
const fixed = (value: unknown, hidden = false): Rule => ({ type: "fixed", value, ...(hidden ? { hidden: true } : {}) });
const allowlist = (values: unknown[], defaultValue?: unknown, isOptional = false): Rule => ({
  type: "allowlist",
  values,
  ...(defaultValue === undefined ? {} : { defaultValue }),
  ...(isOptional ? { isOptional: true } : {}),
});
const range = (maxValue: number, defaultValue?: number, minValue?: number, isOptional = false): Rule => ({
  type: "range",
  maxValue,
  ...(minValue === undefined ? {} : { minValue }),
  ...(defaultValue === undefined ? {} : { defaultValue }),
  ...(isOptional ? { isOptional: true } : {}),
});

// Standard (formerly "shared") isolates users from each other; Dedicated binds a cluster to one user.
const ACCESS_MODE: Record<Persona, Rule> = {
  jobs: allowlist(["SINGLE_USER", "USER_ISOLATION"], "SINGLE_USER"),
  shared: fixed("USER_ISOLATION"),
  personal: fixed("SINGLE_USER"),
};

/** The policy definition as Databricks' policy language expresses it. */
export function policyDefinition(props: Omit<ClusterPolicyProps, "provider">): Record<string, Rule> {
  // Pool clusters take node types and cloud availability from the pool, and the API refuses them
  // on a pool cluster; so where a pool is allowed, the policy bounds these values but injects none
  // (clusters without the pool, e.g. ML, set them explicitly).
  const pooled = props.instancePoolId !== undefined;
  const unlessPooled = <T>(value: T): T | undefined => (pooled ? undefined : value);
  const definition: Record<string, Rule> = {
    cluster_type: fixed(props.persona === "jobs" ? "job" : "all-purpose"),
    data_security_mode: ACCESS_MODE[props.persona],
    spark_version: allowlist(props.sparkVersions, props.sparkVersions[0]),
    node_type_id: allowlist(props.nodeTypes, unlessPooled(props.nodeTypes[0]), pooled),
    driver_node_type_id: allowlist(props.nodeTypes, unlessPooled(props.nodeTypes[0]), true),
    runtime_engine: allowlist(["PHOTON", "STANDARD"], "PHOTON"),
    dbus_per_hour: range(props.maxDbuPerHour),
    "autoscale.max_workers": range(props.maxWorkers, Math.min(props.maxWorkers, 4)),
    "autoscale.min_workers": range(props.maxWorkers, 1, 1),
    num_workers: range(props.maxWorkers, 1, 0),
    enable_local_disk_encryption: fixed(true),
    ...Object.fromEntries(
      Object.entries(costTags(props.tags, props.environment)).map(([key, value]) => [`custom_tags.${key}`, fixed(value)]),
    ),
  };
  if (props.autoterminationMinutes !== undefined && props.persona !== "jobs") {
    definition.autotermination_minutes = fixed(props.autoterminationMinutes);
  }
  if (props.instancePoolId !== undefined) {
    definition.instance_pool_id = allowlist([props.instancePoolId], undefined, true);
  }
  if (props.cloud === "aws") {
    definition["aws_attributes.availability"] = allowlist(["SPOT_WITH_FALLBACK", "ON_DEMAND"], unlessPooled("SPOT_WITH_FALLBACK"), pooled);
    // The driver stays on demand so losing spot capacity never kills a run.
    definition["aws_attributes.first_on_demand"] = range(100, unlessPooled(1), 1, pooled);
    definition["aws_attributes.instance_profile_arn"] = { type: "unlimited", isOptional: true };
  } else {
    definition["azure_attributes.availability"] = allowlist(
      ["SPOT_WITH_FALLBACK_AZURE", "ON_DEMAND_AZURE"],
      unlessPooled("SPOT_WITH_FALLBACK_AZURE"),
      pooled,
    );
    definition["azure_attributes.first_on_demand"] = range(100, unlessPooled(1), 1, pooled);
  }
  return definition;
}

/**
 * A cluster policy for one persona: pinned runtimes and node types, capped workers and DBU per
 * hour, fixed autotermination, encrypted local disks and forced cost tags.
 */
export class ClusterPolicy extends Construct {
  readonly policy: ClusterPolicyResource;
  readonly persona: Persona;
  readonly permissions: ObjectPermissions;

  constructor(scope: Construct, id: string, props: ClusterPolicyProps) {
    super(scope, id);
    this.persona = props.persona;
    this.policy = new ClusterPolicyResource(this, "policy", {
      provider: props.provider,
      name: `${props.environment}-${props.persona}`,
      description: `Clusters for the ${props.persona} persona in ${props.environment}`,
      definition: JSON.stringify(policyDefinition(props)),
      maxClustersPerUser: props.persona === "personal" ? 1 : undefined,
    });
    this.permissions = new ObjectPermissions(this, "access", {
      provider: props.provider,
      target: { clusterPolicyId: this.policy.id },
      levels: ["CAN_USE"],
    });
  }

  get id(): string {
    return this.policy.id;
  }

  /** Lets `principal` create clusters under this policy (CAN_USE, the only level policies have). */
  grantUse(principal: Principal): void {
    this.permissions.grant(principal, "CAN_USE");
  }
}
