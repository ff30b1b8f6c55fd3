import { Cluster } from "@cdktn/provider-databricks/lib/cluster";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import type { Cloud } from "../../../config/node-types";
import type { ClusterPolicy } from "./cluster-policy";
import { ObjectPermissions } from "./object-permissions";
import type { Principal } from "./principal";

export interface AutoscalingClusterProps {
  readonly name: string;
  readonly cloud: Cloud;
  readonly provider: TerraformProvider;
  /** Every cluster is created under a policy; the policy's persona decides the access mode. */
  readonly policy: ClusterPolicy;
  readonly sparkVersion: string;
  readonly nodeType: string;
  readonly workers: { readonly min: number; readonly max: number };
  readonly autoterminationMinutes: number;
  readonly photon?: boolean;
  /** Max spot price as a percentage of on-demand (AWS). */
  readonly spotBidPricePercent?: number;
  readonly tags: Record<string, string>;
}

// Settings that pay off on almost every Delta workload: adaptive execution (coalescing shuffle
// partitions, skew joins), optimized writes and auto compaction against small files, disk cache.
export const PERFORMANCE_SPARK_CONF: Record<string, string> = {
  "spark.sql.adaptive.enabled": "true",
  "spark.sql.adaptive.coalescePartitions.enabled": "true",
  "spark.sql.adaptive.skewJoin.enabled": "true",
  "spark.databricks.delta.optimizeWrite.enabled": "true",
  "spark.databricks.delta.autoCompact.enabled": "true",
  "spark.databricks.io.cache.enabled": "true",
};

const ACCESS_MODE = { jobs: "SINGLE_USER", shared: "USER_ISOLATION", personal: "SINGLE_USER" } as const;

/** An all-purpose cluster that scales between a floor and a ceiling and stops when idle. */
export class AutoscalingCluster extends Construct {
  readonly cluster: Cluster;
  readonly permissions: ObjectPermissions;

  constructor(scope: Construct, id: string, props: AutoscalingClusterProps) {
    super(scope, id);
    this.cluster = new Cluster(this, "cluster", {
      provider: props.provider,
      clusterName: props.name,
      policyId: props.policy.id,
      applyPolicyDefaultValues: true,
      sparkVersion: props.sparkVersion,
      nodeTypeId: props.nodeType,
      autoscale: { minWorkers: props.workers.min, maxWorkers: props.workers.max },
      autoterminationMinutes: props.autoterminationMinutes,
      dataSecurityMode: ACCESS_MODE[props.policy.persona],
      runtimeEngine: props.photon === false ? "STANDARD" : "PHOTON",
      enableLocalDiskEncryption: true,
      sparkConf: PERFORMANCE_SPARK_CONF,
      awsAttributes:
        props.cloud === "aws"
          ? { availability: "SPOT_WITH_FALLBACK", firstOnDemand: 1, zoneId: "auto", spotBidPricePercent: props.spotBidPricePercent ?? 100 }
          : undefined,
      azureAttributes:
        props.cloud === "azure" ? { availability: "SPOT_WITH_FALLBACK_AZURE", firstOnDemand: 1, spotBidMaxPrice: -1 } : undefined,
      customTags: props.tags,
    });
    this.permissions = new ObjectPermissions(this, "access", {
      provider: props.provider,
      target: { clusterId: this.cluster.id },
      levels: ["CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE"],
    });
  }

  get id(): string {
    return this.cluster.id;
  }

  /** Run notebooks and queries on the cluster. */
  grantAttach(principal: Principal): void {
    this.permissions.grant(principal, "CAN_ATTACH_TO");
  }

  /** Attach, and start or restart the cluster when it has stopped. */
  grantRestart(principal: Principal): void {
    this.permissions.grant(principal, "CAN_RESTART");
  }

  grantManage(principal: Principal): void {
    this.permissions.grant(principal, "CAN_MANAGE");
  }
}
