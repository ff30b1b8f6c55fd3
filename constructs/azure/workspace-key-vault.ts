import { DataAzurermClientConfig } from "@cdktn/provider-azurerm/lib/data-azurerm-client-config";
import { KeyVault } from "@cdktn/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktn/provider-azurerm/lib/key-vault-key";
import type { PrivateEndpoint } from "@cdktn/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktn/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import { PropagationWait } from "../propagation-wait";
import { TimeOffset } from "../time/time-offset";
import type { PrivateLink } from "./private-link";

export type WorkspaceKeyUse = "managed-services" | "managed-disks" | "dbfs-root" | "lakehouse-storage";

export interface WorkspaceKeyVaultProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly tenantId: string;
  readonly deletionProtection: boolean;
  /** Object id of the tenant's AzureDatabricks enterprise application (wraps the managed-services key). */
  readonly databricksEnterpriseAppObjectId: string;
  /** Subnets allowed through the vault firewall. */
  readonly allowedSubnetIds: string[];
  /** Networks of the people and pipelines that deploy (they create keys over the data plane). */
  readonly allowedIpRanges: string[];
  /**
   * With it, the vault is reached through a private endpoint only: public network access off, no IP
   * or subnet rules. The deploy runners then reach the data plane from a VNet linked to the zone.
   */
  readonly privateLink?: PrivateLink;
  readonly tags: Record<string, string>;
}

/** Days a key version lives; the rotation policy makes the next version 30 days before that. */
export const KEY_LIFETIME_DAYS = 400;

// "Key Vault Crypto Service Encryption User": get, wrap and unwrap keys, nothing else.
export const KEY_WRAPPING_ROLE = "Key Vault Crypto Service Encryption User";

/**
 * A Key Vault (RBAC, purge protection, firewall) holding the environment's customer-managed keys
 * (workspace managed services, managed disks, DBFS root, lakehouse storage account),
 * each rotated automatically every year. Databricks gets only the key-wrapping role. Behind a
 * default-deny firewall (subnets and deployers' ranges), or with `privateLink` a private endpoint only.
 */
export class WorkspaceKeyVault extends Construct {
  readonly vault: KeyVault;
  readonly keys: Record<WorkspaceKeyUse, KeyVaultKey>;
  /** Over once the AzureDatabricks application may wrap keys here: the workspace's managed-services key needs it. */
  readonly databricksCanWrapKeys: PropagationWait;
  /** The vault's private endpoint, when it has one. */
  readonly privateEndpoint?: PrivateEndpoint;

  constructor(scope: Construct, id: string, props: WorkspaceKeyVaultProps) {
    super(scope, id);
    const deployer = new DataAzurermClientConfig(this, "deployer", {});
    const isPrivate = props.privateLink !== undefined;
    this.vault = new KeyVault(this, "vault", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: props.tenantId,
      skuName: "premium",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      publicNetworkAccessEnabled: !isPrivate,
      // AzureServices stays in both modes: the storage account and the workspace's disk encryption set
      // and DBFS root reach their keys as trusted services, not through the endpoint.
      networkAcls: isPrivate
        ? { defaultAction: "Deny", bypass: "AzureServices", virtualNetworkSubnetIds: [], ipRules: [] }
        : {
            defaultAction: "Deny",
            bypass: "AzureServices",
            virtualNetworkSubnetIds: props.allowedSubnetIds,
            ipRules: props.allowedIpRanges,
          },
      lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
      tags: props.tags,
    });
    // The deploying identity creates and rotates the keys; it gets crypto rights on this vault only.
    const deployerAccess = new RoleAssignment(this, "deployer-crypto-officer", {
      scope: this.vault.id,
      roleDefinitionName: "Key Vault Crypto Officer",
      principalId: deployer.objectId,
    });
    const databricksWraps = new RoleAssignment(this, "databricks-wraps-keys", {
      scope: this.vault.id,
      roleDefinitionName: KEY_WRAPPING_ROLE,
      principalId: props.databricksEnterpriseAppObjectId,
    });
    this.databricksCanWrapKeys = new PropagationWait(this, "databricks-wraps-keys-propagation", {
      kind: "azure-rbac",
      grants: [databricksWraps],
    });
    // Keys are created over the vault's data plane, which honours the role only once it has propagated.
    const deployerCanCreateKeys = new PropagationWait(this, "deployer-crypto-officer-propagation", {
      kind: "azure-rbac",
      grants: [deployerAccess],
    });
    // A private vault's data plane answers only once its endpoint and A record exist.
    this.privateEndpoint = props.privateLink?.endpoint("vault", this.vault.id, "vault");
    // The first version's expiry, as the rotation policy would set it; later versions get theirs from
    // the policy, so Terraform leaves the attribute alone after creation (ignore_changes).
    const firstExpiry = new TimeOffset(this, "key-expiry", { offsetDays: KEY_LIFETIME_DAYS });

    const key = (use: WorkspaceKeyUse) =>
      new KeyVaultKey(this, use, {
        name: `${use}-key`,
        keyVaultId: this.vault.id,
        keyType: "RSA-HSM",
        keySize: 2048,
        keyOpts: ["wrapKey", "unwrapKey"],
        rotationPolicy: { automatic: { timeBeforeExpiry: "P30D" }, expireAfter: `P${KEY_LIFETIME_DAYS}D`, notifyBeforeExpiry: "P29D" },
        expirationDate: firstExpiry.rfc3339,
        lifecycle: { preventDestroy: props.deletionProtection, ignoreChanges: ["expiration_date"] },
        dependsOn: [deployerCanCreateKeys.wait, ...(this.privateEndpoint ? [this.privateEndpoint] : [])],
        tags: props.tags,
      });
    this.keys = {
      "managed-services": key("managed-services"),
      "managed-disks": key("managed-disks"),
      "dbfs-root": key("dbfs-root"),
      "lakehouse-storage": key("lakehouse-storage"),
    };
  }

  /**
   * Lets a managed identity (the workspace's disk-encryption set or DBFS storage) wrap and unwrap keys.
   * Gives the wait to depend on before anything uses the key as that identity.
   */
  grantKeyWrapping(id: string, principalId: string): PropagationWait {
    const grant = new RoleAssignment(this, id, { scope: this.vault.id, roleDefinitionName: KEY_WRAPPING_ROLE, principalId });
    return new PropagationWait(this, `${id}-propagation`, { kind: "azure-rbac", grants: [grant] });
  }
}
