import { SqlEndpoint } from "@cdktn/provider-databricks/lib/sql-endpoint";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { ObjectPermissions } from "./object-permissions";
import type { Principal } from "./principal";

export interface ServerlessSqlWarehouseProps {
  readonly provider: TerraformProvider;
  readonly name: string;
  /** SQL Warehouses API cluster_size: "2X-Small" ... "4X-Large". */
  readonly clusterSize: string;
  readonly minClusters: number;
  readonly maxClusters: number;
  /** Minutes idle before it stops (serverless restarts in seconds, so short is cheap). */
  readonly autoStopMinutes: number;
  /** Cost tags, copied onto the warehouse's usage records (system.billing.usage custom_tags). */
  readonly tags: Record<string, string>;
}

/**
 * A serverless SQL warehouse (PRO, Photon) for SQL users and the audit alerts: no cloud compute of
 * its own to manage, starts in seconds, scales between min and max clusters on queueing, stops when
 * idle. Databricks docs, "Serverless SQL warehouses"; resource `databricks_sql_endpoint`.
 * `grantUse` gives CAN_USE (run queries), `grantManage` CAN_MANAGE.
 */
export class ServerlessSqlWarehouse extends Construct {
  readonly warehouse: SqlEndpoint;
  readonly permissions: ObjectPermissions;

  constructor(scope: Construct, id: string, props: ServerlessSqlWarehouseProps) {
    super(scope, id);
    this.warehouse = new SqlEndpoint(this, "warehouse", {
      provider: props.provider,
      name: props.name,
      warehouseType: "PRO",
      enableServerlessCompute: true,
      enablePhoton: true,
      clusterSize: props.clusterSize,
      minNumClusters: props.minClusters,
      maxNumClusters: props.maxClusters,
      autoStopMins: props.autoStopMinutes,
      tags: { customTags: Object.entries(props.tags).map(([key, value]) => ({ key, value })) },
    });
    this.permissions = new ObjectPermissions(this, "access", {
      provider: props.provider,
      target: { sqlEndpointId: this.warehouse.id },
      levels: ["CAN_VIEW", "CAN_MONITOR", "CAN_USE", "CAN_MANAGE"],
    });
  }

  get id(): string {
    return this.warehouse.id;
  }

  grantUse(principal: Principal): void {
    this.permissions.grant(principal, "CAN_USE");
  }

  grantManage(principal: Principal): void {
    this.permissions.grant(principal, "CAN_MANAGE");
  }
}
