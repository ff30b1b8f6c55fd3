import { DataDatabricksAwsAssumeRolePolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-assume-role-policy";
import { DataDatabricksAwsBucketPolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-bucket-policy";
import { DataDatabricksAwsCrossaccountPolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-crossaccount-policy";
import { DataDatabricksAwsUnityCatalogAssumeRolePolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-unity-catalog-assume-role-policy";
import { DataDatabricksAwsUnityCatalogPolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-unity-catalog-policy";
import type { TerraformProvider } from "cdktn";
import type { Construct } from "constructs";

export interface CrossAccountPermissionsArgs {
  readonly awsAccountId: string;
  readonly region: string;
  readonly vpcId: string;
  readonly securityGroupId: string;
  readonly passRoles?: string[];
}

export interface UnityCatalogPolicyArgs {
  readonly awsAccountId: string;
  readonly roleName: string;
  readonly bucketName: string;
  /** ARN of the key that encrypts the bucket (the data source's `kms_name` asks for the ARN; a key id gives a malformed one). */
  readonly kmsKeyArn: string;
}

export interface UnityCatalogTrustArgs {
  readonly awsAccountId: string;
  readonly roleName: string;
  /** The storage credential's own external id (`aws_iam_role[0].external_id`), not the account id. */
  readonly externalId: string;
}

/**
 * Where the IAM and bucket policy documents Databricks requires come from. Each method adds what it
 * needs under `scope` and returns the policy JSON. Every argument is in the format the data
 * source's documentation asks for (names where a name is asked, ARNs where an ARN is asked): the
 * provider builds ARNs from them without checking, so a value in another format yields a policy
 * that AWS accepts and that denies what it should allow.
 */
export interface DatabricksAwsPolicies {
  crossAccountTrust(scope: Construct, id: string): string;
  crossAccountPermissions(scope: Construct, id: string, args: CrossAccountPermissionsArgs): string;
  rootBucket(scope: Construct, id: string, bucketName: string): string;
  unityCatalogTrust(scope: Construct, id: string, args: UnityCatalogTrustArgs): string;
  unityCatalogAccess(scope: Construct, id: string, args: UnityCatalogPolicyArgs): string;
}

/** The Databricks provider's policy data sources, evaluated by the account-level provider. */
export class ProviderComputedPolicies implements DatabricksAwsPolicies {
  constructor(
    private readonly provider: TerraformProvider,
    private readonly databricksAccountId: string,
  ) {}

  crossAccountTrust(scope: Construct, id: string): string {
    // Databricks' AWS account may assume the role only with this Databricks account as sts:ExternalId
    // (Databricks docs, "Create an IAM role for workspace deployment",
    // https://docs.databricks.com/en/admin/account-settings-e2/credentials.html).
    return new DataDatabricksAwsAssumeRolePolicy(scope, id, { provider: this.provider, externalId: this.databricksAccountId }).json;
  }

  crossAccountPermissions(scope: Construct, id: string, args: CrossAccountPermissionsArgs): string {
    // "restricted" scopes EC2 actions to the workspace VPC, security group, region and account.
    return new DataDatabricksAwsCrossaccountPolicy(scope, id, {
      provider: this.provider,
      policyType: "restricted",
      awsAccountId: args.awsAccountId,
      region: args.region,
      vpcId: args.vpcId,
      securityGroupId: args.securityGroupId,
      passRoles: args.passRoles,
    }).json;
  }

  rootBucket(scope: Construct, id: string, bucketName: string): string {
    // databricks_e2_account_id conditions the control plane's statement on this Databricks account
    // (aws:PrincipalTag/DatabricksAccountId); without it the statement admits Databricks acting for any account
    // (Databricks docs, "Configure AWS storage", root bucket policy,
    // https://docs.databricks.com/administration-guide/cloud-configurations/aws/aws-storage.html).
    return new DataDatabricksAwsBucketPolicy(scope, id, {
      provider: this.provider,
      bucket: bucketName,
      databricksE2AccountId: this.databricksAccountId,
    }).json;
  }

  unityCatalogTrust(scope: Construct, id: string, args: UnityCatalogTrustArgs): string {
    // Unity Catalog's master role (Databricks' AWS account) may assume the role only with the external
    // id Databricks issued for this account's storage credential (Databricks docs, "Create a storage
    // credential for connecting to AWS S3", https://docs.databricks.com/en/connect/unity-catalog/storage-credentials.html).
    return new DataDatabricksAwsUnityCatalogAssumeRolePolicy(scope, id, {
      provider: this.provider,
      awsAccountId: args.awsAccountId,
      roleName: args.roleName,
      externalId: args.externalId,
    }).json;
  }

  unityCatalogAccess(scope: Construct, id: string, args: UnityCatalogPolicyArgs): string {
    return new DataDatabricksAwsUnityCatalogPolicy(scope, id, {
      provider: this.provider,
      awsAccountId: args.awsAccountId,
      bucketName: args.bucketName,
      roleName: args.roleName,
      kmsName: args.kmsKeyArn,
    }).json;
  }
}
