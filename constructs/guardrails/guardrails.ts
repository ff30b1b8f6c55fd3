import type { IConstruct } from "constructs";
import { Annotations, Aspects, TerraformResource, TerraformStack } from "cdktf";
import type { GuardrailOptions, GuardrailRule } from "./model";
import { buildStackView } from "./stack-view";
import { RULE_PACK } from "./rule-pack";
import type { ReadOnlyAspect } from "../aspect-kinds";

const SUPPRESSION = "lakehouse/guardrail-suppression";
const MIN_REASON_LENGTH = 15;

interface Suppression {
  readonly rule: string;
  readonly reason: string;
}

/**
 * Exempts `scope` (and everything under it) from one rule. The reason is required, printed at
 * every synth, and kept in the construct tree so a reviewer sees it.
 */
export function suppressGuardrail(scope: IConstruct, rule: string, reason: string): void {
  scope.node.addMetadata(SUPPRESSION, { rule, reason } satisfies Suppression);
}

function suppressionsOf(node: IConstruct): Suppression[] {
  return node.node.metadata.filter((m) => m.type === SUPPRESSION).map((m) => m.data as Suppression);
}

// Taggable means the provider schema has a tags (or custom_tags) attribute: the generated class then
// has a tagsInput/customTagsInput getter.
function isTaggable(node: IConstruct): boolean {
  return node instanceof TerraformResource && ("tagsInput" in node || "customTagsInput" in node);
}

/**
 * The guardrail rule pack as a cdktf Aspect (the cdk-nag pattern). It reads the stack as it will be
 * synthesized, so resources added by hand are checked like those the constructs make, and turns each
 * finding into an error annotation, which fails synth with the construct path and the fix.
 */
export class Guardrails implements ReadOnlyAspect {
  readonly readsOnly = true;

  constructor(
    private readonly options: GuardrailOptions,
    private readonly rules: readonly GuardrailRule[] = RULE_PACK,
  ) {}

  static applyTo(stack: TerraformStack, options: GuardrailOptions): void {
    Aspects.of(stack).add(new Guardrails(options));
  }

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformStack)) return;
    const all = node.node.findAll();
    const byPath = new Map(all.map((c) => [c.node.path, c]));
    const taggable = new Set(all.filter(isTaggable).map((c) => c.node.path));
    const json = node.toTerraform();
    const view = buildStackView(json, this.options, taggable);

    for (const construct of all) {
      for (const s of suppressionsOf(construct)) {
        if (!this.rules.some((r) => r.id === s.rule)) Annotations.of(construct).addError(`Guardrail suppression names unknown rule "${s.rule}". Fix: use one of ${this.rules.map((r) => r.id).join(", ")}`);
        else if (s.reason.trim().length < MIN_REASON_LENGTH) Annotations.of(construct).addError(`Guardrail suppression of ${s.rule} needs a written reason (at least ${MIN_REASON_LENGTH} characters). Fix: say why this exception is safe`);
      }
    }

    for (const rule of this.rules) {
      for (const finding of rule.check(view)) {
        const target = byPath.get(finding.path) ?? node;
        const suppression = ancestry(target).flatMap(suppressionsOf).find((s) => s.rule === rule.id && s.reason.trim().length >= MIN_REASON_LENGTH);
        if (suppression) Annotations.of(target).addWarning(`[${rule.id}] suppressed: ${suppression.reason}`);
        else Annotations.of(target).addError(`[${rule.id}] ${finding.message}`);
      }
    }
  }
}

function ancestry(node: IConstruct): IConstruct[] {
  return node.node.scopes;
}
