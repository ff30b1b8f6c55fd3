import { Aspects, TerraformResource, TerraformStack, type IAspect } from "cdktf";
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

class MovedFromFormerPath implements IAspect {
  constructor(private readonly droppedScope: Construct) {}

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node) || node.hasResourceMove()) return;
    const from = formerAddress(node, this.droppedScope);
    if (from !== `${node.terraformResourceType}.${node.friendlyUniqueId}`) node.moveFromId(from);
  }
}

/**
 * Carries the state of every resource under `members` (found at synth time, so grants added later
 * count too) from the address it had when the member sat directly where `group` sits now: each gets
 * a `moved { from = <former address>, to = <new address> }` block (cdktf's moveFromId), so a deployed
 * estate is re-addressed, never replaced. Give only constructs that existed before the regrouping;
 * new ones have no former address to move from.
 */
export function carryStateIntoGroup(group: Construct, members: readonly Construct[]): void {
  for (const member of members) Aspects.of(member).add(new MovedFromFormerPath(group));
}
