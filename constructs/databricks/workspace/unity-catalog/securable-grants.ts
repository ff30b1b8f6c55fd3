import { Grants, type GrantsConfig } from "@cdktn/provider-databricks/lib/grants";
import { Lazy, type TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { type Principal, principalKey } from "../principal";

/** The attribute of `databricks_grants` naming the securable, e.g. { schema: "dev_lakehouse.bronze" }. */
export type Securable = Pick<GrantsConfig, "catalog" | "schema" | "volume" | "externalLocation" | "storageCredential" | "model">;

function principalName(principal: Principal): string {
  return principal.kind === "group"
    ? principal.name
    : principal.kind === "service-principal"
      ? principal.applicationId
      : principal.userName;
}

/**
 * The single, authoritative `databricks_grants` of one Unity Catalog securable. Grant methods on
 * the catalog constructs add privileges here; the resource appears with the first grant.
 */
export class SecurableGrants extends Construct {
  private readonly privileges = new Map<string, { principal: Principal; privileges: Set<string> }>();
  private resource?: Grants;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: { securable: Securable; provider: TerraformProvider },
  ) {
    super(scope, id);
  }

  grant(principal: Principal, privileges: readonly string[]): void {
    const key = principalKey(principal);
    const entry = this.privileges.get(key) ?? { principal, privileges: new Set<string>() };
    for (const p of privileges) entry.privileges.add(p);
    this.privileges.set(key, entry);
    this.resource ??= new Grants(this, "grants", {
      provider: this.props.provider,
      ...this.props.securable,
      grant: Lazy.anyValue({
        produce: () =>
          [...this.privileges.values()].map((e) => ({ principal: principalName(e.principal), privileges: [...e.privileges].sort() })),
      }) as never,
    });
  }

  /** principal key -> sorted privileges; used by tests and docs/access-matrix.md. */
  get granted(): ReadonlyMap<string, string[]> {
    return new Map([...this.privileges].map(([key, e]) => [key, [...e.privileges].sort()]));
  }
}
