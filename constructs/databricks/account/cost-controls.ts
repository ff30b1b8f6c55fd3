import { Budget } from "@cdktn/provider-databricks/lib/budget";
import { BudgetPolicy } from "@cdktn/provider-databricks/lib/budget-policy";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { REQUIRED_TAGS } from "../../cost-tags";

export interface CostControlsProps {
  /** The account-level provider. */
  readonly provider: TerraformProvider;
  readonly environment: string;
  /** The environment's cost tags (constructs/cost-tags): the budget counts usage carrying all of them. */
  readonly tags: Readonly<Record<string, string>>;
  /** Tag keys the budget filters on (each must be in `tags`); default: the tags the guardrails require (Owner, Environment, CostCenter). */
  readonly filterKeys?: readonly string[];
  readonly workspaceId: number;
  /** Monthly list-price spend in USD. */
  readonly monthlyBudgetUsd: number;
  /** Percentages of the budget at which `ownerEmails` are mailed. */
  readonly alertAtPercent: readonly number[];
  readonly ownerEmails: readonly string[];
}

/**
 * The environment's cost guardrails at account level: a monthly budget over the usage that carries
 * the environment's cost tags, mailing the owner at each threshold (`databricks_budget`; Databricks
 * docs, "Create and monitor budgets"), and a serverless budget policy that stamps the same tags on
 * serverless usage of the workspace (`databricks_budget_policy`, bound to it), so that serverless SQL,
 * jobs and notebooks count against the budget too. Budgets alert; they do not stop spend.
 */
export class CostControls extends Construct {
  readonly budget: Budget;
  readonly policy: BudgetPolicy;

  constructor(scope: Construct, id: string, props: CostControlsProps) {
    super(scope, id);
    const { provider } = props;
    const filterKeys = props.filterKeys ?? REQUIRED_TAGS;
    const missing = filterKeys.filter((key) => props.tags[key] === undefined);
    if (missing.length > 0)
      throw new Error(
        `${this.node.path}: the budget filters on tag(s) ${missing.join(", ")}, which the environment's cost tags lack. Fix: filter on keys of constructs/cost-tags`,
      );
    this.budget = new Budget(this, "budget", {
      provider,
      displayName: `${props.environment} monthly budget`,
      filter: { tags: filterKeys.map((key) => ({ key, value: { operator: "IN", values: [props.tags[key]] } })) },
      alertConfigurations: props.alertAtPercent.map((percent) => ({
        timePeriod: "MONTH",
        triggerType: "CUMULATIVE_SPENDING_EXCEEDED",
        quantityType: "LIST_PRICE_DOLLARS_USD",
        // Whole cents: the API takes the amount as a decimal string.
        quantityThreshold: (Math.round(props.monthlyBudgetUsd * percent) / 100).toFixed(2),
        actionConfigurations: props.ownerEmails.map((target) => ({ actionType: "EMAIL_NOTIFICATION", target })),
      })),
    });
    this.policy = new BudgetPolicy(this, "serverless-policy", {
      provider,
      policyName: `${props.environment}-serverless`,
      customTags: Object.entries(props.tags).map(([key, value]) => ({ key, value })),
      bindingWorkspaceIds: [props.workspaceId],
    });
  }
}
