import type { Finding, GuardrailRule, SynthesizedBlock } from "../model";

/**
 * In a prod stack, a serverless workspace (`databricks_mws_workspaces` with compute_mode "SERVERLESS")
 * runs all its jobs and notebooks on serverless compute, whose only egress control is the account
 * network policy (Databricks docs, "Manage network policies for serverless egress control"). The
 * workspace must be bound (`databricks_workspace_network_option`) to a `databricks_account_network_policy`
 * of this stack that restricts egress (restriction_mode RESTRICTED_ACCESS) and enforces it
 * (enforcement_mode ENFORCED, not DRY_RUN). Stacks of other stages and classic workspaces pass.
 */
export const prodServerlessEgressRestricted: GuardrailRule = {
  id: "LH-SERVERLESS-EGRESS-RESTRICTED",
  summary: "a prod serverless workspace is bound to an enforced, restricting account network policy",
  check(view) {
    if (view.options.stage !== "prod") return [];
    const findings: Finding[] = [];
    const fix =
      "Fix: turn security.serverlessEgress on without dryRun (ServerlessEgress binds the workspace to a RESTRICTED_ACCESS policy in ENFORCED mode), listing needed destinations in allowedDomains";
    for (const workspace of view.resources("databricks_mws_workspaces")) {
      if (workspace.attrs.compute_mode !== "SERVERLESS") continue;
      const bindings = view.referencedBy("databricks_workspace_network_option", "workspace_id", workspace, "workspace_id");
      const policies = bindings.map((binding) =>
        policyOf(view.resources("databricks_account_network_policy"), binding.attrs.network_policy_id, view.literal),
      );
      const restricting = policies.filter((policy): policy is SynthesizedBlock => policy !== undefined && restricts(policy));
      if (restricting.length === 0)
        findings.push({
          path: workspace.path,
          message: `is a prod serverless workspace not bound to an enforced account network policy that restricts egress, so its jobs and notebooks can reach the whole internet. ${fix}`,
        });
    }
    return findings;
  },
};

/** The policy a binding's network_policy_id names: by reference to its network_policy_id, or by the literal id. */
function policyOf(policies: SynthesizedBlock[], named: unknown, literal: (value: unknown) => unknown): SynthesizedBlock | undefined {
  if (typeof named !== "string") return undefined;
  const reference = /^\$\{databricks_account_network_policy\.([^.}]+)\.network_policy_id\}$/.exec(named.trim());
  if (reference) return policies.find((policy) => policy.name === reference[1]);
  const id = literal(named);
  return policies.find((policy) => policy.attrs.network_policy_id === id);
}

function restricts(policy: SynthesizedBlock): boolean {
  const access = policy.attrs.egress?.network_access;
  return access?.restriction_mode === "RESTRICTED_ACCESS" && (access.policy_enforcement?.enforcement_mode ?? "ENFORCED") === "ENFORCED";
}
