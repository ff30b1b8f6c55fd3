import type { IAspect } from "cdktf";

/**
 * An aspect that changes the tree only when visiting the stack it sits on, never another node, and
 * changes nothing when applied again: a stack that resolves once (stacks/resolve-once-stack.ts)
 * applies it before resolving, and the synthesizer's later visit finds its work done. The state
 * moves are one.
 */
export interface StackLevelAspect extends IAspect {
  readonly stackLevelOnly: true;
}

/**
 * An aspect that only reads the tree and the synthesized stack (it may add annotations, which are
 * not part of the Terraform JSON): what it visits is the same before and after, and the JSON a stack's
 * toTerraform() gives it is never modified (a stack that resolves once writes that same object). The
 * guardrails are one.
 */
export interface ReadOnlyAspect extends IAspect {
  readonly readsOnly: true;
}

export const isStackLevelAspect = (aspect: IAspect): aspect is StackLevelAspect => (aspect as Partial<StackLevelAspect>).stackLevelOnly === true;

export const isReadOnlyAspect = (aspect: IAspect): aspect is ReadOnlyAspect => (aspect as Partial<ReadOnlyAspect>).readsOnly === true;
