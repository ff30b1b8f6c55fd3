import { MwsCustomerManagedKeys } from "@cdktn/provider-databricks/lib/mws-customer-managed-keys";
import { MwsWorkspaces } from "@cdktn/provider-databricks/lib/mws-workspaces";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";

export interface AwsServerlessWorkspaceProps {
  readonly name: string;
  readonly databricksAccountId: string;
  readonly region: string;
  readonly pricingTier: string;
  /** The account-level provider (accounts console host). */
  readonly accountProvider: TerraformProvider;
  /** The KMS key that encrypts the workspace's managed services (notebooks, secrets, queries in the control plane). */
  readonly managedServicesKey: { readonly arn: string; readonly alias: string };
  readonly tags: Record<string, string>;
}

/**
 * A serverless workspace on AWS: `databricks_mws_workspaces` with `compute_mode = "SERVERLESS"` and
 * nothing of the customer's AWS network, root storage or cross-account role, which such a workspace
 * must not name (provider docs, databricks_mws_workspaces: "credentials_id and storage_configuration_id
 * must not be set"; no network either, as its compute runs in Databricks' serverless plane). Its
 * managed services are encrypted with the given customer-managed key. compute_mode is force-new in the
 * provider (mws/resource_mws_workspaces.go): switching an environment's mode replaces its workspace.
 */
export class AwsServerlessWorkspace extends Construct {
  readonly workspace: MwsWorkspaces;

  constructor(scope: Construct, id: string, props: AwsServerlessWorkspaceProps) {
    super(scope, id);
    const provider = props.accountProvider;
    const managedServicesKey = new MwsCustomerManagedKeys(this, "managed-services-key", {
      provider,
      accountId: props.databricksAccountId,
      useCases: ["MANAGED_SERVICES"],
      awsKeyInfo: { keyArn: props.managedServicesKey.arn, keyAlias: props.managedServicesKey.alias },
    });
    this.workspace = new MwsWorkspaces(this, "workspace", {
      provider,
      accountId: props.databricksAccountId,
      workspaceName: props.name,
      awsRegion: props.region,
      pricingTier: props.pricingTier,
      computeMode: "SERVERLESS",
      managedServicesCustomerManagedKeyId: managedServicesKey.customerManagedKeyId,
      customTags: props.tags,
    });
  }
}
