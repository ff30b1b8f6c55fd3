import { Fn, type ITerraformDependable } from "cdktn";
import { Construct } from "constructs";
import { TimeSleep } from "./time/time-sleep";

/**
 * How long a grant takes before the cloud enforces it everywhere:
 * - "azure-rbac": Azure role assignments are cached by the data planes (Key Vault, Storage) and take
 *   effect "within 10 minutes" (Azure RBAC troubleshooting guide), in practice one to two minutes; a
 *   create that uses the role before then gets 403.
 * - "aws-iam": IAM is eventually consistent ("Troubleshooting IAM: changes I make are not always
 *   immediately visible"); a new role or policy used across accounts fails for several seconds.
 */
export const PROPAGATION_DELAY = { "azure-rbac": "120s", "aws-iam": "30s" } as const;
export type GrantKind = keyof typeof PROPAGATION_DELAY;

export interface PropagationWaitProps {
  readonly kind: GrantKind;
  /** The grants (role assignments, roles, role policies) that must be in force first. */
  readonly grants: ITerraformDependable[];
  /**
   * Values to hand on only once the wait is over (by name): read them with `carried(name)` in place of
   * the originals so that a dependent in another stack, which cannot depend on the wait, still cannot
   * see them before the grants are in force.
   */
  readonly carry?: Record<string, string>;
}

/**
 * A wait after grants made in the same apply, before the creates that use them (the blueprint's rule:
 * such a create depends on the wait, never on the grant itself; guardrail LH-GRANT-PROPAGATION).
 * Takes the grants and the kind of grant; gives `wait` to depend on and `carried(name)` values.
 */
export class PropagationWait extends Construct {
  readonly wait: TimeSleep;

  constructor(scope: Construct, id: string, props: PropagationWaitProps) {
    super(scope, id);
    this.wait = new TimeSleep(this, "wait", {
      createDuration: PROPAGATION_DELAY[props.kind],
      triggers: props.carry,
      dependsOn: props.grants.length ? props.grants : undefined,
    });
  }

  /** A carried value, known only after the wait (time_sleep's triggers map). */
  carried(name: string): string {
    return Fn.lookup(this.wait.triggers, name);
  }
}
