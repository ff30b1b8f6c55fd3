import { DataClassificationCatalogConfig } from "@cdktn/provider-databricks/lib/data-classification-catalog-config";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import type { LakehouseCatalog, MedallionSchema } from "./lakehouse-catalog";
import { TAGGED_SCHEMAS } from "./sensitivity-tag-policy";

/** The system schema that holds the classification results (`system.data_classification.results`). */
export const DATA_CLASSIFICATION_SYSTEM_SCHEMA = "data_classification";

export interface DataClassificationProps {
  /** Workspace-level provider (the resource cannot be managed through an account-level one). */
  readonly provider: TerraformProvider;
  /** The prod catalog; its owner (the CI/CD principal that creates it) may configure classification. */
  readonly catalog: LakehouseCatalog;
}

/**
 * Data classification (Public Preview) on a prod catalog: `databricks_data_classification_catalog_config`
 * with `parent = "catalogs/<catalog>"`, scanning only the schemas the transformation tags
 * (TAGGED_SCHEMAS: silver and gold), with no auto-tagging (no `auto_tag_configs`). Takes the catalog
 * whose schemas it waits for; gives one resource. Findings land in `system.data_classification.results`
 * ("Data classification system table reference") and are compared with the data contract
 * (notebooks/lakehouse/classification.py) by the alert `classified_personal_column_untagged`, never applied:
 * an automatic tag would change what the ABAC policies mask on a model's guess, unreviewed, and
 * would hide the contract's gap the finding is about. Bronze is left out: the job never tags it and
 * no developer reads it, so every personal column there would be a finding nobody acts on.
 */
export class DataClassification extends Construct {
  readonly config: DataClassificationCatalogConfig;

  constructor(scope: Construct, id: string, props: DataClassificationProps) {
    super(scope, id);
    const { catalog } = props;
    const schemas = TAGGED_SCHEMAS.map((name) => catalog.schemas[name as MedallionSchema]);
    this.config = new DataClassificationCatalogConfig(this, "catalog-config", {
      provider: props.provider,
      parent: `catalogs/${catalog.catalog.name}`,
      // By name, relative to the catalog; the schemas must exist before they can be scanned.
      includedSchemas: { names: [...TAGGED_SCHEMAS] },
      dependsOn: schemas,
    });
  }
}
