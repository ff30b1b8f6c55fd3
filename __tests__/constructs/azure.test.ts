import { Testing } from "cdktf";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { DatabricksWorkspace } from "@cdktf/provider-azurerm/lib/databricks-workspace";
import { WorkspaceVnet } from "../../constructs/azure/workspace-vnet";
import { WorkspaceKeyVault } from "../../constructs/azure/workspace-key-vault";
import { LakehouseStorageAccount } from "../../constructs/azure/lakehouse-storage-account";
import { AzureDatabricksWorkspace, AUDIT_LOG_CATEGORIES } from "../../constructs/azure/azure-databricks-workspace";
import { resourcesOf } from "../helpers";

const common = { name: "t", location: "westeurope", resourceGroupName: "rg", tags: { Owner: "team" } };
const vaultProps = { ...common, name: "kv-t", tenantId: "tenant", deletionProtection: false, databricksEnterpriseAppObjectId: "app", allowedSubnetIds: ["s1"], allowedIpRanges: ["203.0.113.0/24"] };

describe("WorkspaceVnet", () => {
  it("delegates a host and a container subnet to Databricks, with NSGs and NAT egress", () => {
    const out = Testing.synthScope((scope) => new WorkspaceVnet(scope, "net", { ...common, vnetCidr: "10.0.0.0/22", subnetNewBits: 2 }));
    const subnets = resourcesOf(out, "azurerm_subnet");
    expect(subnets.map((s) => s.address_prefixes[0]).sort()).toEqual(['${cidrsubnet("10.0.0.0/22", 2, 0)}', '${cidrsubnet("10.0.0.0/22", 2, 1)}']);
    expect(out).toHaveResourceWithProperties(Subnet, { service_endpoints: ["Microsoft.Storage", "Microsoft.KeyVault"], default_outbound_access_enabled: false });
    expect(subnets.every((s) => s.delegation[0].service_delegation.name === "Microsoft.Databricks/workspaces")).toBe(true);
    expect(resourcesOf(out, "azurerm_subnet_network_security_group_association")).toHaveLength(2);
    expect(resourcesOf(out, "azurerm_subnet_nat_gateway_association")).toHaveLength(2);
  });
});

describe("WorkspaceKeyVault", () => {
  it("uses RBAC, purge protection and a firewall; keys rotate; Databricks may only wrap keys", () => {
    const out = Testing.synthScope((scope) => new WorkspaceKeyVault(scope, "keys", vaultProps));
    expect(out).toHaveResourceWithProperties(KeyVault, {
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      network_acls: { default_action: "Deny", bypass: "AzureServices", virtual_network_subnet_ids: ["s1"], ip_rules: ["203.0.113.0/24"] },
    });
    const keys = resourcesOf(out, "azurerm_key_vault_key");
    expect(keys.map((k) => k.name).sort()).toEqual(["dbfs-root-key", "lakehouse-storage-key", "managed-disks-key", "managed-services-key"]);
    expect(keys.every((k) => k.rotation_policy.automatic.time_before_expiry === "P30D")).toBe(true);
    const roles = resourcesOf(out, "azurerm_role_assignment");
    expect(roles.find((r) => r.principal_id === "app")?.role_definition_name).toBe("Key Vault Crypto Service Encryption User");
  });
});

describe("LakehouseStorageAccount", () => {
  it("is ADLS Gen2 without shared keys or public access, with a container per zone and a scoped access connector", () => {
    const out = Testing.synthScope((scope) => {
      const keys = new WorkspaceKeyVault(scope, "keys", vaultProps);
      new LakehouseStorageAccount(scope, "st", { ...common, storageAccountName: "sttest", deletionProtection: true, allowedSubnetIds: ["s1"], allowedIpRanges: [], keys });
    });
    expect(out).toHaveResourceWithProperties(StorageAccount, {
      is_hns_enabled: true,
      min_tls_version: "TLS1_2",
      shared_access_key_enabled: false,
      allow_nested_items_to_be_public: false,
      infrastructure_encryption_enabled: true,
      account_replication_type: "ZRS",
      lifecycle: { prevent_destroy: true },
    });
    expect(resourcesOf(out, "azurerm_storage_account")[0].network_rules.default_action).toBe("Deny");
    expect(resourcesOf(out, "azurerm_storage_container").map((c) => c.name).sort()).toEqual(["bronze", "checkpoints", "gold", "landing", "silver"]);
    const role = resourcesOf(out, "azurerm_role_assignment").find((r) => r.role_definition_name === "Storage Blob Data Contributor");
    expect(role?.scope).toMatch(/^\$\{azurerm_storage_account\.st_account_[0-9A-F]+\.id\}$/);
    expect(role?.principal_id).toMatch(/databricks_access_connector/);
    // The account's data is encrypted with the environment's key, which its identity may only wrap.
    const [cmk] = resourcesOf(out, "azurerm_storage_account_customer_managed_key");
    expect(cmk.key_name).toMatch(/azurerm_key_vault_key\.keys_lakehouse-storage/);
    expect(resourcesOf(out, "azurerm_role_assignment").some((r) => /storage_account\.st_account_[0-9A-F]+\.identity/.test(r.principal_id) && r.role_definition_name === "Key Vault Crypto Service Encryption User")).toBe(true);
  });
});

describe("AzureDatabricksWorkspace", () => {
  it("is premium, VNet-injected without public IPs, encrypted with the three keys, and audited", () => {
    const out = Testing.synthScope((scope) => {
      const network = new WorkspaceVnet(scope, "net", { ...common, vnetCidr: "10.0.0.0/22", subnetNewBits: 2 });
      const keys = new WorkspaceKeyVault(scope, "keys", vaultProps);
      new AzureDatabricksWorkspace(scope, "ws", { ...common, network, keys, auditRetentionDays: 90 });
    });
    expect(out).toHaveResourceWithProperties(DatabricksWorkspace, {
      sku: "premium",
      customer_managed_key_enabled: true,
      infrastructure_encryption_enabled: true,
      managed_disk_cmk_rotation_to_latest_version_enabled: true,
    });
    expect(resourcesOf(out, "azurerm_databricks_workspace")[0].custom_parameters.no_public_ip).toBe(true);
    expect(resourcesOf(out, "azurerm_databricks_workspace_root_dbfs_customer_managed_key")).toHaveLength(1);
    const [diagnostics] = resourcesOf(out, "azurerm_monitor_diagnostic_setting");
    expect(diagnostics.enabled_log.map((l: { category: string }) => l.category)).toEqual(AUDIT_LOG_CATEGORIES);
    const identityRoles = resourcesOf(out, "azurerm_role_assignment").filter((r) => /managed_disk_identity|storage_account_identity/.test(r.principal_id));
    expect(identityRoles).toHaveLength(2);
  });
});
