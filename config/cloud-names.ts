// Names the clouds refuse, checked before an apply fails on them.

/**
 * Takes an S3 bucket name; gives undefined when S3 accepts it for a general purpose bucket, otherwise
 * the reason and the fix. Rules from AWS S3 User Guide, "General purpose bucket naming rules": 3-63
 * lowercase letters, digits, "." and "-", starting and ending with a letter or digit, no two adjacent
 * periods, not shaped like an IP address, no reserved prefix or suffix.
 */
export function s3BucketNameProblem(bucket: string): string | undefined {
  const reason = s3NamingRuleBroken(bucket);
  if (!reason) return undefined;
  const cleaned = bucket.replace(/\.{2,}/g, ".").replace(/\.-|-\./g, "-");
  const fix =
    cleaned !== bucket && !s3NamingRuleBroken(cleaned)
      ? `Fix: "${cleaned}"`
      : 'Fix: 3-63 lowercase letters, digits, "." or "-", starting and ending with a letter or digit, e.g. "acme-terraform-state"';
  return `is not an S3 bucket name: it ${reason}. ${fix}`;
}

/** The suffix of the bucket that takes a Terraform state bucket's server access logs (constructs/aws/terraform-state-bucket.ts). */
const STATE_ACCESS_LOGS_SUFFIX = "-access-logs";

/**
 * Takes the name of a Terraform state bucket; gives the name of the bucket beside it that takes its
 * S3 server access logs, which the bootstrap creates with it: "<bucket>-access-logs". A state bucket
 * name is globally unique already, so the log bucket's is too unless someone else took it.
 */
export function stateAccessLogBucketName(stateBucket: string): string {
  return `${stateBucket}${STATE_ACCESS_LOGS_SUFFIX}`;
}

/** The longest state bucket name whose log bucket S3 still accepts (63 characters in all). */
const LONGEST_STATE_BUCKET = 63 - STATE_ACCESS_LOGS_SUFFIX.length;

/**
 * Takes a Terraform state bucket name (`state.bucket`); gives undefined when S3 accepts it and the name
 * of its access-log bucket, otherwise the reason and the fix: a valid name longer than 51 characters
 * would give a log bucket name over S3's 63, which CreateBucket refuses at the bootstrap's apply.
 */
export function s3StateBucketNameProblem(bucket: string): string | undefined {
  const problem = s3BucketNameProblem(bucket);
  if (problem || bucket.length <= LONGEST_STATE_BUCKET) return problem;
  const logs = stateAccessLogBucketName(bucket);
  return `is ${bucket.length} characters long: the bootstrap keeps its access logs in "${logs}" (${logs.length} characters), over S3's 63. Fix: a state bucket name of at most ${LONGEST_STATE_BUCKET} characters, e.g. "${bucket.slice(0, LONGEST_STATE_BUCKET).replace(/[.-]+$/, "")}"`;
}

/** Takes an S3 bucket name; gives the naming rule it breaks ("starts with \"xn--\", a prefix S3 reserves"), or undefined. */
export function s3NamingRuleBroken(bucket: string): string | undefined {
  if (bucket.length < 3 || bucket.length > 63) return `is ${bucket.length} characters long (3-63 allowed)`;
  if (!/^[a-z0-9.-]+$/.test(bucket)) return 'has characters other than lowercase letters, digits, "." and "-"';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(bucket)) return "does not start and end with a letter or digit";
  if (bucket.includes("..")) return "has two adjacent periods";
  if (/\.-|-\./.test(bucket)) return "has a period next to a hyphen (not a valid DNS name for virtual-hosted access)";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return "is shaped like an IP address";
  const prefix = ["xn--", "sthree-", "amzn-s3-demo-"].find((reserved) => bucket.startsWith(reserved));
  if (prefix) return `starts with "${prefix}", a prefix S3 reserves`;
  const suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((reserved) => bucket.endsWith(reserved));
  if (suffix) return `ends with "${suffix}", a suffix S3 reserves`;
  return undefined;
}

/**
 * Takes an Azure resource group name; gives undefined when Azure accepts it, otherwise the reason and
 * the fix. Rules from Azure Resource Manager, "Naming rules and restrictions" (Microsoft.Resources/
 * resourcegroups): 1-90 letters, digits, "_", "-", ".", "(" and ")", not ending with a period.
 */
export function resourceGroupNameProblem(name: string): string | undefined {
  const fix = 'Fix: 1-90 letters, digits, "_", "-", ".", "(" or ")", not ending with ".", e.g. "rg-terraform-state"';
  if (name.length < 1 || name.length > 90) return `is ${name.length} characters long; resource group names are 1-90. ${fix}`;
  const invalid = [...new Set(name.match(/[^\p{L}\p{N}_().-]/gu) ?? [])];
  if (invalid.length > 0)
    return `has characters a resource group name cannot hold (${invalid.map((c) => (c === " " ? "space" : `"${c}"`)).join(", ")}). ${fix}`;
  if (name.endsWith(".")) return `ends with a period, which Azure refuses. ${fix}`;
  return undefined;
}
