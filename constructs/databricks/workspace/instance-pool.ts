import { InstancePool as InstancePoolResource } from "@cdktn/provider-databricks/lib/instance-pool";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import type { Cloud } from "../../../config/node-types";
import { ObjectPermissions } from "./object-permissions";
import type { Principal } from "./principal";

export interface InstancePoolProps {
  readonly name: string;
  readonly cloud: Cloud;
  readonly provider: TerraformProvider;
  readonly nodeType: string;
  readonly minIdleInstances: number;
  readonly maxCapacity: number;
  readonly idleAutoterminationMinutes: number;
  /** Runtimes to pre-load so clusters from the pool start in seconds. */
  readonly preloadedSparkVersions: string[];
  readonly tags: Record<string, string>;
}

/** Warm instances that job and interactive clusters draw from, so they start without waiting for EC2/VMs. */
export class InstancePool extends Construct {
  readonly pool: InstancePoolResource;
  readonly permissions: ObjectPermissions;

  constructor(scope: Construct, id: string, props: InstancePoolProps) {
    super(scope, id);
    this.pool = new InstancePoolResource(this, "pool", {
      provider: props.provider,
      instancePoolName: props.name,
      nodeTypeId: props.nodeType,
      minIdleInstances: props.minIdleInstances,
      maxCapacity: props.maxCapacity,
      idleInstanceAutoterminationMinutes: props.idleAutoterminationMinutes,
      preloadedSparkVersions: props.preloadedSparkVersions,
      enableElasticDisk: true,
      // Idle pool instances are kept on demand: a reclaimed spot instance would defeat the warm start.
      awsAttributes: props.cloud === "aws" ? { availability: "ON_DEMAND", zoneId: "auto" } : undefined,
      azureAttributes: props.cloud === "azure" ? { availability: "ON_DEMAND_AZURE" } : undefined,
      customTags: props.tags,
    });
    this.permissions = new ObjectPermissions(this, "access", {
      provider: props.provider,
      target: { instancePoolId: this.pool.id },
      levels: ["CAN_ATTACH_TO", "CAN_MANAGE"],
    });
  }

  get id(): string {
    return this.pool.id;
  }

  grantAttach(principal: Principal): void {
    this.permissions.grant(principal, "CAN_ATTACH_TO");
  }

  grantManage(principal: Principal): void {
    this.permissions.grant(principal, "CAN_MANAGE");
  }
}
