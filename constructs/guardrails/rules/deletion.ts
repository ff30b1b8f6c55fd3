import type { Finding, GuardrailRule } from "../model";

/** Resource types that hold data (or the keys to it) and must survive a mistaken destroy in prod. */
export const DATA_STORE_TYPES = [
  "aws_s3_bucket",
  "aws_kms_key",
  "azurerm_storage_account",
  "azurerm_key_vault",
  "azurerm_key_vault_key",
  "databricks_catalog",
  "databricks_schema",
  "databricks_volume",
];

export const prodDeletionProtection: GuardrailRule = {
  id: "LH-PROD-DELETION-PROTECTION",
  summary: "in prod, data stores carry prevent_destroy and no force_destroy; key vaults have purge protection",
  check(view) {
    if (view.options.stage !== "prod") return [];
    const findings: Finding[] = [];
    for (const block of view.blocks.filter((b) => b.kind === "resource" && DATA_STORE_TYPES.includes(b.type))) {
      if (block.attrs.lifecycle?.prevent_destroy !== true) {
        findings.push({
          path: block.path,
          message:
            "is a prod data store without lifecycle.prevent_destroy. Fix: pass deletionProtection (the constructs set lifecycle { preventDestroy: true })",
        });
      }
      if (block.attrs.force_destroy === true) {
        findings.push({
          path: block.path,
          message: "is a prod data store with force_destroy = true, which deletes its contents on destroy. Fix: remove force_destroy",
        });
      }
      if (block.type === "azurerm_key_vault" && block.attrs.purge_protection_enabled !== true) {
        findings.push({ path: block.path, message: "is a prod key vault without purge protection. Fix: set purgeProtectionEnabled: true" });
      }
    }
    return findings;
  },
};
