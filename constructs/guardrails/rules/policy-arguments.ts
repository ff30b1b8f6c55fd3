import type { Finding, GuardrailRule } from "../model";

/**
 * What each argument of the Databricks provider's AWS policy data sources must be, as the
 * provider's documentation (docs/data-sources/aws_*.md, provider 1.99.0) asks: the provider pastes
 * these values into ARNs without checking them, so one in another format gives a document that AWS
 * accepts and that never matches (a key id as `kms_name` becomes `arn:aws:kms:<key id>`).
 * `literal` is what a typed-in value must match; `reference` the attributes a "${type.name.attr}"
 * may read (the attribute name, which is what gives the format away).
 */
interface ArgumentFormat {
  readonly what: string;
  readonly literal: RegExp;
  readonly reference: RegExp;
}

const ARN = (service: string): ArgumentFormat => ({
  what: `the ${service} ARN`,
  literal: new RegExp(`^arn:aws[a-z-]*:${service}:`),
  reference: /\.arn$/,
});
const BUCKET_NAME: ArgumentFormat = {
  what: "the bucket name (not its ARN)",
  literal: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  reference: /^aws_s3_bucket\.[^.]+\.(bucket|id)$/,
};
const ACCOUNT_ID: ArgumentFormat = { what: "the 12-digit AWS account id", literal: /^\d{12}$/, reference: /\.account_id$/ };
const ROLE_NAME: ArgumentFormat = {
  what: "the role name (not its ARN)",
  literal: /^[\w+=,.@-]{1,64}$/,
  reference: /^aws_iam_role\.[^.]+\.name$/,
};
const UUID: ArgumentFormat = {
  what: "the Databricks account id (a UUID)",
  literal: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  reference: /(account_id|external_id)$/,
};

export const POLICY_ARGUMENT_FORMATS: Record<string, Record<string, ArgumentFormat>> = {
  databricks_aws_unity_catalog_policy: { kms_name: ARN("kms"), bucket_name: BUCKET_NAME, aws_account_id: ACCOUNT_ID, role_name: ROLE_NAME },
  databricks_aws_unity_catalog_assume_role_policy: { aws_account_id: ACCOUNT_ID, role_name: ROLE_NAME },
  databricks_aws_bucket_policy: { bucket: BUCKET_NAME, full_access_role: ARN("iam"), databricks_e2_account_id: UUID },
  databricks_aws_crossaccount_policy: {
    aws_account_id: ACCOUNT_ID,
    pass_roles: ARN("iam"),
    vpc_id: { what: "the VPC id (vpc-...)", literal: /^vpc-[0-9a-f]+$/, reference: /^aws_vpc\.[^.]+\.id$/ },
    security_group_id: { what: "the security group id (sg-...)", literal: /^sg-[0-9a-f]+$/, reference: /^aws_security_group\.[^.]+\.id$/ },
    region: { what: "an AWS region", literal: /^[a-z]{2}(-gov)?-[a-z]+-\d$/, reference: /\.(region|name)$/ },
  },
};

function problem(value: unknown, format: ArgumentFormat): string | undefined {
  if (typeof value !== "string") return undefined;
  const reference = /^\$\{([^{}]+)\}$/.exec(value.trim());
  if (reference)
    return format.reference.test(reference[1].replace(/^data\./, ""))
      ? undefined
      : `reads ${reference[1]}, but the argument takes ${format.what}`;
  if (value.includes("${")) return undefined; // an interpolation of several parts: the engine checks it
  return format.literal.test(value) ? undefined : `is "${value}", but the argument takes ${format.what}`;
}

export const policyArgumentFormats: GuardrailRule = {
  id: "LH-POLICY-ARGS",
  summary:
    "arguments of the Databricks provider's AWS policy data sources are in the format their documentation asks for (ARNs, names, ids)",
  check(view) {
    const findings: Finding[] = [];
    for (const [type, formats] of Object.entries(POLICY_ARGUMENT_FORMATS)) {
      for (const block of view.data(type)) {
        for (const [argument, format] of Object.entries(formats)) {
          const values = Array.isArray(block.attrs[argument]) ? block.attrs[argument] : [block.attrs[argument]];
          for (const value of values) {
            const found = problem(value, format);
            if (found) findings.push({ path: block.path, message: `${type}.${argument} ${found}. Fix: pass ${format.what}` });
          }
        }
      }
    }
    return findings;
  },
};
