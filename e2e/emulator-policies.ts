import type { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { CrossAccountPermissionsArgs, DatabricksAwsPolicies, UnityCatalogPolicyArgs } from "../constructs/aws/databricks-policies";
import { databricksControlPlaneRoot } from "../constructs/aws/databricks-aws-accounts";

type Statement = NonNullable<ConstructorParameters<typeof DataAwsIamPolicyDocument>[2]>["statement"];

const document = (scope: Construct, id: string, statement: Statement): string => new DataAwsIamPolicyDocument(scope, id, { statement }).json;

/**
 * Test-only stand-in for the Databricks provider's policy data sources, which need the account-level
 * Databricks provider. The documents have the same shape (who is trusted, which actions on which
 * resources) but a shorter action list; what the emulator test checks is that the roles and bucket
 * policies are applied, not what Databricks requires of them.
 */
export class EmulatorPolicies implements DatabricksAwsPolicies {
  constructor(private readonly databricksAccountId: string) {}

  crossAccountTrust(scope: Construct, id: string): string {
    return document(scope, id, [
      {
        actions: ["sts:AssumeRole"],
        principals: [{ type: "AWS", identifiers: [databricksControlPlaneRoot] }],
        condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: [this.databricksAccountId] }],
      },
    ]);
  }

  crossAccountPermissions(scope: Construct, id: string, args: CrossAccountPermissionsArgs): string {
    const vpcArn = `arn:aws:ec2:${args.region}:${args.awsAccountId}:vpc/${args.vpcId}`;
    const statements: Statement = [
      { sid: "Describe", actions: ["ec2:Describe*"], resources: ["*"] },
      {
        sid: "RunInWorkspaceVpc",
        actions: ["ec2:RunInstances", "ec2:TerminateInstances", "ec2:CreateTags"],
        resources: [`arn:aws:ec2:${args.region}:${args.awsAccountId}:*`],
        condition: [{ test: "StringEquals", variable: "ec2:vpc", values: [vpcArn] }],
      },
    ];
    if (args.passRoles?.length) statements.push({ sid: "PassInstanceProfileRoles", actions: ["iam:PassRole"], resources: args.passRoles });
    return document(scope, id, statements);
  }

  rootBucket(scope: Construct, id: string, bucketName: string): string {
    return document(scope, id, [
      {
        sid: "DatabricksWorkspaceStorage",
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"],
        principals: [{ type: "AWS", identifiers: [databricksControlPlaneRoot] }],
        resources: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
      },
    ]);
  }

  unityCatalogTrust(scope: Construct, id: string, args: Pick<UnityCatalogPolicyArgs, "awsAccountId" | "roleName">): string {
    return document(scope, id, [
      {
        actions: ["sts:AssumeRole"],
        principals: [{ type: "AWS", identifiers: [databricksControlPlaneRoot, `arn:aws:iam::${args.awsAccountId}:root`] }],
        condition: [
          { test: "StringEquals", variable: "sts:ExternalId", values: [this.databricksAccountId] },
          { test: "ArnEquals", variable: "aws:PrincipalArn", values: [databricksControlPlaneRoot, `arn:aws:iam::${args.awsAccountId}:role/${args.roleName}`] },
        ],
      },
    ]);
  }

  unityCatalogAccess(scope: Construct, id: string, args: UnityCatalogPolicyArgs): string {
    return document(scope, id, [
      {
        sid: "LakehouseBucket",
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"],
        resources: [`arn:aws:s3:::${args.bucketName}`, `arn:aws:s3:::${args.bucketName}/*`],
      },
      { sid: "LakehouseKey", actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"], resources: [`arn:aws:kms:*:${args.awsAccountId}:key/${args.kmsKeyId}`] },
      { sid: "SelfAssume", actions: ["sts:AssumeRole"], resources: [`arn:aws:iam::${args.awsAccountId}:role/${args.roleName}`] },
    ]);
  }
}
