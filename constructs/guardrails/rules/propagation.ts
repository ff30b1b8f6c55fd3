import type { Finding, GuardrailRule } from "../model";

/** Resources that grant a principal something the cloud enforces only after it has propagated. */
export const GRANT_TYPES = [
  "azurerm_role_assignment",
  "azurerm_key_vault_access_policy",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_iam_policy_attachment",
];

export const grantPropagation: GuardrailRule = {
  id: "LH-GRANT-PROPAGATION",
  summary:
    "a create that needs a grant made in the same apply depends on a propagation wait (time_sleep) after it, never on the grant itself",
  check(view) {
    const findings: Finding[] = [];
    const grantAddress = new RegExp(`^(${GRANT_TYPES.join("|")})\\.`);
    for (const block of view.blocks) {
      if (block.type === "time_sleep") continue;
      for (const dependency of (block.attrs.depends_on ?? []) as string[]) {
        const address = String(dependency).replace(/^\$\{|\}$/g, "");
        if (grantAddress.test(address)) {
          findings.push({
            path: block.path,
            message: `depends on the grant ${address} itself, which the cloud may not enforce yet when this is created. Fix: depend on a PropagationWait after the grant (constructs/propagation-wait.ts)`,
          });
        }
      }
    }
    return findings;
  },
};
