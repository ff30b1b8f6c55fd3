import type { Finding, GuardrailRule, StackView, SynthesizedBlock } from "../model";

const bucketConfig = (view: StackView, bucket: SynthesizedBlock, type: string) => view.referencedBy(type, "bucket", bucket, "bucket");

export const storageEncrypted: GuardrailRule = {
  id: "LH-STORAGE-ENCRYPTION",
  summary:
    "buckets use SSE-KMS (S3 server access log targets SSE-S3, the only kind S3 delivers to); storage accounts use infrastructure encryption",
  check(view) {
    const findings: Finding[] = [];
    // S3 delivers server access logs only to buckets with SSE-S3 default encryption (Amazon S3 User
    // Guide, "Enabling Amazon S3 server access logging"); such a target may use AES256 instead.
    const logTargets = new Set(view.resources("aws_s3_bucket_logging").map((l) => view.literal(l.attrs.target_bucket)));
    for (const bucket of view.resources("aws_s3_bucket")) {
      const configs = bucketConfig(view, bucket, "aws_s3_bucket_server_side_encryption_configuration");
      const algorithms = configs.flatMap((c) =>
        (c.attrs.rule ?? []).map((r: any) => String(r.apply_server_side_encryption_by_default?.sse_algorithm)),
      );
      const kms = algorithms.some((a) => a.startsWith("aws:kms"));
      const logTargetSseS3 = logTargets.has(bucket.attrs.bucket) && algorithms.includes("AES256");
      if (!kms && !logTargetSseS3)
        findings.push({
          path: bucket.path,
          message:
            "has no SSE-KMS encryption configuration. Fix: build buckets with SecureBucket, or add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms and a customer key",
        });
    }
    for (const account of view.resources("azurerm_storage_account")) {
      if (account.attrs.infrastructure_encryption_enabled !== true) {
        findings.push({
          path: account.path,
          message:
            "has infrastructure_encryption_enabled unset, so data is encrypted once only. Fix: set infrastructureEncryptionEnabled: true",
        });
      }
    }
    return findings;
  },
};

export const storageVersioned: GuardrailRule = {
  id: "LH-STORAGE-VERSIONING",
  summary: "buckets keep object versions; storage accounts keep deleted blobs and containers",
  check(view) {
    const findings: Finding[] = [];
    for (const bucket of view.resources("aws_s3_bucket")) {
      const enabled = bucketConfig(view, bucket, "aws_s3_bucket_versioning").some(
        (v) => v.attrs.versioning_configuration?.status === "Enabled",
      );
      if (!enabled)
        findings.push({
          path: bucket.path,
          message:
            "has no versioning, so an overwrite or delete is final. Fix: add aws_s3_bucket_versioning with status Enabled (SecureBucket does)",
        });
    }
    for (const account of view.resources("azurerm_storage_account")) {
      const blob = account.attrs.blob_properties ?? {};
      // Hierarchical-namespace accounts cannot version blobs; soft delete is the recovery path there.
      if (!blob.versioning_enabled && !blob.delete_retention_policy) {
        findings.push({
          path: account.path,
          message:
            "keeps neither blob versions nor deleted blobs. Fix: set blobProperties.deleteRetentionPolicy (and containerDeleteRetentionPolicy)",
        });
      }
    }
    return findings;
  },
};

export const storageNotPublic: GuardrailRule = {
  id: "LH-STORAGE-PUBLIC-ACCESS",
  summary: "buckets block every form of public access; storage accounts allow no public blobs or network",
  check(view) {
    const findings: Finding[] = [];
    const flags = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
    for (const bucket of view.resources("aws_s3_bucket")) {
      const blocked = bucketConfig(view, bucket, "aws_s3_bucket_public_access_block").some((b) =>
        flags.every((flag) => b.attrs[flag] === true),
      );
      if (!blocked)
        findings.push({
          path: bucket.path,
          message: `has no public access block with ${flags.join(", ")} all true. Fix: add aws_s3_bucket_public_access_block (SecureBucket does)`,
        });
    }
    for (const account of view.resources("azurerm_storage_account")) {
      if (account.attrs.allow_nested_items_to_be_public !== false) {
        findings.push({ path: account.path, message: "may expose containers publicly. Fix: set allowNestedItemsToBePublic: false" });
      }
      if (account.attrs.public_network_access_enabled !== false && account.attrs.network_rules?.default_action !== "Deny") {
        findings.push({
          path: account.path,
          message: 'accepts traffic from any network. Fix: set publicNetworkAccessEnabled: false or networkRules.defaultAction "Deny"',
        });
      }
    }
    return findings;
  },
};
