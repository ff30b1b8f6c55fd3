/** One resource or data source of a synthesized stack, as Terraform will see it. */
export interface SynthesizedBlock {
  readonly kind: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** Construct path, e.g. "dev-aws-workspace/root-bucket/bucket". */
  readonly path: string;
  readonly attrs: Record<string, any>;
}

export interface GuardrailOptions {
  /** Environment stage: "prod" turns on the deletion-protection rule. */
  readonly stage: string;
  /** Principals (group names, service principal application ids) allowed MANAGE and ALL_PRIVILEGES. */
  readonly adminPrincipals: readonly string[];
  /** Tags every taggable resource must carry. */
  readonly requiredTags: readonly string[];
}

export interface Finding {
  readonly path: string;
  /** What is wrong and the fix. */
  readonly message: string;
}

/** A view of one synthesized stack that rules query. */
export interface StackView {
  readonly options: GuardrailOptions;
  readonly blocks: readonly SynthesizedBlock[];
  readonly providers: Record<string, any[]>;
  /** Paths of resources whose construct class has a tags (or custom tags) attribute. */
  readonly taggablePaths: ReadonlySet<string>;
  resources(type: string): SynthesizedBlock[];
  data(type: string): SynthesizedBlock[];
  /** Follows "${type.name.attr}" to the literal attribute of a resource in the stack, when there is one. */
  literal(value: unknown): unknown;
  /** True when some resource of `type` refers to `target` through `attribute` (by reference or by literal name). */
  referencedBy(type: string, attribute: string, target: SynthesizedBlock, targetNameAttr?: string): SynthesizedBlock[];
}

export interface GuardrailRule {
  readonly id: string;
  /** One line for the rule table of docs/guardrails.md. */
  readonly summary: string;
  check(view: StackView): Finding[];
}

/** True when a value is a Terraform expression (a reference), not a literal typed into code. */
export function isReference(value: unknown): boolean {
  return typeof value === "string" && /^\$\{[^}]+\}$/.test(value.trim());
}
