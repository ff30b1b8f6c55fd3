import { DataAwsIamPolicyDocument } from "@cdktn/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktn/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktn/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktn/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktn/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktn/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktn/provider-aws/lib/s3-bucket-versioning";
import type { ITerraformDependable } from "cdktn";
import { Construct } from "constructs";

/** Where a bucket's S3 server access logs go: the log bucket, a prefix of its own, and what must exist first (the log bucket's policy admitting the logging service). */
export interface AccessLogTarget {
  readonly bucket: string;
  readonly prefix: string;
  readonly ready: ITerraformDependable;
}

export interface SecureBucketProps {
  readonly bucketName: string;
  /** Customer key for SSE-KMS. Absent only with `s3ManagedEncryption`. */
  readonly kmsKeyArn?: string;
  /**
   * SSE-S3 instead of a customer key: only for the target of S3 server access logs, to which S3
   * delivers only with SSE-S3 default encryption (Amazon S3 User Guide, "Enabling Amazon S3 server
   * access logging"). The LH-STORAGE-ENCRYPTION guardrail admits it only for a bucket that is such a target.
   */
  readonly s3ManagedEncryption?: boolean;
  /** S3 server access logs of this bucket (object-level reads and writes, CKV_AWS_18). */
  readonly accessLogs?: AccessLogTarget;
  /** Current objects expire after this many days (log buckets); by default only old versions expire. */
  readonly expireObjectsAfterDays?: number;
  /** Prod data stores: prevent_destroy and never force_destroy. */
  readonly deletionProtection: boolean;
  /** Policy documents (JSON) to merge, e.g. the one `databricks_aws_bucket_policy` computes. */
  readonly policyDocuments?: string[];
}

/**
 * An S3 bucket that is private, versioned and encrypted with a customer key, owned by the bucket
 * owner and reachable over TLS only. Extra policy documents are merged with the TLS-only statement.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    if (!props.kmsKeyArn && !props.s3ManagedEncryption)
      throw new Error(`SecureBucket ${id}: give kmsKeyArn (SSE-KMS); SSE-S3 is only for access-log targets (s3ManagedEncryption)`);
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: props.deletionProtection ? undefined : true,
      lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
    });
    const bucket = this.bucket.id;
    new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        props.kmsKeyArn
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    // Versioning keeps every overwrite; old versions and abandoned uploads expire so cost stays bounded.
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-noncurrent-versions-and-stale-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.deletionProtection ? 90 : 30 }],
          expiration: props.expireObjectsAfterDays ? [{ days: props.expireObjectsAfterDays }] : undefined,
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    const document = new DataAwsIamPolicyDocument(this, "policy-document", {
      sourcePolicyDocuments: props.policyDocuments,
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    // The public access block must exist first, or S3 may evaluate the policy as public.
    this.policy = new S3BucketPolicy(this, "policy", { bucket, policy: document.json, dependsOn: [publicAccessBlock] });
    if (props.accessLogs) {
      // S3 checks at once that the target's policy admits the logging service.
      new S3BucketLoggingA(this, "access-logs", {
        bucket,
        targetBucket: props.accessLogs.bucket,
        targetPrefix: props.accessLogs.prefix,
        dependsOn: [props.accessLogs.ready],
      });
    }
  }
}
