import { MwsNccBinding } from "@cdktn/provider-databricks/lib/mws-ncc-binding";
import { TerraformOutput, type TerraformProvider, type TerraformStack } from "cdktn";
import type { AzureEnvironment } from "../config/schema";
import { NccStorageEndpoints } from "../constructs/databricks/account/ncc-storage-endpoints";
import { regionalConnectivityConfigId, ServerlessEgress } from "../constructs/databricks/account/serverless-egress";
import type { MetastoreRef } from "./metastore-ref";

export interface AzureServerlessAccessProps {
  /** The account-level provider. */
  readonly provider: TerraformProvider;
  readonly env: AzureEnvironment;
  readonly metastore: MetastoreRef;
  readonly workspaceId: number;
  /** The environment's lakehouse storage account: Resource Manager id and name. */
  readonly storageAccount: { readonly id: string; readonly name: string };
  /** The prod environment whose private storage this one's developers read (stacks/estate-stacks.ts, privateProdStorageReadBy). */
  readonly prodStorage?: AzureEnvironment;
}

/**
 * How an Azure workspace's serverless compute reaches storage, in `stack`. With security.serverlessEgress
 * on: endpoint rules from the region's NCC to its own storage (named in the output
 * serverless_storage_endpoints for approval), the binding to that NCC and a restricted network policy
 * that admits its storage and, when it reads prod, prod's. With egress off, a reader of prod's
 * private storage is still bound to the NCC, alone: the NCC's endpoint rules to prod's account
 * (created by prod's workspace stack, approved by prod's owner) serve every workspace bound to it
 * ("Configure private connectivity to Azure resources"); a binding is free, and the workspace keeps
 * the account's default network policy. Nothing otherwise.
 */
export function azureServerlessAccess(stack: TerraformStack, props: AzureServerlessAccessProps): void {
  const { provider, env, metastore, workspaceId, storageAccount, prodStorage } = props;
  const egress = env.security.serverlessEgress;
  if (!egress.enabled) {
    if (prodStorage)
      new MwsNccBinding(stack, "prod-storage-ncc-binding", {
        provider,
        networkConnectivityConfigId: regionalConnectivityConfigId(env.name, metastore),
        workspaceId,
      });
    return;
  }
  const nccId = regionalConnectivityConfigId(env.name, metastore);
  const endpoints = new NccStorageEndpoints(stack, "serverless-storage-endpoints", {
    provider,
    networkConnectivityConfigId: nccId,
    storageAccountId: storageAccount.id,
  });
  const accounts = [storageAccount.name, ...(prodStorage ? [prodStorage.azure.storageAccountName] : [])];
  new ServerlessEgress(stack, "serverless-egress", {
    provider,
    name: env.name,
    workspaceId,
    networkConnectivityConfigId: nccId,
    allowedDomains: egress.allowedDomains,
    storageDestinations: accounts.flatMap((account) =>
      (["dfs", "blob"] as const).map((service) => ({ cloud: "azure" as const, storageAccountName: account, service })),
    ),
    dryRun: egress.dryRun,
  });
  // Approve these on the storage account (docs/serverless-egress.md): until then they stay PENDING.
  new TerraformOutput(stack, "serverless_storage_endpoints", {
    value: [endpoints.rules.dfs.endpointName, endpoints.rules.blob.endpointName],
    description: "Private endpoints of Databricks serverless compute waiting for approval on the lakehouse storage account",
  });
}
