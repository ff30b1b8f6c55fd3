import type { Finding, GuardrailRule } from "../model";

export const keysRotated: GuardrailRule = {
  id: "LH-KEY-ROTATION",
  summary: "customer-managed keys rotate automatically",
  check(view) {
    const findings: Finding[] = [];
    for (const key of view.resources("aws_kms_key")) {
      if (key.attrs.enable_key_rotation !== true)
        findings.push({ path: key.path, message: "does not rotate. Fix: set enableKeyRotation: true (CustomerManagedKey does)" });
    }
    for (const key of view.resources("azurerm_key_vault_key")) {
      if (!key.attrs.rotation_policy?.automatic)
        findings.push({
          path: key.path,
          message: "has no automatic rotation policy. Fix: set rotationPolicy with automatic.timeBeforeExpiry and expireAfter",
        });
    }
    return findings;
  },
};
