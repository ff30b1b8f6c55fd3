import { s3NamingRuleBroken } from "../cloud-names";
import type { AddProblem } from "./problem";

// The S3 buckets of an AWS environment are named after it: "<name>-lakehouse-" then what the bucket
// holds and the AWS account id (constructs/aws/workspace-foundation.ts: root, data, access-logs,
// audit-logs). The environment's name is checked by the schema's own pattern; what that pattern lets
// through and S3 refuses is a reserved prefix ("xn--", "sthree-", "amzn-s3-demo-"; AWS S3 User Guide,
// "General purpose bucket naming rules"), which an apply would only meet at CreateBucket.

/** The longest of the bucket names the environment's stacks derive from its name. */
const longestBucket = (name: string, awsAccountId: string) => `${name}-lakehouse-access-logs-${awsAccountId}`;

/**
 * Takes an AWS environment's name and AWS account id; reports a name whose buckets S3 would refuse,
 * with the rule they break and the fix.
 */
export function checkBucketNames(env: { readonly name: string; readonly aws: { readonly accountId: string } }, add: AddProblem): void {
  // A malformed account id or a name with characters outside the schema's pattern is the schema's to report.
  if (!/^\d{12}$/.test(env.aws.accountId) || !/^[a-z][a-z0-9-]*$/.test(env.name)) return;
  const bucket = longestBucket(env.name, env.aws.accountId);
  const broken = s3NamingRuleBroken(bucket);
  if (!broken) return;
  add(
    ["name"],
    `names the environment's S3 buckets ("${bucket}" and its siblings), which S3 refuses: the name ${broken}. Fix: choose a name S3 accepts at the start of a bucket name, e.g. "${env.name.replace(/^(xn--|sthree-|amzn-s3-demo-)/, "") || "analytics"}"`,
  );
}
