import { MwsNccPrivateEndpointRule } from "@cdktn/provider-databricks/lib/mws-ncc-private-endpoint-rule";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";

export interface NccStorageEndpointsProps {
  /** The account-level provider. */
  readonly provider: TerraformProvider;
  /** The region's network connectivity configuration (NetworkConnectivityConfig.id). */
  readonly networkConnectivityConfigId: string;
  /** Resource Manager id of the Azure storage account. */
  readonly storageAccountId: string;
}

/**
 * Private endpoints from Databricks' serverless compute plane to one Azure storage account: one for
 * dfs (ADLS Gen2) and one for blob, as Databricks asks for storage that serverless reads ("Configure
 * private connectivity from serverless compute"). Databricks creates them in its own subscription;
 * each stays PENDING until the storage account's owner approves the connection (docs/serverless-
 * egress.md), and is EXPIRED after 14 days unapproved. Billed per endpoint hour and per GB.
 */
export class NccStorageEndpoints extends Construct {
  readonly rules: Record<"dfs" | "blob", MwsNccPrivateEndpointRule>;

  constructor(scope: Construct, id: string, props: NccStorageEndpointsProps) {
    super(scope, id);
    const rule = (groupId: "dfs" | "blob") =>
      new MwsNccPrivateEndpointRule(this, groupId, {
        provider: props.provider,
        networkConnectivityConfigId: props.networkConnectivityConfigId,
        resourceId: props.storageAccountId,
        groupId,
      });
    this.rules = { dfs: rule("dfs"), blob: rule("blob") };
  }
}
