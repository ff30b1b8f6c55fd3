import { MwsNetworkConnectivityConfig } from "@cdktn/provider-databricks/lib/mws-network-connectivity-config";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";

export interface NetworkConnectivityConfigProps {
  /** The account-level provider. */
  readonly provider: TerraformProvider;
  /** The cloud region the configuration serves ("westeurope", "eu-west-1"); workspaces of that region only bind to it. */
  readonly region: string;
}

/**
 * The account's network connectivity configuration (NCC) of one region: how serverless compute of
 * the workspaces bound to it reaches customer resources (its private endpoint rules on Azure, stable
 * egress addresses for firewalls). Databricks allows 10 per region and binds one to up to 50
 * workspaces ("Serverless compute plane networking"), so the blueprint keeps one per region, in the
 * region's shared stack; it costs nothing by itself. Named `lakehouse-<region>` (3-30 characters).
 */
export class NetworkConnectivityConfig extends Construct {
  readonly ncc: MwsNetworkConnectivityConfig;

  constructor(scope: Construct, id: string, props: NetworkConnectivityConfigProps) {
    super(scope, id);
    this.ncc = new MwsNetworkConnectivityConfig(this, "ncc", {
      provider: props.provider,
      name: `lakehouse-${props.region}`,
      region: props.region,
    });
  }

  /** The id workspaces bind to and endpoint rules belong to. */
  get id(): string {
    return this.ncc.networkConnectivityConfigId;
  }
}
