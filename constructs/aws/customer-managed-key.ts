import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktn/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktn/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktn/provider-aws/lib/kms-key";
import type { ITerraformDependable } from "cdktn";
import { Construct } from "constructs";
import { databricksControlPlaneRoot } from "./databricks-aws-accounts";

/** managed-services and workspace-storage are Databricks' key uses; "data" encrypts data and log buckets, whose readers and writers get the key through IAM. */
export type DatabricksKeyUse = "managed-services" | "workspace-storage" | "data" | "logs";

export interface CustomerManagedKeyProps {
  readonly name: string;
  readonly awsAccountId: string;
  readonly use: DatabricksKeyUse;
  /**
   * The environment's Databricks account (UUID). Databricks' control-plane principal is shared by
   * every Databricks customer; its statements hold only when the call carries this account's
   * `aws:PrincipalTag/DatabricksAccountId` (Databricks docs, "Configure customer-managed keys for
   * encryption", key policy; as in the SRA's key policies). Required for the two Databricks uses.
   */
  readonly databricksAccountId?: string;
  /**
   * Cross-account role of the workspace: needs the key for the EBS volumes of cluster nodes. KMS
   * refuses a key policy naming a principal IAM has not propagated yet (MalformedPolicyDocument),
   * so give the wait after the role too.
   */
  readonly crossAccountRole?: { readonly arn: string; readonly propagated: ITerraformDependable };
  readonly deletionProtection: boolean;
  /** Region of the CloudWatch Logs service that may use a "logs" key. */
  readonly region?: string;
}

/**
 * A KMS key for one Databricks use, rotated yearly, whose key policy grants the Databricks control
 * plane only the operations that use requires (Databricks docs, "Customer-managed keys").
 */
export class CustomerManagedKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id);
    if ((props.use === "managed-services" || props.use === "workspace-storage") && !props.databricksAccountId) {
      throw new Error(
        `CustomerManagedKey ${id}: a "${props.use}" key needs the Databricks account id, which conditions Databricks' statements on the account`,
      );
    }
    // Databricks' control plane acts for one Databricks account only: this one.
    const forThisAccount = {
      test: "StringEquals",
      variable: "aws:PrincipalTag/DatabricksAccountId",
      values: [props.databricksAccountId ?? ""],
    };
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: "AccountAdministersKey",
        principals: [{ type: "AWS", identifiers: [`arn:aws:iam::${props.awsAccountId}:root`] }],
        actions: ["kms:*"],
        resources: ["*"],
      },
    ];
    if (props.use === "managed-services") {
      statements.push({
        sid: "DatabricksEncryptsManagedServices",
        principals: [{ type: "AWS", identifiers: [databricksControlPlaneRoot] }],
        actions: ["kms:Encrypt", "kms:Decrypt"],
        resources: ["*"],
        condition: [forThisAccount],
      });
    } else if (props.use === "logs") {
      if (!props.region) throw new Error(`CustomerManagedKey ${id}: a "logs" key needs the region of the log groups it encrypts`);
      statements.push({
        sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
        principals: [{ type: "Service", identifiers: [`logs.${props.region}.amazonaws.com`] }],
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        resources: ["*"],
        condition: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [`arn:aws:logs:${props.region}:${props.awsAccountId}:log-group:*`],
          },
        ],
      });
    } else if (props.use === "workspace-storage") {
      statements.push(
        {
          sid: "DatabricksEncryptsWorkspaceStorage",
          principals: [{ type: "AWS", identifiers: [databricksControlPlaneRoot] }],
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
          resources: ["*"],
          condition: [forThisAccount],
        },
        {
          sid: "DatabricksGrantsForAwsResourcesOnly",
          principals: [{ type: "AWS", identifiers: [databricksControlPlaneRoot] }],
          actions: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
          resources: ["*"],
          condition: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }, forThisAccount],
        },
      );
      if (props.crossAccountRole) {
        statements.push({
          sid: "ClusterNodesEncryptEbsVolumes",
          principals: [{ type: "AWS", identifiers: [props.crossAccountRole.arn] }],
          actions: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
          resources: ["*"],
          condition: [{ test: "ForAnyValue:StringLike", variable: "kms:ViaService", values: ["ec2.*.amazonaws.com"] }],
        });
      }
    }
    const policy = new DataAwsIamPolicyDocument(this, "policy", { statement: statements });

    this.key = new KmsKey(this, "key", {
      description: `Databricks ${props.use} key for ${props.name}`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionProtection ? 30 : 7,
      policy: policy.json,
      lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
      tags: { Name: `${props.name}-${props.use}` },
      dependsOn: props.crossAccountRole ? [props.crossAccountRole.propagated] : undefined,
    });
    this.alias = new KmsAlias(this, "alias", { name: `alias/${props.name}-databricks-${props.use}`, targetKeyId: this.key.keyId });
  }
}
