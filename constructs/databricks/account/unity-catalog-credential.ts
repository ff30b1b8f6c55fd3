import { StorageCredential } from "@cdktn/provider-databricks/lib/storage-credential";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";

export interface UnityCatalogCredentialProps {
  /** The account-level provider (account-level storage credentials need `metastore_id`). */
  readonly provider: TerraformProvider;
  readonly metastoreId: string;
  /** Credential name, e.g. "dev-lakehouse"; external locations name it. */
  readonly name: string;
  /**
   * ARN of the IAM role Unity Catalog assumes, built from its name: the role does not exist yet, its
   * trust needs this credential's external id first (the order the provider's Unity Catalog guide uses).
   */
  readonly roleArn: string;
  /** Owner (a group name or service principal application id); the creator when omitted. */
  readonly owner?: string;
  readonly comment: string;
}

/**
 * The Unity Catalog storage credential of an AWS environment, created at account level beside the IAM
 * role it names, because the role must trust the credential's own external id
 * (`aws_iam_role[0].external_id`), which Databricks assigns when the credential is created and which
 * equals the Databricks account id only when an account admin created it. Isolated: usable only from
 * the workspaces it is bound to (the workspace-config stack binds it).
 * Docs: databricks provider, resources/storage_credential.md and guides/unity-catalog.md.
 */
export class UnityCatalogCredential extends Construct {
  readonly credential: StorageCredential;

  constructor(scope: Construct, id: string, props: UnityCatalogCredentialProps) {
    super(scope, id);
    this.credential = new StorageCredential(this, "credential", {
      provider: props.provider,
      metastoreId: props.metastoreId,
      name: props.name,
      comment: props.comment,
      owner: props.owner,
      isolationMode: "ISOLATION_MODE_ISOLATED",
      awsIamRole: { roleArn: props.roleArn },
    });
  }

  /** The external id the IAM role's trust policy must require (sts:ExternalId). */
  get externalId(): string {
    return this.credential.awsIamRole.externalId;
  }
}
