import { AccessControlRuleSet } from "@cdktn/provider-databricks/lib/access-control-rule-set";
import { BudgetPolicy } from "@cdktn/provider-databricks/lib/budget-policy";
import type { Group } from "@cdktn/provider-databricks/lib/group";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";

/** The personas whose serverless notebooks are attributed to them: those who write and run code. */
export const NOTEBOOK_PERSONAS = ["dataEngineers", "dataScientists", "analysts"] as const;
export type NotebookPersona = (typeof NOTEBOOK_PERSONAS)[number];

export interface PersonaBudgetPoliciesProps {
  /** The account-level provider. */
  readonly provider: TerraformProvider;
  readonly databricksAccountId: string;
  readonly environment: string;
  readonly workspaceId: number;
  /** The environment's cost tags (constructs/cost-tags), which every policy carries so the budget still counts the usage. */
  readonly tags: Readonly<Record<string, string>>;
  /** The account groups of the personas (WorkspaceEnrollment's). */
  readonly groups: Readonly<Record<NotebookPersona, Group>>;
}

/**
 * One serverless budget policy per persona that runs notebooks (engineers, scientists, analysts),
 * bound to the workspace, carrying the environment's cost tags plus `Persona`, and usable by that
 * persona's group only (`databricks_access_control_rule_set` with roles/budgetPolicy.user: provider
 * docs, "Budget policy usage"). A member's serverless notebooks then bill under the group's policy, so
 * usage splits by persona within the environment's budget (Databricks docs, "Attribute usage with
 * serverless budget policies"). Jobs keep the environment's own policy (CostControls).
 */
export class PersonaBudgetPolicies extends Construct {
  readonly policies: Record<NotebookPersona, BudgetPolicy>;

  constructor(scope: Construct, id: string, props: PersonaBudgetPoliciesProps) {
    super(scope, id);
    const { provider } = props;
    const policy = (persona: NotebookPersona): BudgetPolicy => {
      const slug = persona.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
      const created = new BudgetPolicy(this, persona, {
        provider,
        policyName: `${props.environment}-serverless-${slug}`,
        customTags: [...Object.entries(props.tags), ["Persona", slug]].map(([key, value]) => ({ key, value })),
        bindingWorkspaceIds: [props.workspaceId],
      });
      new AccessControlRuleSet(this, `${persona}-use`, {
        provider,
        name: `accounts/${props.databricksAccountId}/budgetPolicies/${created.policyId}/ruleSets/default`,
        grantRules: [{ role: "roles/budgetPolicy.user", principals: [props.groups[persona].aclPrincipalId] }],
      });
      return created;
    };
    this.policies = {
      dataEngineers: policy("dataEngineers"),
      dataScientists: policy("dataScientists"),
      analysts: policy("analysts"),
    };
  }
}
