import { Grants } from "@cdktn/provider-databricks/lib/grants";
import { SystemSchema } from "@cdktn/provider-databricks/lib/system-schema";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";

/** The system schemas the audit alerts and the cost views read (Databricks docs, "System tables reference"). */
export const SYSTEM_SCHEMAS = ["access", "billing", "compute", "lakeflow", "query"] as const;

export interface SystemTablesProps {
  /** A workspace-level provider of a workspace attached to the metastore. */
  readonly provider: TerraformProvider;
  /** Group names that may read every enabled schema: the admins and auditors of each environment on the metastore. */
  readonly readers: readonly string[];
}

/**
 * Enables the system schemas of the workspace's Unity Catalog metastore and lets only `readers` read
 * them (USE_CATALOG on `system`, USE_SCHEMA and SELECT on each schema, as authoritative grants).
 * Both are metastore-wide: exactly one environment per metastore may hold this construct, or two
 * stacks would fight over the same schemas and grants (and destroying one would disable them for
 * all). The blueprint gives it to the environment that keeps the shared metastore's state.
 */
export class SystemTables extends Construct {
  readonly schemas: Record<(typeof SYSTEM_SCHEMAS)[number], SystemSchema>;

  constructor(scope: Construct, id: string, props: SystemTablesProps) {
    super(scope, id);
    const provider = props.provider;
    const readers = [...new Set(props.readers)].sort();
    new Grants(this, "catalog-grants", {
      provider,
      catalog: "system",
      grant: readers.map((principal) => ({ principal, privileges: ["USE_CATALOG"] })),
    });
    this.schemas = Object.fromEntries(
      SYSTEM_SCHEMAS.map((schema) => {
        const enabled = new SystemSchema(this, schema, { provider, schema });
        new Grants(this, `${schema}-grants`, {
          provider,
          schema: `system.${schema}`,
          grant: readers.map((principal) => ({ principal, privileges: ["SELECT", "USE_SCHEMA"] })),
          // A schema can be granted on only once it is enabled.
          dependsOn: [enabled],
        });
        return [schema, enabled];
      }),
    ) as SystemTables["schemas"];
  }
}
