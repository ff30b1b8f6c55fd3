import { DataAwsIamPolicyDocument } from "@cdktn/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktn/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktn/provider-aws/lib/kms-key";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { stateAccessLogBucketName } from "../../config/cloud-names";
import { useProviderWithin } from "../provider-scope";
import { AccessLogBucket } from "./access-log-bucket";
import type { ActionStatement } from "./deploy-actions";
import { SecureBucket } from "./secure-bucket";

/** An S3 state store as config names it (state.backend "s3"). */
export interface S3StateStore {
  readonly bucket: string;
  readonly region: string;
  readonly kmsKeyArn?: string;
}

/**
 * What a CI role does with the state of some stacks: `plan` (read, and take the lock), `deploy` (read
 * and write, and take the lock), or `read` (read only, as a `terraform_remote_state` data source does:
 * no lock, no write).
 */
export type StateAccess = "read" | "plan" | "deploy";

/** One CI role's access to the state of some stacks. */
export interface StateUse {
  /** The role's ARN (of any account). */
  readonly roleArn: string;
  /** Object keys of the state files (KEYPREFIX/STACK.tfstate). */
  readonly keys: readonly string[];
  readonly access: StateAccess;
}

/**
 * The identity-policy statements a CI role needs for the state files `keys` of `store`, as the S3
 * backend uses them (OpenTofu/Terraform docs, S3 backend, "Permissions"): list the keys, read them,
 * write them when deploying, and create and delete their lock files (`KEY.tflock`, native S3
 * locking), which a plan takes too. With a customer key on the store, use of that key. `read` (a
 * remote-state data source) lists and reads the keys and nothing more: it takes no lock, and with a
 * customer key it may only decrypt. Its statement ids differ from the others', so both kinds fit in
 * one policy.
 */
export function stateAccessStatements(store: S3StateStore, keys: readonly string[], access: StateAccess): ActionStatement[] {
  const objects = (suffix: string) => keys.map((key) => `arn:aws:s3:::${store.bucket}/${key}${suffix}`);
  const list = (sid: string): ActionStatement => ({
    sid,
    actions: ["s3:ListBucket"],
    resources: [`arn:aws:s3:::${store.bucket}`],
    condition: [{ test: "StringEquals", variable: "s3:prefix", values: [...keys] }],
  });
  if (access === "read") {
    const statements = [list("ListReadOnlyState"), { sid: "ReadOnlyState", actions: ["s3:GetObject"], resources: objects("") }];
    if (store.kmsKeyArn) statements.push({ sid: "ReadOnlyStateKey", actions: ["kms:Decrypt"], resources: [store.kmsKeyArn] });
    return statements;
  }
  const write = access === "deploy";
  const statements: ActionStatement[] = [
    list("ListStateKeys"),
    {
      sid: write ? "ReadWriteState" : "ReadState",
      actions: write ? ["s3:GetObject", "s3:PutObject"] : ["s3:GetObject"],
      resources: objects(""),
    },
    { sid: "LockState", actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: objects(".tflock") },
  ];
  if (store.kmsKeyArn)
    statements.push({ sid: "StateKey", actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], resources: [store.kmsKeyArn] });
  return statements;
}

export interface TerraformStateBucketProps {
  readonly provider: TerraformProvider;
  readonly store: S3StateStore;
  /** The account the bucket is created in. */
  readonly accountId: string;
  /** Roles of other AWS accounts that use state here (same-account roles need only their own policies). */
  readonly crossAccountUses: readonly StateUse[];
}

/**
 * The S3 bucket that keeps the Terraform state config names: private, versioned (every state
 * version can be restored), encrypted, TLS only, never destroyed by Terraform (SecureBucket with
 * deletion protection). The state objects themselves are encrypted as the backend asks (SSE-S3, or
 * `state.kmsKeyArn`); a customer key of its own encrypts anything written without a header. Roles of
 * other accounts are admitted by ARN (aws:PrincipalArn, which keeps the policy non-public: Amazon S3
 * User Guide, "The meaning of public") to exactly their state keys, read-only where they only read.
 * Every request to it (a state read leaves a trace: state holds secrets and every resource id) is
 * recorded by S3 server access logging in a bucket beside it, "<bucket>-access-logs" (an
 * AccessLogBucket that takes this bucket's logs only, kept a year, deletion-protected too). Config
 * refuses a state bucket name too long for that name (config/cloud-names.ts).
 */
export class TerraformStateBucket extends Construct {
  readonly bucket: SecureBucket;
  readonly accessLogs: AccessLogBucket;

  constructor(scope: Construct, id: string, props: TerraformStateBucketProps) {
    super(scope, id);
    const { provider, store } = props;
    const keyArn = store.kmsKeyArn ?? this.ownKey(props.accountId, store.bucket).arn;
    const crossAccount = props.crossAccountUses.flatMap((use, index) =>
      stateAccessStatements(store, use.keys, use.access)
        .filter((s) => !s.actions.some((a) => a.startsWith("kms:")))
        .map((s) => ({
          sid: `${s.sid}${index}`,
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: s.actions,
          resources: s.resources,
          condition: [...(s.condition ?? []), { test: "ArnEquals", variable: "aws:PrincipalArn", values: [use.roleArn] }],
        })),
    );
    const policyDocuments =
      crossAccount.length > 0
        ? [new DataAwsIamPolicyDocument(this, "cross-account", { provider, statement: crossAccount }).json]
        : undefined;
    this.accessLogs = new AccessLogBucket(this, "access-logs", {
      name: store.bucket,
      awsAccountId: props.accountId,
      deletionProtection: true,
      only: { bucketName: stateAccessLogBucketName(store.bucket), loggedBucket: store.bucket },
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: store.bucket,
      kmsKeyArn: keyArn,
      deletionProtection: true,
      policyDocuments,
      accessLogs: this.accessLogs.target("state"),
    });
    useProviderWithin(this, provider);
  }

  /** A rotated key the account's IAM administers (the one wildcard AWS documents for key policies: AWS KMS Developer Guide, "Default key policy"). */
  private ownKey(accountId: string, bucket: string): KmsKey {
    const policy = new DataAwsIamPolicyDocument(this, "key-policy", {
      statement: [
        {
          sid: "AccountAdministersKey",
          principals: [{ type: "AWS", identifiers: [`arn:aws:iam::${accountId}:root`] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
      ],
    });
    const key = new KmsKey(this, "key", {
      description: `Terraform state bucket ${bucket}`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 30,
      policy: policy.json,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, "key-alias", { name: `alias/${bucket}-state`, targetKeyId: key.keyId });
    return key;
  }
}
