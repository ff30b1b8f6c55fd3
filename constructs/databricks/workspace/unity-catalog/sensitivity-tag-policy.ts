import { TagPolicy } from "@cdktn/provider-databricks/lib/tag-policy";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { MEDALLION_SCHEMAS } from "./lakehouse-catalog";

/** The governed tag the ABAC policies choose by, and its values (notebooks/lakehouse/classification.py says which column gets which). */
export const SENSITIVITY_TAG = "sensitivity";
export const SENSITIVITY_VALUES = ["pii_key", "pii", "confidential", "internal"] as const;
export type Sensitivity = (typeof SENSITIVITY_VALUES)[number];

/**
 * The medallion schemas whose columns the transformation job tags as it writes them: silver and gold
 * (notebooks/lakehouse/governance.py, write_and_tag). Bronze holds the raw files' columns, untagged.
 */
export const TAGGED_SCHEMAS: readonly string[] = ["silver", "gold"];

/** The schemas `unmasked_pii_column_read` leaves out: every medallion schema the job does not tag. */
export const UNTAGGED_SCHEMAS: readonly string[] = MEDALLION_SCHEMAS.filter((schema) => !TAGGED_SCHEMAS.includes(schema));

/**
 * The data contract's personal data columns (sensitivity pii_key or pii), as
 * notebooks/lakehouse/classification.py classifies them (a test keeps the two equal): the audit
 * detection `unmasked_pii_column_read` reports reads of these where their tag is missing.
 */
export const PERSONAL_DATA_COLUMNS = [
  "customer_id",
  "customer_unique_id",
  "customer_zip_code_prefix",
  "customer_city",
  "review_comment_title",
  "review_comment_message",
] as const;

/**
 * The governed tag `sensitivity` (`databricks_tag_policy`, workspace-level provider): only its values
 * can be assigned, and only by principals allowed to assign it. Governed tags are account-wide
 * ("Governed tags", Databricks docs), so exactly one stack of a Databricks account creates it
 * (stacks/blueprint.ts, sensitivityTagOwnedBy); the others use it by name.
 */
export class SensitivityTagPolicy extends Construct {
  readonly tagPolicy: TagPolicy;

  constructor(scope: Construct, id: string, props: { readonly provider: TerraformProvider }) {
    super(scope, id);
    this.tagPolicy = new TagPolicy(this, "tag-policy", {
      provider: props.provider,
      tagKey: SENSITIVITY_TAG,
      description:
        "Sensitivity of a column (docs/production-data-in-dev.md): pii_key = personal data others join on (masked by a keyed hash), pii = personal data (redacted), confidential = rows sampled for developers, internal = no policy",
      values: SENSITIVITY_VALUES.map((name) => ({ name })),
    });
  }
}
