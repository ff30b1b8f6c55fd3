import { LocalBackend, type TerraformStack } from "cdktf";

/**
 * Local state beside the repository (git-ignored), for trying the blueprint out. The path is
 * relative to the stack's working directory (cdktf.out/stacks/NAME) so synthesized output never
 * carries a machine path and cross-stack references resolve on any checkout.
 */
export function useLocalState(stack: TerraformStack): void {
  const name = stack.node.id;
  new LocalBackend(stack, { path: `../../../terraform.${name}.tfstate` });
}
