import { DataAwsIamPolicyDocument } from "@cdktn/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";
import { type AccessLogTarget, SecureBucket } from "./secure-bucket";

export interface AccessLogBucketProps {
  /** Estate name, e.g. "prod-lakehouse": the bucket is NAME-access-logs-ACCOUNT and takes logs of NAME-* buckets only. */
  readonly name: string;
  readonly awsAccountId: string;
  readonly deletionProtection: boolean;
  /**
   * For one bucket named outside the estate's pattern (the bootstrap's Terraform state bucket): this
   * bucket's name, and the name of the one bucket whose logs it takes (in place of NAME-*).
   */
  readonly only?: { readonly bucketName: string; readonly loggedBucket: string };
}

/**
 * The environment's S3 server access log bucket: every object-level read and write of the root,
 * lakehouse and audit-log buckets lands here (Amazon S3 User Guide, "Logging requests with server
 * access logging"). Private, versioned, TLS-only like every SecureBucket, but SSE-S3 encrypted: S3
 * does not deliver access logs to an SSE-KMS bucket. Only the S3 logging service may write, and only
 * for this account's buckets of this estate (aws:SourceAccount, aws:SourceArn). Logs expire after a
 * year in prod and 90 days elsewhere. Its own access is not logged (logging into itself would loop).
 * With `only` it serves one bucket named outside the estate's pattern instead (the bootstrap's state
 * bucket: constructs/aws/terraform-state-bucket.ts), under the name given.
 */
export class AccessLogBucket extends Construct {
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const bucketName = props.only?.bucketName ?? `${props.name}-access-logs-${props.awsAccountId}`;
    const logged = props.only?.loggedBucket ?? `${props.name}-*`;
    const logging = new DataAwsIamPolicyDocument(this, "logging-service", {
      statement: [
        {
          sid: "S3ServerAccessLogDelivery",
          principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
          actions: ["s3:PutObject"],
          resources: [`arn:aws:s3:::${bucketName}/*`],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.awsAccountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:aws:s3:::${logged}`] },
          ],
        },
      ],
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName,
      s3ManagedEncryption: true,
      deletionProtection: props.deletionProtection,
      policyDocuments: [logging.json],
      expireObjectsAfterDays: props.deletionProtection ? 365 : 90,
    });
  }

  /** Where bucket `prefix` logs to: a prefix of its own in this bucket, once the logging service is admitted. */
  target(prefix: string): AccessLogTarget {
    return { bucket: this.bucket.bucket.bucket, prefix: `${prefix}/`, ready: this.bucket.policy };
  }
}
