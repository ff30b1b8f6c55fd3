import { Secret } from "@cdktn/provider-databricks/lib/secret";
import { SecretAcl } from "@cdktn/provider-databricks/lib/secret-acl";
import { SecretScope as SecretScopeResource } from "@cdktn/provider-databricks/lib/secret-scope";
import { type TerraformProvider, TerraformVariable } from "cdktn";
import { Construct } from "constructs";
import { type Principal, principalKey } from "./principal";

export interface SecretScopeProps {
  readonly provider: TerraformProvider;
  readonly name: string;
  /** Azure: back the scope with this Key Vault; secrets are then managed in the vault, not here. */
  readonly keyVault?: { readonly resourceId: string; readonly dnsName: string };
}

const principalName = (p: Principal) => (p.kind === "group" ? p.name : p.kind === "service-principal" ? p.applicationId : p.userName);

/**
 * A secret scope (Databricks-backed, or backed by Azure Key Vault) whose secret values only ever
 * come from sensitive Terraform variables (or the vault), and whose ACLs follow least privilege:
 * READ for the groups whose jobs need the secrets, MANAGE for admins only.
 */
export class SecretScope extends Construct {
  readonly scope: SecretScopeResource;
  private readonly acls = new Set<string>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: SecretScopeProps,
  ) {
    super(scope, id);
    this.scope = new SecretScopeResource(this, "scope", {
      provider: props.provider,
      name: props.name,
      backendType: props.keyVault ? "AZURE_KEYVAULT" : "DATABRICKS",
      keyvaultMetadata: props.keyVault ? { resourceId: props.keyVault.resourceId, dnsName: props.keyVault.dnsName } : undefined,
    });
  }

  get name(): string {
    return this.scope.name;
  }

  /**
   * Adds a secret whose value is the sensitive variable `variableName` (TF_VAR_<name> at plan time).
   * Key Vault-backed scopes hold their secrets in the vault, so this is only for Databricks-backed ones.
   */
  addSecretFromVariable(key: string, variableName: string, description: string): TerraformVariable {
    if (this.props.keyVault)
      throw new Error(
        `${this.node.path}: secret "${key}" belongs in Key Vault; a Key Vault-backed scope cannot hold Terraform-managed secrets`,
      );
    const variable = new TerraformVariable(this, variableName, { type: "string", sensitive: true, nullable: false, description });
    variable.overrideLogicalId(variableName);
    new Secret(this, `secret-${key}`, { provider: this.props.provider, scope: this.scope.name, key, stringValue: variable.stringValue });
    return variable;
  }

  grantRead(principal: Principal): void {
    this.acl(principal, "READ");
  }

  grantManage(principal: Principal): void {
    this.acl(principal, "MANAGE");
  }

  private acl(principal: Principal, permission: "READ" | "MANAGE"): void {
    const key = `${principalKey(principal)}:${permission}`;
    if (this.acls.has(key)) return;
    this.acls.add(key);
    new SecretAcl(this, `acl-${key.replace(/[^A-Za-z0-9]+/g, "-")}`, {
      provider: this.props.provider,
      scope: this.scope.name,
      principal: principalName(principal),
      permission,
    });
  }
}
