import { DatabricksWorkspace } from "@cdktn/provider-azurerm/lib/databricks-workspace";
import { KeyVault } from "@cdktn/provider-azurerm/lib/key-vault";
import { StorageAccount } from "@cdktn/provider-azurerm/lib/storage-account";
import { Subnet } from "@cdktn/provider-azurerm/lib/subnet";
import { Testing } from "cdktn";
import { AUDIT_LOG_CATEGORIES, AzureDatabricksWorkspace } from "../../constructs/azure/azure-databricks-workspace";
import { LakehouseStorageAccount } from "../../constructs/azure/lakehouse-storage-account";
import { PrivateLink } from "../../constructs/azure/private-link";
import { WorkspaceKeyVault } from "../../constructs/azure/workspace-key-vault";
import { WorkspaceVnet } from "../../constructs/azure/workspace-vnet";
import { resourcesOf } from "../helpers";

const common = { name: "t", location: "westeurope", resourceGroupName: "rg", tags: { Owner: "team" } };
const vaultProps = {
  ...common,
  name: "kv-t",
  tenantId: "tenant",
  deletionProtection: false,
  databricksEnterpriseAppObjectId: "app",
  allowedSubnetIds: ["s1"],
  allowedIpRanges: ["203.0.113.0/24"],
};

describe("WorkspaceVnet", () => {
  it("delegates a host and a container subnet to Databricks, with NSGs and NAT egress", () => {
    const out = Testing.synthScope((scope) => new WorkspaceVnet(scope, "net", { ...common, vnetCidr: "10.0.0.0/22", subnetNewBits: 2 }));
    const subnets = resourcesOf(out, "azurerm_subnet");
    expect(subnets.map((s) => s.address_prefixes[0]).sort()).toEqual([
      '${cidrsubnet("10.0.0.0/22", 2, 0)}',
      '${cidrsubnet("10.0.0.0/22", 2, 1)}',
    ]);
    expect(out).toHaveResourceWithProperties(Subnet, {
      service_endpoints: ["Microsoft.Storage", "Microsoft.KeyVault"],
      default_outbound_access_enabled: false,
    });
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
      new LakehouseStorageAccount(scope, "st", {
        ...common,
        storageAccountName: "sttest",
        deletionProtection: true,
        allowedSubnetIds: ["s1"],
        allowedIpRanges: [],
        keys,
      });
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
    expect(
      resourcesOf(out, "azurerm_storage_container")
        .map((c) => c.name)
        .sort(),
    ).toEqual(["bronze", "checkpoints", "gold", "landing", "silver"]);
    const role = resourcesOf(out, "azurerm_role_assignment").find((r) => r.role_definition_name === "Storage Blob Data Contributor");
    expect(role?.scope).toMatch(/^\$\{azurerm_storage_account\.st_account_[0-9A-F]+\.id\}$/);
    expect(role?.principal_id).toMatch(/databricks_access_connector/);
    // The account's data is encrypted with the environment's key, which its identity may only wrap.
    const [cmk] = resourcesOf(out, "azurerm_storage_account_customer_managed_key");
    // The versionless id, so the account follows the key's rotations.
    expect(cmk.key_vault_key_id).toMatch(/^\$\{azurerm_key_vault_key\.keys_lakehouse-storage_[0-9A-F]+\.versionless_id\}$/);
    expect(cmk.key_name).toBeUndefined();
    expect(
      resourcesOf(out, "azurerm_role_assignment").some(
        (r) =>
          /storage_account\.st_account_[0-9A-F]+\.identity/.test(r.principal_id) &&
          r.role_definition_name === "Key Vault Crypto Service Encryption User",
      ),
    ).toBe(true);
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
    const identityRoles = resourcesOf(out, "azurerm_role_assignment").filter((r) =>
      /managed_disk_identity|storage_account_identity/.test(r.principal_id),
    );
    expect(identityRoles).toHaveLength(2);
  });
});

describe("private connectivity", () => {
  const link = (scope: import("constructs").Construct, network: WorkspaceVnet) =>
    new PrivateLink(scope, "pl", {
      ...common,
      subnetId: network.endpointSubnet!.id,
      linkedVnetIds: [network.vnet.id, "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/runners"],
    });

  it("adds an undelegated endpoint subnet with its own NSG only when asked", () => {
    const out = Testing.synthScope(
      (scope) =>
        new WorkspaceVnet(scope, "net", { ...common, vnetCidr: "10.0.0.0/22", subnetNewBits: 2, endpointSubnetCidr: "10.0.2.0/26" }),
    );
    const endpoints = resourcesOf(out, "azurerm_subnet").find((s) => s.name === "snet-t-endpoints");
    expect(endpoints).toMatchObject({
      address_prefixes: ["10.0.2.0/26"],
      private_endpoint_network_policies: "Enabled",
      default_outbound_access_enabled: false,
    });
    expect(endpoints?.delegation).toBeUndefined();
    expect(
      resourcesOf(out, "azurerm_network_security_group")
        .map((g) => g.name)
        .sort(),
    ).toEqual(["nsg-t-databricks", "nsg-t-endpoints"]);
    expect(resourcesOf(out, "azurerm_subnet_network_security_group_association")).toHaveLength(3);
  });

  it("makes the vault private: no public access or IP rules, keys created only after its endpoint", () => {
    const out = Testing.synthScope((scope) => {
      const network = new WorkspaceVnet(scope, "net", {
        ...common,
        vnetCidr: "10.0.0.0/22",
        subnetNewBits: 2,
        endpointSubnetCidr: "10.0.2.0/26",
      });
      new WorkspaceKeyVault(scope, "keys", { ...vaultProps, privateLink: link(scope, network) });
    });
    const [vault] = resourcesOf(out, "azurerm_key_vault");
    expect(vault.public_network_access_enabled).toBe(false);
    expect(vault.network_acls).toEqual({ default_action: "Deny", bypass: "AzureServices", virtual_network_subnet_ids: [], ip_rules: [] });
    const [endpoint] = resourcesOf(out, "azurerm_private_endpoint");
    expect(endpoint.private_service_connection).toMatchObject({ subresource_names: ["vault"], is_manual_connection: false });
    expect(endpoint.private_service_connection.private_connection_resource_id).toMatch(/azurerm_key_vault\.keys_vault_[0-9A-F]+\.id/);
    expect(resourcesOf(out, "azurerm_private_dns_zone").map((z) => z.name)).toEqual(["privatelink.vaultcore.azure.net"]);
    expect(resourcesOf(out, "azurerm_private_dns_zone_virtual_network_link")).toHaveLength(2);
    const keys = resourcesOf(out, "azurerm_key_vault_key");
    expect(keys.every((k) => k.depends_on.some((d: string) => d.startsWith("azurerm_private_endpoint.")))).toBe(true);
  });

  it("gives keys a first expiry equal to the rotation policy's lifetime and leaves later ones to the policy", () => {
    const out = Testing.synthScope((scope) => new WorkspaceKeyVault(scope, "keys", vaultProps));
    const [offset] = resourcesOf(out, "time_offset");
    expect(offset.offset_days).toBe(400);
    for (const key of resourcesOf(out, "azurerm_key_vault_key")) {
      expect(key.expiration_date).toMatch(/^\$\{time_offset\.keys_key-expiry_[0-9A-F]+\.rfc3339\}$/);
      expect(key.rotation_policy.expire_after).toBe("P400D");
      expect(key.lifecycle.ignore_changes).toEqual(["expiration_date"]);
    }
  });

  it("makes the storage account private: dfs and blob endpoints, public access off, no bypass, data access logged", () => {
    const out = Testing.synthScope((scope) => {
      const network = new WorkspaceVnet(scope, "net", {
        ...common,
        vnetCidr: "10.0.0.0/22",
        subnetNewBits: 2,
        endpointSubnetCidr: "10.0.2.0/26",
      });
      const keys = new WorkspaceKeyVault(scope, "keys", vaultProps);
      const storage = new LakehouseStorageAccount(scope, "st", {
        ...common,
        storageAccountName: "sttest",
        deletionProtection: false,
        allowedSubnetIds: ["s1"],
        allowedIpRanges: ["203.0.113.0/24"],
        keys,
        privateLink: link(scope, network),
      });
      storage.logDataAccess("log-analytics-id");
    });
    const [account] = resourcesOf(out, "azurerm_storage_account");
    expect(account.public_network_access_enabled).toBe(false);
    expect(account.network_rules).toEqual({ default_action: "Deny", bypass: ["None"], virtual_network_subnet_ids: [], ip_rules: [] });
    const endpoints = resourcesOf(out, "azurerm_private_endpoint");
    expect(endpoints.map((e) => e.private_service_connection.subresource_names[0]).sort()).toEqual(["blob", "dfs"]);
    expect(
      resourcesOf(out, "azurerm_private_dns_zone")
        .map((z) => z.name)
        .sort(),
    ).toEqual(["privatelink.blob.core.windows.net", "privatelink.dfs.core.windows.net"]);
    const [logs] = resourcesOf(out, "azurerm_monitor_diagnostic_setting");
    expect(logs.target_resource_id).toMatch(/^\$\{azurerm_storage_account\.st_account_[0-9A-F]+\.id\}\/blobServices\/default$/);
    expect(logs.enabled_log.map((l: { category: string }) => l.category)).toEqual(["StorageRead", "StorageWrite", "StorageDelete"]);
  });

  it("keeps the storage firewall of the public mode: subnets, listed ranges and the access connector", () => {
    const out = Testing.synthScope((scope) => {
      const keys = new WorkspaceKeyVault(scope, "keys", vaultProps);
      new LakehouseStorageAccount(scope, "st", {
        ...common,
        storageAccountName: "sttest",
        deletionProtection: false,
        allowedSubnetIds: ["s1"],
        allowedIpRanges: ["203.0.113.0/24"],
        keys,
      });
    });
    const [account] = resourcesOf(out, "azurerm_storage_account");
    expect(account.public_network_access_enabled).toBe(true);
    expect(account.network_rules).toMatchObject({
      default_action: "Deny",
      bypass: ["AzureServices"],
      virtual_network_subnet_ids: ["s1"],
      ip_rules: ["203.0.113.0/24"],
    });
    expect(account.network_rules.private_link_access[0].endpoint_resource_id).toMatch(/azurerm_databricks_access_connector/);
    expect(resourcesOf(out, "azurerm_private_endpoint")).toHaveLength(0);
  });

  it.each([
    ["back-end only", { backEnd: true, frontEnd: false }, true, "NoAzureDatabricksRules", ["databricks_ui_api"]],
    [
      "back-end and front-end",
      { backEnd: true, frontEnd: true },
      false,
      "NoAzureDatabricksRules",
      ["browser_authentication", "databricks_ui_api"],
    ],
  ])("workspace Private Link, %s", (_, mode, publicAccess, nsgRules, subresources) => {
    const out = Testing.synthScope((scope) => {
      const network = new WorkspaceVnet(scope, "net", {
        ...common,
        vnetCidr: "10.0.0.0/22",
        subnetNewBits: 2,
        endpointSubnetCidr: "10.0.2.0/26",
      });
      const keys = new WorkspaceKeyVault(scope, "keys", vaultProps);
      new AzureDatabricksWorkspace(scope, "ws", {
        ...common,
        network,
        keys,
        auditRetentionDays: 90,
        privateLink: { link: link(scope, network), ...mode },
      });
    });
    const [workspace] = resourcesOf(out, "azurerm_databricks_workspace");
    expect(workspace.public_network_access_enabled).toBe(publicAccess);
    expect(workspace.network_security_group_rules_required).toBe(nsgRules);
    const endpoints = resourcesOf(out, "azurerm_private_endpoint");
    expect(endpoints.map((e) => e.private_service_connection.subresource_names[0]).sort()).toEqual(subresources);
    expect(
      endpoints.every((e) =>
        /azurerm_databricks_workspace\.ws_workspace_[0-9A-F]+\.id/.test(e.private_service_connection.private_connection_resource_id),
      ),
    ).toBe(true);
    // Both workspace sub-resources resolve in one zone.
    expect(resourcesOf(out, "azurerm_private_dns_zone").map((z) => z.name)).toEqual(["privatelink.azuredatabricks.net"]);
  });

  it("leaves the workspace public with Databricks-managed NSG rules when Private Link is off", () => {
    const out = Testing.synthScope((scope) => {
      const network = new WorkspaceVnet(scope, "net", { ...common, vnetCidr: "10.0.0.0/22", subnetNewBits: 2 });
      new AzureDatabricksWorkspace(scope, "ws", {
        ...common,
        network,
        keys: new WorkspaceKeyVault(scope, "keys", vaultProps),
        auditRetentionDays: 90,
      });
    });
    expect(resourcesOf(out, "azurerm_databricks_workspace")[0]).toMatchObject({
      public_network_access_enabled: true,
      network_security_group_rules_required: "AllRules",
    });
  });
});
