import { Grants } from "@cdktn/provider-databricks/lib/grants";
import { SystemSchema } from "@cdktn/provider-databricks/lib/system-schema";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { DATA_CLASSIFICATION_SYSTEM_SCHEMA } from "./unity-catalog/data-classification";

/** The system schemas the audit alerts and the cost views read (Databricks docs, "System tables reference"). */
export const SYSTEM_SCHEMAS = ["access", "billing", "compute", "lakeflow", "query"] as const;

export interface SystemTablesProps {
  /** A workspace-level provider of a workspace attached to the metastore. */
  readonly provider: TerraformProvider;
  /** Group names that may read every enabled schema: the admins and auditors of each environment on the metastore. */
  readonly readers: readonly string[];
  /**
   * Where data classification is on (config unityCatalog.dataClassification): the principals that may
   * read `system.data_classification.results`, which holds up to five raw matching values per finding
   * (`samples`): the prod pii-readers group and the CI/CD principal the alerts run as (application
   * id), who see personal data unmasked anyway. Not `readers`: dev's admins and auditors are among them.
   */
  readonly classificationReaders?: readonly string[];
}

/**
 * Enables the system schemas of the workspace's Unity Catalog metastore and lets only `readers` read
 * them (USE_CATALOG on `system`, USE_SCHEMA and SELECT on each schema, as authoritative grants).
 * Both are metastore-wide: exactly one environment per metastore may hold this construct, or two
 * stacks would fight over the same schemas and grants (and destroying one would disable them for
 * all). The blueprint gives it to the environment that keeps the shared metastore's state. With
 * `classificationReaders` it also enables `data_classification` and grants it to those principals
 * alone (plus USE_CATALOG on `system`, which reads nothing by itself).
 */
export class SystemTables extends Construct {
  readonly schemas: Record<(typeof SYSTEM_SCHEMAS)[number], SystemSchema>;
  readonly classification?: SystemSchema;

  constructor(scope: Construct, id: string, props: SystemTablesProps) {
    super(scope, id);
    const provider = props.provider;
    const readers = [...new Set(props.readers)].sort();
    const classificationReaders = [...new Set(props.classificationReaders ?? [])].sort();
    new Grants(this, "catalog-grants", {
      provider,
      catalog: "system",
      grant: [...new Set([...readers, ...classificationReaders])].sort().map((principal) => ({ principal, privileges: ["USE_CATALOG"] })),
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
    if (props.classificationReaders !== undefined) {
      // Whether Databricks enables this schema itself is not documented; the provider records a schema
      // "enabled by Databricks" as such and leaves it alone on destroy, so declaring it is safe either way.
      const schema = DATA_CLASSIFICATION_SYSTEM_SCHEMA;
      this.classification = new SystemSchema(this, schema, { provider, schema });
      new Grants(this, `${schema}-grants`, {
        provider,
        schema: `system.${schema}`,
        grant: classificationReaders.map((principal) => ({ principal, privileges: ["SELECT", "USE_SCHEMA"] })),
        dependsOn: [this.classification],
      });
    }
  }
}
