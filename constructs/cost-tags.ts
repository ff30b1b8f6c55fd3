export interface CostTags {
  readonly owner: string;
  readonly costCenter: string;
}

/** The tags every billable resource carries, so cost reports split by owner, environment and cost center. */
export function costTags(tags: CostTags, environment: string): Record<string, string> {
  return { Owner: tags.owner, Environment: environment, CostCenter: tags.costCenter, ManagedBy: "cdktf" };
}
