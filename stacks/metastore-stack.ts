import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Metastore } from "@cdktf/provider-databricks/lib/metastore";
import type { Cloud } from "../config/node-types";
import type { StateConfig } from "../config/schema";
import { ACCOUNTS_HOST } from "./databricks-accounts";
import { useStateBackend } from "./state-backend";

export interface MetastoreStackProps {
  readonly cloud: Cloud;
  readonly region: string;
  readonly databricksAccountId: string;
  /** State backend: that of the region's prod environment (else the first environment using it); see blueprint.ts. */
  readonly state?: StateConfig;
}

/**
 * The Unity Catalog metastore of one Databricks account in one region. Databricks allows one per
 * region, and every environment there shares it, so it lives in a stack of its own that no
 * environment's destroy can take down. It has no storage root: each catalog brings its own.
 */
export class MetastoreStack extends TerraformStack {
  readonly metastoreId: string;

  static stackName(props: MetastoreStackProps): string {
    return `metastore-${props.cloud}-${props.region}`;
  }

  constructor(scope: Construct, id: string, props: MetastoreStackProps) {
    super(scope, id);
    useStateBackend(this, props.state);
    const provider = new DatabricksProvider(this, "databricks-account", { alias: "account", host: ACCOUNTS_HOST[props.cloud], accountId: props.databricksAccountId });
    const metastore = new Metastore(this, "metastore", {
      provider,
      name: `lakehouse-${props.region}`,
      region: props.region,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    this.metastoreId = metastore.metastoreId;
    new TerraformOutput(this, "metastore_id", { value: this.metastoreId, description: "Unity Catalog metastore shared by the environments of this region" });
  }
}
