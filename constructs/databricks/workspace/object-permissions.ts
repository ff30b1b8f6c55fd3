import { Permissions, type PermissionsConfig } from "@cdktn/provider-databricks/lib/permissions";
import { Lazy, type TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { accessControlPrincipal, type Principal, principalKey } from "./principal";

/** The attribute of `databricks_permissions` that names the object, e.g. { clusterPolicyId: policy.id }. */
export type PermissionTarget = Pick<
  PermissionsConfig,
  | "authorization"
  | "clusterId"
  | "clusterPolicyId"
  | "instancePoolId"
  | "jobId"
  | "repoId"
  | "directoryPath"
  | "experimentId"
  | "registeredModelId"
  | "notebookPath"
  | "sqlEndpointId"
>;

/**
 * The single, authoritative `databricks_permissions` resource of one workspace object. Constructs
 * expose grant methods that add to it; the resource is only created once something is granted,
 * and each principal keeps the highest level it was given.
 */
export class ObjectPermissions extends Construct {
  private readonly grants = new Map<string, { principal: Principal; level: string }>();
  private resource?: Permissions;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: { target: PermissionTarget; provider: TerraformProvider; levels: readonly string[] },
  ) {
    super(scope, id);
  }

  grant(principal: Principal, level: string): void {
    const rank = this.props.levels.indexOf(level);
    if (rank < 0)
      throw new Error(`${this.node.path}: "${level}" is not a permission level of this object. Use one of ${this.props.levels.join(", ")}`);
    const key = principalKey(principal);
    const existing = this.grants.get(key);
    if (!existing || this.props.levels.indexOf(existing.level) < rank) this.grants.set(key, { principal, level });
    this.resource ??= new Permissions(this, "permissions", {
      provider: this.props.provider,
      ...this.props.target,
      // Lazy: grants made after this point still land in the one resource. The value is the
      // block list in Terraform's own (snake_case) form, as the provider schema names it.
      accessControl: Lazy.anyValue({
        produce: () =>
          [...this.grants.values()].map(({ principal: p, level: l }) => {
            const who = accessControlPrincipal(p);
            return {
              group_name: who.groupName,
              service_principal_name: who.servicePrincipalName,
              user_name: who.userName,
              permission_level: l,
            };
          }),
      }) as never,
    });
  }

  /** The granted levels, principal key -> level; used by tests and docs/access-matrix.md. */
  get granted(): ReadonlyMap<string, string> {
    return new Map([...this.grants].map(([key, value]) => [key, value.level]));
  }
}
