import { Group } from "@cdktn/provider-databricks/lib/group";
import { Metastore } from "@cdktn/provider-databricks/lib/metastore";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktn";
import type { Construct } from "constructs";
import type { Cloud } from "../config/node-types";
import type { StateConfig } from "../config/schema";
import { NetworkConnectivityConfig } from "../constructs/databricks/account/network-connectivity-config";
import { ACCOUNTS_HOST } from "./databricks-accounts";
import type { MetastoreRef } from "./metastore-ref";
import { useStateBackend } from "./state-backend";

export interface MetastoreStackProps {
  readonly cloud: Cloud;
  readonly region: string;
  readonly databricksAccountId: string;
  /**
   * State backend: that of the region's prod environment among ALL configured environments sharing
   * the metastore (else the first of them), never of the selection; see blueprint.ts.
   */
  readonly state?: StateConfig;
  /**
   * Creates the region's network connectivity configuration for serverless egress: true when ANY
   * configured environment sharing the stack enables security.serverlessEgress (blueprint.ts).
   */
  readonly networkConnectivity?: boolean;
}

/**
 * The Unity Catalog metastore of one Databricks account in one region. Databricks allows one per
 * region, and every environment there shares it, so it lives in a stack of its own that no
 * environment's destroy can take down. It has no storage root: each catalog brings its own.
 *
 * Its owner is an account-level group created here, `<metastore>-admins`, not whoever happened to
 * apply the stack: the metastore owner is its admin, and only a metastore admin (or a holder of
 * CREATE_* privileges, which only workspace-level APIs can grant) may create storage credentials,
 * external locations and catalogs. Each environment's workspace stack adds its CI/CD service
 * principal and admins group to it (WorkspaceEnrollment), so the identity that applies the config
 * stack can create that environment's Unity Catalog objects.
 *
 * The region's network connectivity configuration (serverless egress) lives here too: like the
 * metastore it is one per account and region, and outlives any one environment.
 */
export class MetastoreStack extends TerraformStack {
  readonly metastoreId: string;
  /** Account-level id of the metastore admins group (add members with databricks_group_member). */
  readonly adminGroupId: string;
  readonly adminGroupName: string;
  readonly databricksAccountId: string;
  /** The region's network connectivity configuration, when an environment enables serverless egress. */
  readonly networkConnectivityConfigId?: string;

  /** What a workspace stack of the region needs: the metastore to assign and the admins group to join. */
  get ref(): MetastoreRef {
    return {
      id: this.metastoreId,
      adminGroupId: this.adminGroupId,
      adminGroupName: this.adminGroupName,
      networkConnectivityConfigId: this.networkConnectivityConfigId,
    };
  }

  /**
   * `metastore-CLOUD-REGION-ACCOUNT`, ACCOUNT being the first block of the Databricks account id:
   * two accounts in one cloud and region get two stacks (and two states), never one shared.
   */
  static stackName(props: MetastoreStackProps): string {
    return `metastore-${props.cloud}-${props.region}-${props.databricksAccountId.split("-")[0]}`;
  }

  constructor(scope: Construct, id: string, props: MetastoreStackProps) {
    super(scope, id);
    useStateBackend(this, props.state);
    this.databricksAccountId = props.databricksAccountId;
    const provider = new DatabricksProvider(this, "databricks-account", {
      alias: "account",
      host: ACCOUNTS_HOST[props.cloud],
      accountId: props.databricksAccountId,
    });
    const name = `lakehouse-${props.region}`;
    this.adminGroupName = `${name}-metastore-admins`;
    const admins = new Group(this, "admins", { provider, displayName: this.adminGroupName });
    const metastore = new Metastore(this, "metastore", {
      provider,
      name,
      region: props.region,
      owner: admins.displayName,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    this.metastoreId = metastore.metastoreId;
    this.adminGroupId = admins.id;
    if (props.networkConnectivity) {
      const ncc = new NetworkConnectivityConfig(this, "serverless-network", { provider, region: props.region });
      this.networkConnectivityConfigId = ncc.id;
      // cdktf adds the cross-stack output only when a stack of this run reads the id, so a selection
      // without a serverless-egress environment would synthesize this shared stack differently:
      // register it always, under the identifier cdktf itself uses.
      this.registerOutgoingCrossStackReference(
        `${ncc.ncc.terraformResourceType}.${ncc.ncc.friendlyUniqueId}.network_connectivity_config_id`,
      );
      new TerraformOutput(this, "network_connectivity_config_id", {
        value: ncc.id,
        description: "Network connectivity configuration the region's workspaces bind for serverless egress",
      });
    }
    new TerraformOutput(this, "metastore_id", {
      value: this.metastoreId,
      description: "Unity Catalog metastore shared by the environments of this region",
    });
    new TerraformOutput(this, "admin_group", {
      value: admins.displayName,
      description: "Account-level group that owns (administers) the metastore",
    });
  }
}
