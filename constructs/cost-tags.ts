export interface CostTags {
  readonly owner: string;
  readonly costCenter: string;
}

/** Tag keys the guardrails require on every taggable resource. */
export const REQUIRED_TAGS = ["Owner", "Environment", "CostCenter"] as const;

/** The tags every billable resource carries, so cost reports split by owner, environment and cost center. */
export function costTags(tags: CostTags, environment: string): Record<string, string> {
  return { Owner: tags.owner, Environment: environment, CostCenter: tags.costCenter, ManagedBy: "cdktf" };
}
