import { DATABRICKS_CONTROL_PLANE_ACCOUNT } from "../constructs/aws/databricks-aws-accounts";
import { exampleEnvironments, synthBlueprint } from "./helpers";

// Every policy that admits a principal of Databricks' AWS account (shared by every Databricks
// customer) must hold only for the environment's own Databricks account, in the way Databricks
// documents for that policy:
// - bucket and key policies naming the control plane: aws:PrincipalTag/DatabricksAccountId equal to
//   the account (databricks_aws_bucket_policy's databricks_e2_account_id; "Configure customer-managed
//   keys for encryption");
// - role trusts (cross-account role, log delivery role): sts:ExternalId equal to the account
//   ("Create an IAM role for workspace deployment"; "Step 2: Configure credentials for audit log delivery");
// - the Unity Catalog role's trust: sts:ExternalId equal to its storage credential's external id,
//   which Databricks issues for that credential in this account ("Create a storage credential for
//   connecting to AWS S3").
// VPC endpoint policies are left out: they grant nothing, they only narrow what callers inside the
// VPC may do through the endpoint (Amazon VPC, "Control access to VPC endpoints using endpoint policies").

type Json = Record<string, any>;

interface Findings {
  /** Statements or data sources admitting a Databricks principal, and found bound to the account. */
  readonly bound: string[];
  /** The same, not bound: each names the document and what is missing. */
  readonly unbound: string[];
  /** Documents naming Databricks that only endpoint policies use. */
  readonly endpointPolicies: string[];
}

const names = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);
const namesDatabricks = (values: string[]) =>
  values.some((v) => v === DATABRICKS_CONTROL_PLANE_ACCOUNT || v.includes(`::${DATABRICKS_CONTROL_PLANE_ACCOUNT}:`));

/** Whether a statement of an aws_iam_policy_document holds only for `accountId`. */
function statementBound(statement: Json, accountId: string): boolean {
  const conditions: Json[] = statement.condition ?? [];
  const equals = (variable: string) =>
    conditions.some(
      (c) => c.test === "StringEquals" && c.variable === variable && names(c.values).length === 1 && names(c.values)[0] === accountId,
    );
  const assumesOnly = names(statement.actions).length > 0 && names(statement.actions).every((a) => a === "sts:AssumeRole");
  return equals("aws:PrincipalTag/DatabricksAccountId") || (assumesOnly && equals("sts:ExternalId"));
}

/** Walks one synthesized stack's policy documents and the Databricks provider's policy data sources. */
function databricksAdmissions(stack: Json, accountId: string): Findings {
  const bound: string[] = [];
  const unbound: string[] = [];
  const endpointPolicies: string[] = [];
  const data: Json = stack.data ?? {};
  const resources: Json = stack.resource ?? {};
  const endpointPolicyText = JSON.stringify(resources.aws_vpc_endpoint_policy ?? {});
  const otherResourceText = JSON.stringify(
    Object.fromEntries(Object.entries(resources).filter(([type]) => type !== "aws_vpc_endpoint_policy")),
  );
  const otherDataText = JSON.stringify(Object.fromEntries(Object.entries(data).filter(([type]) => type !== "aws_iam_policy_document")));

  for (const [id, document] of Object.entries<Json>(data.aws_iam_policy_document ?? {})) {
    const where = `data.aws_iam_policy_document.${id}`;
    const admitting = (document.statement ?? []).filter(
      (s: Json) => (s.effect ?? "Allow") === "Allow" && namesDatabricks((s.principals ?? []).flatMap((p: Json) => names(p.identifiers))),
    );
    if (admitting.length === 0) continue;
    const reference = `${where}.json`;
    const usedByEndpointPolicy = endpointPolicyText.includes(reference);
    const usedElsewhere =
      otherResourceText.includes(reference) ||
      otherDataText.includes(reference) ||
      JSON.stringify(data.aws_iam_policy_document).split(reference).length > 1;
    if (usedByEndpointPolicy && !usedElsewhere) {
      endpointPolicies.push(where);
      continue;
    }
    for (const statement of admitting) {
      const label = `${where} statement ${statement.sid ?? "(no sid)"}`;
      if (statementBound(statement, accountId)) bound.push(label);
      else
        unbound.push(
          `${label}: admits Databricks without aws:PrincipalTag/DatabricksAccountId (or, for sts:AssumeRole, sts:ExternalId) = ${accountId}`,
        );
    }
  }
  for (const [id, source] of Object.entries<Json>(data.databricks_aws_bucket_policy ?? {})) {
    const where = `data.databricks_aws_bucket_policy.${id}`;
    if (source.full_access_role !== undefined) {
      // The statement names that role instead of Databricks: the role's own trust is checked below.
      if (namesDatabricks([String(source.full_access_role)])) unbound.push(`${where}: full_access_role is a Databricks principal`);
      continue;
    }
    if (source.databricks_e2_account_id === accountId) bound.push(where);
    else
      unbound.push(
        `${where}: admits Databricks' control plane; databricks_e2_account_id is ${JSON.stringify(source.databricks_e2_account_id)}, not ${accountId}`,
      );
  }
  for (const [id, source] of Object.entries<Json>(data.databricks_aws_assume_role_policy ?? {})) {
    const where = `data.databricks_aws_assume_role_policy.${id}`;
    if (source.external_id === accountId) bound.push(where);
    else unbound.push(`${where}: external_id is ${JSON.stringify(source.external_id)}, not the Databricks account ${accountId}`);
  }
  for (const [id, source] of Object.entries<Json>(data.databricks_aws_unity_catalog_assume_role_policy ?? {})) {
    const where = `data.databricks_aws_unity_catalog_assume_role_policy.${id}`;
    if (/^\$\{databricks_storage_credential\.[^.]+\.aws_iam_role\[0\]\.external_id\}$/.test(String(source.external_id))) bound.push(where);
    else
      unbound.push(
        `${where}: external_id is ${JSON.stringify(source.external_id)}, not the external id of the storage credential naming the role`,
      );
  }
  // A Databricks principal written straight into a resource's policy text would escape the walk above.
  for (const [type, byId] of Object.entries<Json>(resources)) {
    for (const [id, resource] of Object.entries<Json>(byId)) {
      if (JSON.stringify(resource).includes(DATABRICKS_CONTROL_PLANE_ACCOUNT))
        unbound.push(`${type}.${id}: names Databricks' account in literal text; build the policy with a policy document or data source`);
    }
  }
  return { bound, unbound, endpointPolicies };
}

const environments = exampleEnvironments();
const stacks = synthBlueprint(Object.values(environments));
const awsStacks = Object.entries(stacks)
  .map(([name, json]) => ({ name, stack: JSON.parse(json) as Json }))
  // The bootstrap stacks admit GitHub's identity provider, never Databricks (__tests__/bootstrap.test.ts checks that).
  .filter(({ name, stack }) => stack.provider?.aws !== undefined && !name.startsWith("bootstrap-"))
  .map(({ name, stack }) => {
    const env = Object.values(environments).find((e) => name.startsWith(`${e.name}-`));
    if (!env) throw new Error(`no environment for stack ${name}`);
    return { name, stack, accountId: env.databricks.accountId };
  });

describe("policies admitting Databricks hold only for the environment's Databricks account", () => {
  it("finds the AWS stacks of the example estate", () => {
    expect(awsStacks.map((s) => s.name).sort()).toEqual(["dev-aws-workspace", "prod-aws-workspace", "sandbox-aws-workspace"]);
  });

  it.each(awsStacks.map((s) => [s.name, s] as const))("%s: every admission is bound", (name, { stack, accountId }) => {
    const findings = databricksAdmissions(stack, accountId);
    expect(findings.unbound).toEqual([]);
    // Not vacuous. Classic: the cross-account trust, the root bucket, the Unity Catalog trust and the three
    // key statements at least. Serverless (no cross-account role, no root bucket): the Unity Catalog trust
    // and the managed-services key.
    expect(findings.bound.length).toBeGreaterThanOrEqual(name.startsWith("sandbox-") ? 2 : 6);
  });

  it("checks the audit-log delivery of prod: its trust is bound, its bucket policy names the delivery role, not Databricks", () => {
    const prod = awsStacks.find((s) => s.name === "prod-aws-workspace")!;
    const findings = databricksAdmissions(prod.stack, prod.accountId);
    expect(findings.bound.filter((b) => b.includes("audit-logs"))).toEqual([
      expect.stringMatching(/^data\.databricks_aws_assume_role_policy\.audit-logs_trust_/),
    ]);
    const [policy] = Object.values<Json>(prod.stack.data.databricks_aws_bucket_policy).filter((p) => p.bucket.includes("audit-logs"));
    expect(policy.full_access_role).toMatch(/^\$\{aws_iam_role\.audit-logs_role_[0-9A-F]+\.arn\}$/);
  });

  it("leaves out only the endpoint policies of prod (they grant nothing)", () => {
    const prod = awsStacks.find((s) => s.name === "prod-aws-workspace")!;
    expect(databricksAdmissions(prod.stack, prod.accountId).endpointPolicies.map((w) => w.replace(/_[0-9A-F]+$/, ""))).toEqual([
      "data.aws_iam_policy_document.endpoint-policies_kinesis",
      "data.aws_iam_policy_document.endpoint-policies_sts",
    ]);
  });

  describe("fails where a binding is missing or names another account", () => {
    const prod = awsStacks.find((s) => s.name === "prod-aws-workspace")!;
    const doctored = (edit: (stack: Json) => void) => {
      const copy = structuredClone(prod.stack);
      edit(copy);
      return databricksAdmissions(copy, prod.accountId).unbound;
    };
    const one = (byId: Json, match: string) => Object.entries<Json>(byId).find(([id]) => id.includes(match))![1];

    it("root bucket policy without databricks_e2_account_id", () => {
      expect(doctored((s) => delete one(s.data.databricks_aws_bucket_policy, "root-bucket").databricks_e2_account_id)).toEqual([
        expect.stringContaining("root-bucket-policy: admits Databricks' control plane"),
      ]);
    });
    it("audit-log bucket policy in the control-plane form (no full_access_role, no account)", () => {
      expect(doctored((s) => delete one(s.data.databricks_aws_bucket_policy, "audit-logs").full_access_role)).toEqual([
        expect.stringContaining("audit-logs_bucket-policy"),
      ]);
    });
    it("key statement conditioned on another Databricks account", () => {
      const unbound = doctored((s) => {
        const statement = one(s.data.aws_iam_policy_document, "managed-services-key").statement.find(
          (st: Json) => st.sid === "DatabricksEncryptsManagedServices",
        );
        statement.condition[0].values = ["11111111-1111-4111-8111-111111111111"];
      });
      expect(unbound).toEqual([expect.stringContaining("statement DatabricksEncryptsManagedServices: admits Databricks without")]);
    });
    it("log delivery trust with another external id", () => {
      expect(doctored((s) => (one(s.data.databricks_aws_assume_role_policy, "audit-logs").external_id = "another"))).toEqual([
        expect.stringContaining("audit-logs_trust_"),
      ]);
    });
    it("Unity Catalog trust with a hand-written external id", () => {
      expect(
        doctored((s) => (one(s.data.databricks_aws_unity_catalog_assume_role_policy, "lakehouse-storage").external_id = prod.accountId)),
      ).toEqual([expect.stringContaining("not the external id of the storage credential")]);
    });
    it("an endpoint policy document reused as a bucket policy", () => {
      const unbound = doctored((s) => {
        const [id] = Object.keys(s.data.aws_iam_policy_document).filter((k) => k.startsWith("endpoint-policies_sts"));
        one(s.resource.aws_s3_bucket_policy, "root-bucket").policy = `\${data.aws_iam_policy_document.${id}.json}`;
      });
      expect(unbound).toEqual(expect.arrayContaining([expect.stringContaining("statement DatabricksPrincipalsAssumeDatabricksRoles")]));
    });
    it("a Databricks principal written into a role's trust as text", () => {
      const unbound = doctored(
        (s) =>
          (one(s.resource.aws_iam_role, "cross-account").assume_role_policy = JSON.stringify({
            Statement: [
              { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${DATABRICKS_CONTROL_PLANE_ACCOUNT}:root` }, Action: "sts:AssumeRole" },
            ],
          })),
      );
      expect(unbound).toEqual([expect.stringContaining("aws_iam_role.cross-account_role_")]);
    });
  });
});
