import { Aspects, TerraformResource, TerraformStack } from "cdktf";
import type { StackLevelAspect } from "./aspect-kinds";
import type { Construct, IConstruct } from "constructs";
// cdktf's own logical-id function (TerraformStack.allocateLogicalId uses it); not re-exported by the package root.
import { makeUniqueId } from "cdktf/lib/private/unique";

/**
 * The address a resource had before `droppedScope` was inserted between it and its stack: cdktf
 * derives a resource's logical id from its construct path (TerraformStack.allocateLogicalId), so
 * the same path without that one scope gives the former id.
 */
export function formerAddress(resource: TerraformResource, droppedScope: Construct): string {
  const scopes = resource.node.scopes;
  const stack = TerraformStack.of(resource);
  const components = scopes.slice(scopes.indexOf(stack) + 1).filter((scope) => scope !== droppedScope).map((scope) => scope.node.id);
  return `${resource.terraformResourceType}.${makeUniqueId(components)}`;
}

/**
 * The regroupings of one stack, applied when the stack is prepared for synth (or, on a stack that does
 * not resolve once, when the synthesizer visits it, before the guardrails); a resource already moved is
 * left as it is, so a second visit changes nothing.
 */
class StateMoves implements StackLevelAspect {
  readonly stackLevelOnly = true;
  readonly groups: Array<{ readonly group: Construct; readonly members: readonly Construct[] }> = [];

  constructor(private readonly stack: TerraformStack) {}

  /** False while a regrouping is waiting to be applied; a visit with nothing new to apply returns at once. */
  applied = false;

  visit(node: IConstruct): void {
    if (node !== this.stack || this.applied) return;
    this.applied = true;
    for (const { group, members } of this.groups) {
      for (const resource of members.flatMap((member) => member.node.findAll()).filter(TerraformResource.isTerraformResource)) {
        if (resource.hasResourceMove()) continue;
        const from = formerAddress(resource, group);
        if (from !== `${resource.terraformResourceType}.${resource.friendlyUniqueId}`) resource.moveFromId(from);
      }
    }
  }
}

/**
 * Carries the state of every resource under `members` (found at synth time, so grants added later
 * count too) from the address it had when the member sat directly where `group` sits now: each gets
 * a `moved { from = <former address>, to = <new address> }` block (cdktf's moveFromId), so a deployed
 * estate is re-addressed, never replaced. Give only constructs that existed before the regrouping;
 * new ones have no former address to move from. The moves are made by one aspect on the stack, added
 * with the first regrouping, so they are in place before any aspect added later (the guardrails) reads
 * the stack.
 */
export function carryStateIntoGroup(group: Construct, members: readonly Construct[]): void {
  const stack = TerraformStack.of(group);
  let moves = Aspects.of(stack).all.find((aspect): aspect is StateMoves => aspect instanceof StateMoves);
  if (!moves) {
    moves = new StateMoves(stack);
    Aspects.of(stack).add(moves);
  }
  moves.groups.push({ group, members });
  moves.applied = false;
}
