import {
  AccountNetworkPolicy,
  type AccountNetworkPolicyEgressNetworkAccessAllowedStorageDestinations,
} from "@cdktn/provider-databricks/lib/account-network-policy";
import { MwsNccBinding } from "@cdktn/provider-databricks/lib/mws-ncc-binding";
import { WorkspaceNetworkOption } from "@cdktn/provider-databricks/lib/workspace-network-option";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";

/** A storage destination serverless compute may reach: a bucket in a region, or an Azure account's service. */
export type StorageDestination =
  | { readonly cloud: "aws"; readonly bucketName: string; readonly region: string }
  | { readonly cloud: "azure"; readonly storageAccountName: string; readonly service: "dfs" | "blob" };

export interface ServerlessEgressProps {
  /** The account-level provider. */
  readonly provider: TerraformProvider;
  /** Environment name; the policy is `<name>-egress` (policy ids: 1-32 of letters, digits, "_", "." and "-"). */
  readonly name: string;
  readonly workspaceId: number;
  /** The region's network connectivity configuration (NetworkConnectivityConfig.id). */
  readonly networkConnectivityConfigId: string;
  /** DNS names serverless compute may reach on the internet. */
  readonly allowedDomains: string[];
  /** The environment's own storage; Unity Catalog external locations are admitted by Databricks anyway. */
  readonly storageDestinations: StorageDestination[];
  /** Log what would be blocked instead of blocking (enforcement mode DRY_RUN). */
  readonly dryRun: boolean;
}

const destination = (d: StorageDestination): AccountNetworkPolicyEgressNetworkAccessAllowedStorageDestinations =>
  d.cloud === "aws"
    ? { storageDestinationType: "AWS_S3", bucketName: d.bucketName, region: d.region }
    : { storageDestinationType: "AZURE_STORAGE", azureStorageAccount: d.storageAccountName, azureStorageService: d.service };

/**
 * Serverless egress control of one workspace (Databricks "Manage network policies for serverless
 * egress control"): binds the workspace to its region's NCC, and replaces the account's
 * default-policy for it with the environment's own policy in RESTRICTED_ACCESS mode, which admits
 * Unity Catalog locations and connections, the listed storage and the listed domains, nothing else.
 * All account-level: needs the account provider, costs nothing by itself.
 */
export class ServerlessEgress extends Construct {
  readonly binding: MwsNccBinding;
  readonly policy: AccountNetworkPolicy;
  readonly option: WorkspaceNetworkOption;

  constructor(scope: Construct, id: string, props: ServerlessEgressProps) {
    super(scope, id);
    const provider = props.provider;
    this.binding = new MwsNccBinding(this, "ncc-binding", {
      provider,
      networkConnectivityConfigId: props.networkConnectivityConfigId,
      workspaceId: props.workspaceId,
    });
    this.policy = new AccountNetworkPolicy(this, "policy", {
      provider,
      networkPolicyId: `${props.name}-egress`,
      egress: {
        networkAccess: {
          restrictionMode: "RESTRICTED_ACCESS",
          allowedInternetDestinations: props.allowedDomains.map((domain) => ({ destination: domain, internetDestinationType: "DNS_NAME" })),
          allowedStorageDestinations: props.storageDestinations.map(destination),
          policyEnforcement: { enforcementMode: props.dryRun ? "DRY_RUN" : "ENFORCED" },
        },
      },
    });
    this.option = new WorkspaceNetworkOption(this, "network-option", {
      provider,
      workspaceId: props.workspaceId,
      networkPolicyId: this.policy.networkPolicyId,
    });
  }
}

/**
 * The id of the region's network connectivity configuration that an environment with serverless
 * egress on binds to (MetastoreRef.networkConnectivityConfigId). Throws naming the environment when
 * the shared stack was built without one (blueprint.ts adds it when any environment of the region
 * enables serverless egress).
 */
export function regionalConnectivityConfigId(environment: string, metastore: { readonly networkConnectivityConfigId?: string }): string {
  const id = metastore.networkConnectivityConfigId;
  if (!id)
    throw new Error(
      `${environment}: security.serverlessEgress is on but the region's shared stack has no network connectivity configuration. Fix: build the metastore stack with networkConnectivity (stacks/blueprint.ts does when any environment enables serverless egress)`,
    );
  return id;
}
