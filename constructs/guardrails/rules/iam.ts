import { type Finding, type GuardrailRule, isReference } from "../model";

interface Statement {
  effect?: string;
  actions: string[];
  principals: string[];
  resources: string[];
}

const asList = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

function fromDocumentData(statement: Record<string, any>): Statement {
  return {
    effect: statement.effect,
    actions: asList(statement.actions),
    principals: (statement.principals ?? []).flatMap((p: any) => asList(p.identifiers)),
    resources: asList(statement.resources),
  };
}

function fromPolicyJson(statement: Record<string, any>): Statement {
  const principal = statement.Principal;
  return {
    effect: statement.Effect,
    actions: asList(statement.Action),
    principals: typeof principal === "string" ? [principal] : Object.values(principal ?? {}).flatMap(asList),
    resources: asList(statement.Resource),
  };
}

// The one wildcard AWS and Databricks document: a key policy that lets the owning account's IAM
// administer its own key ("kms:*" to arn:aws:iam::ACCOUNT:root).
function documentedWildcard(statement: Statement): boolean {
  return (
    statement.actions.every((a) => a === "kms:*") &&
    statement.principals.length > 0 &&
    statement.principals.every((p) => /^arn:aws:iam::\d{12}:root$/.test(p))
  );
}

function wildcardProblem(statement: Statement): string | undefined {
  if ((statement.effect ?? "Allow") !== "Allow") return undefined;
  const wild = statement.actions.filter((a) => a === "*" || a.endsWith(":*"));
  if (wild.length === 0 || documentedWildcard(statement)) return undefined;
  return `allows the wildcard action(s) ${wild.join(", ")}. Fix: list the actions needed (Databricks documents them for each role), or use the Databricks policy data sources`;
}

export const noWildcardActions: GuardrailRule = {
  id: "LH-IAM-WILDCARD",
  summary: "IAM statements name their actions; no wildcard beyond the key-administration one AWS documents",
  check(view) {
    const findings: Finding[] = [];
    for (const document of view.data("aws_iam_policy_document")) {
      (document.attrs.statement ?? []).forEach((s: Record<string, any>, i: number) => {
        const problem = wildcardProblem(fromDocumentData(s));
        if (problem) findings.push({ path: document.path, message: `statement[${i}]${s.sid ? ` "${s.sid}"` : ""} ${problem}` });
      });
    }
    for (const type of ["aws_iam_role_policy", "aws_iam_policy"]) {
      for (const policy of view.resources(type)) {
        if (isReference(policy.attrs.policy) || typeof policy.attrs.policy !== "string") continue;
        let parsed: { Statement?: unknown } = {};
        try {
          parsed = JSON.parse(policy.attrs.policy);
        } catch {
          findings.push({ path: policy.path, message: "has a policy that is not valid JSON. Fix: build it with aws_iam_policy_document" });
          continue;
        }
        const statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
        statements.forEach((s: Record<string, any>, i: number) => {
          const problem = wildcardProblem(fromPolicyJson(s));
          if (problem) findings.push({ path: policy.path, message: `Statement[${i}] ${problem}` });
        });
      }
    }
    return findings;
  },
};
