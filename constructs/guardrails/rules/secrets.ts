import { type GuardrailRule, isReference } from "../model";

// Attributes that carry a secret. Their value must come from a sensitive variable, Key Vault or
// another resource, never from a string typed into the code or config.
export const SECRET_ATTRIBUTES: Record<string, string[]> = {
  databricks_secret: ["string_value"],
  databricks_git_credential: ["personal_access_token"],
  azurerm_key_vault_secret: ["value"],
  aws_secretsmanager_secret_version: ["secret_string"],
};

export const noLiteralSecrets: GuardrailRule = {
  id: "LH-SECRET-LITERAL",
  summary: "secret values come from sensitive variables or a vault, never literals",
  check: (view) =>
    Object.entries(SECRET_ATTRIBUTES).flatMap(([type, attributes]) =>
      view.resources(type).flatMap((resource) =>
        attributes
          .filter((attribute) => resource.attrs[attribute] !== undefined && !isReference(resource.attrs[attribute]))
          .map((attribute) => ({
            path: resource.path,
            message: `sets ${attribute} to a literal value, which would sit in the repository and in cdktf.out/. Fix: pass a sensitive TerraformVariable (or read it from Key Vault)`,
          })),
      ),
    ),
};
