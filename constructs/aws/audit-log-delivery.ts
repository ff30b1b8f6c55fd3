import { DataAwsIamPolicyDocument } from "@cdktn/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktn/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktn/provider-aws/lib/iam-role-policy";
import { DataDatabricksAwsAssumeRolePolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-assume-role-policy";
import { DataDatabricksAwsBucketPolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-bucket-policy";
import { MwsCredentials } from "@cdktn/provider-databricks/lib/mws-credentials";
import { MwsLogDelivery } from "@cdktn/provider-databricks/lib/mws-log-delivery";
import { MwsStorageConfigurations } from "@cdktn/provider-databricks/lib/mws-storage-configurations";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { TimeSleep } from "../time/time-sleep";
import { CustomerManagedKey } from "./customer-managed-key";
import { type AccessLogTarget, SecureBucket } from "./secure-bucket";

export interface AuditLogDeliveryProps {
  readonly name: string;
  readonly awsAccountId: string;
  readonly databricksAccountId: string;
  readonly accountProvider: TerraformProvider;
  readonly deletionProtection: boolean;
  /** Where the audit-log bucket's S3 server access logs go. */
  readonly accessLogs?: AccessLogTarget;
}

/**
 * Account-wide delivery of Databricks audit logs (JSON) to a bucket of its own: encrypted with its
 * own rotated key, written by a role that only Databricks' log delivery can assume and that may only
 * write there. The account allows two delivery configurations per log type; config enforces it.
 */
export class AuditLogDelivery extends Construct {
  readonly bucket: SecureBucket;
  readonly delivery: MwsLogDelivery;

  constructor(scope: Construct, id: string, props: AuditLogDeliveryProps) {
    super(scope, id);
    const provider = props.accountProvider;
    const bucketName = `${props.name}-audit-logs-${props.awsAccountId}`;
    const key = new CustomerManagedKey(this, "key", {
      name: props.name,
      awsAccountId: props.awsAccountId,
      use: "data",
      deletionProtection: props.deletionProtection,
    });

    // Databricks' log delivery principal (a role of Databricks' AWS account, shared by every customer)
    // may assume the role only with this Databricks account as sts:ExternalId (Databricks docs, "Step 2:
    // Configure credentials for audit log delivery", https://docs.databricks.com/en/admin/account-settings-e2/audit-aws-credentials.html).
    const trust = new DataDatabricksAwsAssumeRolePolicy(this, "trust", {
      provider,
      externalId: props.databricksAccountId,
      forLogDelivery: true,
    });
    const role = new IamRole(this, "role", {
      name: `${props.name}-databricks-log-delivery`,
      description: "Assumed by Databricks log delivery to write audit logs",
      assumeRolePolicy: trust.json,
    });

    // full_access_role puts this environment's own delivery role in the statement instead of Databricks'
    // control plane, as Databricks' bucket policy for log delivery names the customer's role
    // ("Step 3: Configure cross-account support", https://docs.databricks.com/administration-guide/account-settings-e2/audit-aws-cross-account.html):
    // no Databricks principal is admitted here, it reaches the bucket only through the role, whose
    // trust above is bound to the account. databricks_e2_account_id would condition the role's own
    // calls on a Databricks principal tag the role does not carry.
    const bucketPolicy = new DataDatabricksAwsBucketPolicy(this, "bucket-policy", {
      provider,
      bucket: bucketName,
      fullAccessRole: role.arn,
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName,
      kmsKeyArn: key.key.arn,
      deletionProtection: props.deletionProtection,
      policyDocuments: [bucketPolicy.json],
      accessLogs: props.accessLogs,
    });

    const bucketArn = this.bucket.bucket.arn;
    const writeOnly = new DataAwsIamPolicyDocument(this, "write-policy", {
      statement: [
        {
          sid: "LocateAndListBucket",
          actions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
          resources: [bucketArn],
        },
        {
          sid: "WriteLogObjects",
          actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
          resources: [`${bucketArn}/*`],
        },
        { sid: "EncryptWithLogKey", actions: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"], resources: [key.key.arn] },
      ],
    });
    const rolePolicy = new IamRolePolicy(this, "role-policy", { name: "audit-log-delivery", role: role.id, policy: writeOnly.json });
    const propagated = new TimeSleep(this, "iam-propagation", { createDuration: "30s", dependsOn: [role, rolePolicy] });

    const credentials = new MwsCredentials(this, "credentials", {
      provider,
      credentialsName: `${props.name}-log-delivery`,
      roleArn: role.arn,
      dependsOn: [propagated],
    });
    const storage = new MwsStorageConfigurations(this, "storage", {
      provider,
      accountId: props.databricksAccountId,
      storageConfigurationName: `${props.name}-audit-logs`,
      bucketName: this.bucket.bucket.bucket,
    });
    this.delivery = new MwsLogDelivery(this, "delivery", {
      provider,
      accountId: props.databricksAccountId,
      configName: `${props.name}-audit-logs`,
      logType: "AUDIT_LOGS",
      outputFormat: "JSON",
      deliveryPathPrefix: "audit-logs",
      credentialsId: credentials.credentialsId,
      storageConfigurationId: storage.storageConfigurationId,
    });
  }
}
