// Whether a plan made at deploy time is the plan a person reviewed in the pull request. Compared
// are the resource changes of `tofu show -json PLAN` (OpenTofu/Terraform "JSON output format":
// resource_changes[].address, change.actions, change.after, change.after_unknown,
// change.after_sensitive): the same resources, the same actions, the same resulting values. Values
// marked sensitive are replaced by a marker before anything is kept or compared, so a reviewed
// record holds no secret; a secret's new value is a change nobody could review anyway.

export type Action = "no-op" | "create" | "read" | "update" | "delete" | "forget";

export interface PlanResourceChange {
  address: string;
  mode?: string;
  type?: string;
  change: { actions: Action[]; after?: unknown; after_unknown?: unknown; after_sensitive?: unknown };
}

export interface PlanJson {
  resource_changes?: PlanResourceChange[];
  output_changes?: Record<string, { actions: Action[] }>;
}

/** One change as kept in a reviewed record: what is done to which resource, and what it becomes. */
export interface ReviewedChange {
  readonly address: string;
  readonly actions: Action[];
  /** The resulting values, sensitive ones replaced by SENSITIVE. */
  readonly after: unknown;
  /** Which resulting values are known only after apply. */
  readonly afterUnknown: unknown;
}

export const SENSITIVE = "(sensitive value)";

/** `value` with every part that `mask` (after_sensitive) marks true replaced by SENSITIVE. */
export function redact(value: unknown, mask: unknown): unknown {
  if (mask === true) return SENSITIVE;
  if (mask === null || typeof mask !== "object" || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item, i) => redact(item, (mask as unknown[])[i]));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, (mask as Record<string, unknown>)[key])]));
}

/**
 * The changes a plan would make to managed resources, redacted and sorted by address: no-ops and
 * data source reads are not changes to apply and are left out.
 */
export function changesOf(plan: PlanJson): ReviewedChange[] {
  return (plan.resource_changes ?? [])
    .filter((rc) => rc.mode !== "data" && !rc.change.actions.every((a) => a === "no-op" || a === "read"))
    .map((rc) => ({
      address: rc.address,
      actions: [...rc.change.actions],
      after: redact(rc.change.after ?? null, rc.change.after_sensitive),
      afterUnknown: rc.change.after_unknown ?? {},
    }))
    .sort((a, b) => a.address.localeCompare(b.address));
}

/** True when the plan changes outputs (which stacks downstream read through remote state). */
export function changesOutputs(plan: PlanJson): boolean {
  return Object.values(plan.output_changes ?? {}).some((oc) => !oc.actions.every((a) => a === "no-op"));
}

/** Paths (a.b[0].c) where `a` and `b` differ; values are never named, they may be secrets. */
export function differingPaths(a: unknown, b: unknown, path = ""): string[] {
  if (a === b) return [];
  const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [path || "(the whole value)"];
  const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
  return keys.flatMap((key) => {
    const child = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    return differingPaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], child);
  });
}

/** How the fresh plan departs from the reviewed one, resource by resource; empty when they are the same. */
export function planDifferences(reviewed: readonly ReviewedChange[], fresh: readonly ReviewedChange[]): string[] {
  const before = new Map(reviewed.map((c) => [c.address, c]));
  const now = new Map(fresh.map((c) => [c.address, c]));
  const problems: string[] = [];
  for (const address of [...new Set([...before.keys(), ...now.keys()])].sort()) {
    const was = before.get(address);
    const is = now.get(address);
    if (!is) problems.push(`${address}: reviewed ${was?.actions.join("+")}, now no change`);
    else if (!was) problems.push(`${address}: now ${is.actions.join("+")}, not in the reviewed plan`);
    else if (was.actions.join("+") !== is.actions.join("+"))
      problems.push(`${address}: reviewed ${was.actions.join("+")}, now ${is.actions.join("+")}`);
    else {
      const paths = [...new Set([...differingPaths(was.after, is.after), ...differingPaths(was.afterUnknown, is.afterUnknown)])];
      if (paths.length > 0)
        problems.push(
          `${address}: ${is.actions.join("+")} with other values at ${paths.slice(0, 8).join(", ")}${paths.length > 8 ? ` and ${paths.length - 8} more` : ""}`,
        );
    }
  }
  return problems;
}

/** What a stack's pull-request plan job recorded. */
export type ReviewedStack =
  | { readonly status: "planned"; readonly stackHash: string; readonly changes: ReviewedChange[] }
  /** Not planned: a stack before it in the environment had changes, so its plan would read outputs that were about to change. */
  | { readonly status: "waits"; readonly upstream: string; readonly stackHash: string };

export interface ReviewedPlan {
  readonly environment: string;
  /** The commit that was planned. */
  readonly commit: string;
  readonly stacks: Record<string, ReviewedStack>;
}

export type Verdict = { readonly apply: true; readonly reason: string } | { readonly apply: false; readonly reason: string };

/**
 * Whether the deploy may apply its fresh plan of `stack`: only when it changes nothing, or exactly
 * what `reviewed` recorded for that stack. Otherwise the reason names the differing resources and
 * the fix (review the new plan: workflow_dispatch of the deploy workflow plans and waits for approval).
 */
export function verdict(reviewed: ReviewedPlan | undefined, stack: string, fresh: PlanJson, stackHash: string): Verdict {
  const changes = changesOf(fresh);
  if (changes.length === 0) return { apply: true, reason: `${stack}: no changes` };
  const fix = `Fix: run the deploy workflow by hand (Actions > deploy > Run workflow): it plans ${stack} again, shows that plan, and applies it once the environment's reviewers approve`;
  const record = reviewed?.stacks[stack];
  if (!reviewed || !record)
    return {
      apply: false,
      reason: `${stack}: ${changes.length} change(s) but no reviewed plan of this stack was found${reviewed ? ` in the record of ${reviewed.commit}` : ""}. ${fix}`,
    };
  if (record.status === "waits")
    return {
      apply: false,
      reason: `${stack}: ${changes.length} change(s) that nobody reviewed: the pull request could not plan it before ${record.upstream} was applied. ${fix}`,
    };
  const differences = planDifferences(record.changes, changes);
  if (differences.length === 0)
    return { apply: true, reason: `${stack}: the ${changes.length} change(s) reviewed in the plan of ${reviewed.commit}` };
  const code =
    record.stackHash === stackHash
      ? "the synthesized stack is the one reviewed, so the difference comes from the deployed state (drift, or another deploy since)"
      : "the synthesized stack differs from the one reviewed";
  return {
    apply: false,
    reason: `${stack}: the plan differs from the one reviewed in ${reviewed.commit} (${code}):\n${differences.map((d) => `  - ${d}`).join("\n")}\n${fix}`,
  };
}
