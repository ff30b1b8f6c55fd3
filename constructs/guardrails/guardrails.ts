import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type App, TerraformResource, TerraformStack } from "cdktn";
import type { IConstruct } from "constructs";
import type { GuardrailOptions, GuardrailRule } from "./model";
import { RULE_PACK } from "./rule-pack";
import { buildStackView, type TerraformJson } from "./stack-view";

const SUPPRESSION = "lakehouse/guardrail-suppression";
const MIN_REASON_LENGTH = 15;

interface Suppression {
  readonly rule: string;
  readonly reason: string;
}

/** What the rule pack found in one synth: each line is "construct path: message" (errors fail synth). */
export interface GuardrailReport {
  readonly errors: string[];
  /** Suppressed findings, with the written reason; printed at every synth. */
  readonly warnings: string[];
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

const guarded = new WeakMap<TerraformStack, GuardrailOptions>();

/**
 * The guardrail rule pack (the cdk-nag pattern), run over what a synth wrote: each stack's
 * Terraform JSON, so resources added by hand are checked like those the constructs make. A finding
 * names the construct path, what is wrong and the fix; suppressions live on the constructs.
 */
export class Guardrails {
  /** Puts `stack` under the rule pack with `options` (stage, admin principals, required tags). */
  static applyTo(stack: TerraformStack, options: GuardrailOptions): void {
    guarded.set(stack, options);
  }

  /** The options `stack` is checked with, or undefined when it is not under the rule pack. */
  static optionsOf(stack: TerraformStack): GuardrailOptions | undefined {
    return guarded.get(stack);
  }
}

/**
 * Runs `rules` over one stack's synthesized JSON (`json`, as cdk.tf.json holds it), reading the
 * suppressions from the stack's constructs. Gives the findings; changes nothing.
 */
export function checkStack(
  stack: TerraformStack,
  json: TerraformJson,
  options: GuardrailOptions,
  rules: readonly GuardrailRule[] = RULE_PACK,
): GuardrailReport {
  const report: GuardrailReport = { errors: [], warnings: [] };
  const all = stack.node.findAll();
  const byPath = new Map(all.map((c) => [c.node.path, c]));
  const taggable = new Set(all.filter(isTaggable).map((c) => c.node.path));
  const view = buildStackView(json, options, taggable);
  const say = (list: string[], construct: IConstruct, message: string) => list.push(`${construct.node.path}: ${message}`);

  for (const construct of all) {
    for (const s of suppressionsOf(construct)) {
      if (!rules.some((r) => r.id === s.rule))
        say(
          report.errors,
          construct,
          `Guardrail suppression names unknown rule "${s.rule}". Fix: use one of ${rules.map((r) => r.id).join(", ")}`,
        );
      else if (s.reason.trim().length < MIN_REASON_LENGTH)
        say(
          report.errors,
          construct,
          `Guardrail suppression of ${s.rule} needs a written reason (at least ${MIN_REASON_LENGTH} characters). Fix: say why this exception is safe`,
        );
    }
  }
  for (const rule of rules) {
    for (const finding of rule.check(view)) {
      const target = byPath.get(finding.path) ?? stack;
      const suppression = target.node.scopes
        .flatMap(suppressionsOf)
        .find((s) => s.rule === rule.id && s.reason.trim().length >= MIN_REASON_LENGTH);
      if (suppression) say(report.warnings, target, `[${rule.id}] suppressed: ${suppression.reason}`);
      else say(report.errors, target, `[${rule.id}] ${finding.message}`);
    }
  }
  return report;
}

/**
 * Checks every stack of `app` that is under the rule pack, reading the JSON the synth wrote into
 * `outdir` (its manifest.json says where each stack is). Call it after `app.synth()`.
 */
export function checkSynthesized(app: App, outdir: string): GuardrailReport {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const report: GuardrailReport = { errors: [], warnings: [] };
  for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
    const options = Guardrails.optionsOf(stack);
    const entry = manifest.stacks[stack.node.id];
    if (!options || !entry) continue;
    const found = checkStack(stack, JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8")), options);
    report.errors.push(...found.errors);
    report.warnings.push(...found.warnings);
  }
  return report;
}
