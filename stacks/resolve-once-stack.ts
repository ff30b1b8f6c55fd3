import { App, Aspects, TerraformElement, TerraformOutput, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
// cdktf's own merge (TerraformStack.toTerraform merges with it); not re-exported by the package root.
import { deepMerge } from "cdktf/lib/util";
import { isReadOnlyAspect, isStackLevelAspect } from "../constructs/aspect-kinds";
import { resolvePlainValues } from "./resolve-plain-values";

type Json = Record<string, unknown>;

/** The stack's elements in cdktf's order (depth first, the stack's own subtree, no nested stack). */
function elementsOf(stack: TerraformStack): TerraformElement[] {
  const found: TerraformElement[] = [];
  const visit = (node: IConstruct) => {
    if (TerraformElement.isTerraformElement(node)) found.push(node);
    for (const child of node.node.children) if (!TerraformStack.isStack(child)) visit(child);
  };
  visit(stack);
  return found;
}

/**
 * Merges resolved `source` (plain JSON: no token, no undefined) into `target` as cdktf's deepMerge
 * does (objects merged key by key, arrays concatenated, anything else replaced), without copying: a
 * subtree the target lacks is taken by reference, and an object the target got that way is copied
 * (shallowly, once, then kept in `owned`) before anything is merged into it, so no prepared fragment is
 * ever changed. Copying every fragment, as deepMerge does, was a tenth of assembling a stack.
 */
function mergeResolved(target: Json, source: Json, owned: Set<object>): void {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const current = target[key];
    if (value === undefined) delete target[key];
    else if (Array.isArray(value)) target[key] = Array.isArray(current) ? [...current, ...value] : value;
    else if (value === null || typeof value !== "object" || current === undefined || current === null || typeof current !== "object") target[key] = value;
    else if (Array.isArray(current)) target[key] = deepMerge([...current], value); // cdktf's own oddity: keys set on the array
    else {
      let into = current as Json;
      if (!owned.has(into)) {
        into = { ...into };
        owned.add(into);
        target[key] = into;
      }
      mergeResolved(into, value as Json, owned);
    }
  }
}

/**
 * A TerraformStack that resolves each of its elements once per synth, not twice. Extend it instead of
 * TerraformStack; nothing else changes for the stack's code.
 *
 * cdktf's App.synth first prepares every stack: it resolves every element (which registers the
 * cross-stack references: outputs on one stack, remote state on the other) and drops the result;
 * then its synthesizer runs the aspects and calls toTerraform(), which resolves everything again (the
 * guardrails call it too, a third time). Resolving is most of synth's work. Here prepareStack() keeps
 * what it resolved, and toTerraform() assembles the stack from it as cdktf's does: each element's
 * metadata merged into "//" with the outputs' paths, the elements' blocks deep-merged in tree order,
 * the stack's own overrides last. The result is kept while the stack has the same elements, so the
 * guardrails and the synthesizer read one JSON.
 *
 * This holds only when nothing changes an element between prepare and write, so the stack falls back
 * to cdktf's own toTerraform() whenever something could: an aspect on the stack or its constructs (or
 * on its scopes, which cdktf 0.21 does not visit, checked in case a later cdktf does) that is neither
 * read-only (the guardrails) nor a stack-level aspect of this stack applied in prepareStack() (the
 * state moves; see constructs/aspect-kinds.ts), for instance a tagging aspect a team adds; HCL output
 * (SYNTH_HCL_OUTPUT); or a stack that was not prepared (cdktf's Testing.synth). Elements added after
 * prepare (the cross-stack outputs and remote state other stacks register) are resolved when the stack
 * is assembled. Not seen, and so not allowed: a change to an element made outside an aspect after
 * prepare (an addOverride after app.synth(), say; prepare again, or read cdktf's own toTerraform), and
 * a lazy value whose result depends on what other stacks register while they are prepared.
 * Every caller gets the same JSON, sharing subtrees with what was prepared: read it, never change it.
 * __tests__/resolve-once.test.ts holds every example stack equal to cdktf's own toTerraform() (and so
 * its file byte-identical, cdktf writes keys sorted).
 */
export class ResolveOnceStack extends TerraformStack {
  private prepared?: { readonly fragments: Map<TerraformElement, unknown>; readonly appliedAspects: ReadonlySet<IAspect> };
  private assembled?: { readonly elements: number; readonly json: Json };

  prepareStack(): void {
    this.ensureBackendExists();
    const appliedAspects = new Set(Aspects.of(this).all.filter(isStackLevelAspect));
    for (const aspect of appliedAspects) aspect.visit(this);
    const fragments = new Map<TerraformElement, unknown>();
    for (const element of elementsOf(this)) fragments.set(element, resolvePlainValues(this, element.toTerraform(), true));
    this.prepared = { fragments, appliedAspects };
    this.assembled = undefined;
  }

  toTerraform(): Json {
    const prepared = this.prepared;
    if (!prepared || !this.nothingChangesAfterPrepare(prepared.appliedAspects)) return super.toTerraform() as Json;
    const elements = elementsOf(this);
    if (this.assembled?.elements === elements.length) return this.assembled.json;

    // cdktf keeps these private; they are read exactly as its toTerraform reads them.
    const { rawOverrides, cdktfVersion } = this as unknown as { rawOverrides: Json; cdktfVersion?: string };
    const metadata: Json = {
      ...(cdktfVersion === undefined ? {} : { version: cdktfVersion }),
      stackName: this.node.id,
      backend: "local", // a remote backend's metadata overrides it
      ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
    };
    for (const element of elements) deepMerge(metadata, resolvePlainValues(this, element.toMetadata(), false));
    const outputs: Json = {};
    for (const element of elements) {
      if (!TerraformOutput.isTerraformOutput(element)) continue;
      // Nested by construct path, as cdktf writes them ({ stack: { construct: { output: id } } }).
      const path = element.node.path.split("/");
      deepMerge(outputs, path.reduceRight<unknown>((inner, part) => ({ [part]: inner }), element.friendlyUniqueId));
    }
    let json: Json = { "//": { metadata, outputs } };
    const owned = new Set<object>([json]);
    for (const element of elements) mergeResolved(json, (prepared.fragments.get(element) ?? resolvePlainValues(this, element.toTerraform(), false)) as Json, owned);
    if (Object.keys(rawOverrides).length > 0) {
      // Overrides may hold tokens; cdktf merges them unresolved and resolves the whole, so does this
      // (on a copy: the merged stack shares its subtrees with the prepared fragments).
      json = deepMerge(structuredClone(json), rawOverrides) as Json;
      json = resolvePlainValues(this, json, false);
    }
    this.assembled = { elements: elements.length, json };
    return json;
  }

  /** True when every aspect over or under this stack is read-only or a stack-level one prepare applied. */
  private nothingChangesAfterPrepare(appliedAspects: ReadonlySet<IAspect>): boolean {
    if (App.of(this).hclOutput) return false;
    const harmless = (node: IConstruct) => Aspects.of(node).all.every((aspect) => isReadOnlyAspect(aspect) || (node === this && appliedAspects.has(aspect)));
    return this.node.scopes.every(harmless) && this.node.findAll().every(harmless);
  }
}
