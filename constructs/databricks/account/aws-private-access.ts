import { MwsPrivateAccessSettings } from "@cdktn/provider-databricks/lib/mws-private-access-settings";
import { MwsVpcEndpoint } from "@cdktn/provider-databricks/lib/mws-vpc-endpoint";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";

export interface AwsPrivateAccessProps {
  readonly name: string;
  readonly databricksAccountId: string;
  readonly awsAccountId: string;
  readonly region: string;
  /** The account-level provider (accounts console host). */
  readonly accountProvider: TerraformProvider;
  /** AWS ids (vpce-...) of the back-end endpoints: workspace REST API and secure cluster connectivity relay. */
  readonly restApiEndpointId: string;
  readonly relayEndpointId: string;
  /** AWS id of the front-end endpoint in the transit VPC, when there is one. */
  readonly frontEndEndpointId?: string;
  /** false: Databricks rejects every connection that does not come through a registered endpoint (needs front-end). */
  readonly publicAccessEnabled: boolean;
}

/**
 * Registers the workspace's PrivateLink endpoints with the Databricks account (Databricks accepts
 * the endpoint connection on registration) and creates the private access settings the workspace
 * attaches: ENDPOINT level, admitting only this environment's own REST API and front-end endpoints
 * rather than every endpoint the account has registered (Databricks API, "Private access settings":
 * private_access_level, allowed_vpc_endpoint_ids, public_access_enabled; Terraform resources
 * databricks_mws_vpc_endpoint and databricks_mws_private_access_settings).
 */
export class AwsPrivateAccess extends Construct {
  readonly restApi: MwsVpcEndpoint;
  readonly relay: MwsVpcEndpoint;
  readonly frontEnd?: MwsVpcEndpoint;
  readonly settings: MwsPrivateAccessSettings;

  constructor(scope: Construct, id: string, props: AwsPrivateAccessProps) {
    super(scope, id);
    const register = (endpointId: string, what: string) =>
      new MwsVpcEndpoint(this, what, {
        provider: props.accountProvider,
        accountId: props.databricksAccountId,
        awsAccountId: props.awsAccountId,
        region: props.region,
        awsVpcEndpointId: endpointId,
        vpcEndpointName: `${props.name}-${what}`,
      });
    this.restApi = register(props.restApiEndpointId, "rest-api");
    this.relay = register(props.relayEndpointId, "relay");
    this.frontEnd = props.frontEndEndpointId ? register(props.frontEndEndpointId, "front-end") : undefined;
    // account_id comes from the account-level provider: the resource-level one is deprecated here.
    this.settings = new MwsPrivateAccessSettings(this, "settings", {
      provider: props.accountProvider,
      privateAccessSettingsName: `${props.name}-private-access`,
      region: props.region,
      publicAccessEnabled: props.publicAccessEnabled,
      privateAccessLevel: "ENDPOINT",
      allowedVpcEndpointIds: [this.restApi, ...(this.frontEnd ? [this.frontEnd] : [])].map((endpoint) => endpoint.vpcEndpointId),
    });
  }

  /** The `vpc_endpoints` block of databricks_mws_networks: the back-end endpoints clusters use. */
  networkEndpoints(): { restApi: string[]; dataplaneRelay: string[] } {
    return { restApi: [this.restApi.vpcEndpointId], dataplaneRelay: [this.relay.vpcEndpointId] };
  }
}
