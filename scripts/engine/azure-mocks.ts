// What the mocked azurerm provider returns for the attributes Azure computes. azurerm cannot plan
// without Entra ID, so the plan tests mock it (mock_provider keeps its schema); but the provider's own
// checks still run on the values that flow from one resource into another (a role assignment's scope,
// a subnet id, a key id), and a mock's random strings fail them. These are the formats Azure returns
// (Azure Resource Manager ids: "Resource ID" in the ARM template reference of each type).
import { type Json, uuidFor } from "./realistic-values";

/** The ARM provider path of each resource type's id, below its resource group (NAME stands for the resource). */
const ARM_PATHS: Record<string, string> = {
  azurerm_virtual_network: "Microsoft.Network/virtualNetworks/NAME",
  azurerm_subnet: "Microsoft.Network/virtualNetworks/vnet-mock/subnets/NAME",
  azurerm_network_security_group: "Microsoft.Network/networkSecurityGroups/NAME",
  azurerm_nat_gateway: "Microsoft.Network/natGateways/NAME",
  azurerm_public_ip: "Microsoft.Network/publicIPAddresses/NAME",
  azurerm_key_vault: "Microsoft.KeyVault/vaults/NAME",
  azurerm_storage_account: "Microsoft.Storage/storageAccounts/NAME",
  azurerm_databricks_access_connector: "Microsoft.Databricks/accessConnectors/NAME",
  azurerm_databricks_workspace: "Microsoft.Databricks/workspaces/NAME",
  azurerm_log_analytics_workspace: "Microsoft.OperationalInsights/workspaces/NAME",
  azurerm_private_endpoint: "Microsoft.Network/privateEndpoints/NAME",
  azurerm_private_dns_zone: "Microsoft.Network/privateDnsZones/NAME",
  azurerm_private_dns_zone_virtual_network_link: "Microsoft.Network/privateDnsZones/privatelink.mock.net/virtualNetworkLinks/NAME",
  azurerm_route_table: "Microsoft.Network/routeTables/NAME",
  azurerm_virtual_network_peering: "Microsoft.Network/virtualNetworks/vnet-mock/virtualNetworkPeerings/NAME",
  azurerm_firewall: "Microsoft.Network/azureFirewalls/NAME",
  azurerm_firewall_policy: "Microsoft.Network/firewallPolicies/NAME",
  azurerm_firewall_policy_rule_collection_group: "Microsoft.Network/firewallPolicies/afwp-mock/ruleCollectionGroups/NAME",
  azurerm_federated_identity_credential: "Microsoft.ManagedIdentity/userAssignedIdentities/id-mock/federatedIdentityCredentials/NAME",
};

// Computed identity blocks (set by Azure, not by the configuration).
const identity = (seed: string) => [
  { principal_id: uuidFor(`${seed}/principal`), tenant_id: uuidFor(`${seed}/tenant`), type: "SystemAssigned" },
];

/**
 * The `mock_provider "azurerm"` block for a stack: per resource type it holds, defaults for the
 * computed attributes in Azure's formats. Takes the synthesized stack; gives the block's body, or one
 * body per aliased provider (the bootstrap stack has one per subscription).
 */
export function azurermMock(stack: Json): Json | Json[] {
  const blocks = (stack.provider?.azurerm ?? []) as Json[];
  if (blocks.length > 1 || blocks[0]?.alias) return blocks.map((block) => ({ alias: block.alias, ...azurermMockFor(stack, block) }));
  return azurermMockFor(stack, blocks[0] ?? {});
}

function azurermMockFor(stack: Json, provider: Json): Json {
  const subscription = (provider.subscription_id as string | undefined) ?? uuidFor("subscription");
  const group = `/subscriptions/${subscription}/resourceGroups/rg-mock`;
  const arm = (type: string, name = "mock") => `${group}/providers/${ARM_PATHS[type].replace("NAME", name)}`;
  const vault = "https://kv-mock.vault.azure.net";
  const defaults: Record<string, Json> = {
    azurerm_resource_group: { id: group },
    azurerm_key_vault: { id: arm("azurerm_key_vault", "kv-mock"), vault_uri: `${vault}/` },
    azurerm_key_vault_key: {
      id: `${vault}/keys/mock/0123456789abcdef0123456789abcdef`,
      versionless_id: `${vault}/keys/mock`,
      resource_id: `${arm("azurerm_key_vault", "kv-mock")}/keys/mock`,
      resource_versionless_id: `${arm("azurerm_key_vault", "kv-mock")}/keys/mock`,
      version: "0123456789abcdef0123456789abcdef",
    },
    azurerm_storage_account: { id: arm("azurerm_storage_account", "stmock") },
    azurerm_storage_container: {
      id: `${arm("azurerm_storage_account", "stmock")}/blobServices/default/containers/mock`,
      resource_manager_id: `${arm("azurerm_storage_account", "stmock")}/blobServices/default/containers/mock`,
    },
    azurerm_databricks_access_connector: { id: arm("azurerm_databricks_access_connector") },
    // Azure Firewall takes only a subnet named AzureFirewallSubnet, and the egress hub has no other (Standard tier).
    ...(Object.values((stack.resource?.azurerm_subnet ?? {}) as Json).some((subnet) => (subnet as Json).name === "AzureFirewallSubnet")
      ? { azurerm_subnet: { id: arm("azurerm_subnet", "AzureFirewallSubnet") } }
      : {}),
    // Associations are identified by the subnet (or the pair) they join.
    azurerm_subnet_route_table_association: { id: arm("azurerm_subnet") },
    azurerm_subnet_network_security_group_association: { id: arm("azurerm_subnet") },
    azurerm_subnet_nat_gateway_association: { id: arm("azurerm_subnet") },
    azurerm_nat_gateway_public_ip_association: { id: `${arm("azurerm_nat_gateway")}|${arm("azurerm_public_ip")}` },
    azurerm_databricks_workspace: {
      id: arm("azurerm_databricks_workspace"),
      workspace_id: "1234567890123456",
      workspace_url: "adb-1234567890123456.7.azuredatabricks.net",
      managed_disk_identity: identity("disks"),
      storage_account_identity: identity("dbfs"),
    },
    // The bootstrap stack's CI identities and custom roles.
    azurerm_user_assigned_identity: {
      id: `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-mock`,
      client_id: uuidFor("identity-client"),
      principal_id: uuidFor("identity-principal"),
      tenant_id: provider.tenant_id ?? uuidFor("tenant"),
    },
    azurerm_role_definition: {
      id: `/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${uuidFor("role-definition")}|/subscriptions/${subscription}`,
      role_definition_id: uuidFor("role-definition"),
      role_definition_resource_id: `/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${uuidFor("role-definition")}`,
    },
    // principal_type only where no assignment of the stack sets it: OpenTofu refuses a mock default
    // that would override a configured value ("Invalid mock/override field"), and defaults are per type.
    azurerm_role_assignment: {
      id: `${group}/providers/Microsoft.Authorization/roleAssignments/${uuidFor("role-assignment")}`,
      ...(Object.values((stack.resource?.azurerm_role_assignment ?? {}) as Json).some(
        (assignment) => (assignment as Json).principal_type !== undefined,
      )
        ? {}
        : { principal_type: "ServicePrincipal" }),
    },
  };
  const mocks: Json = {};
  for (const type of Object.keys((stack.resource ?? {}) as Json)
    .filter((t) => t.startsWith("azurerm_"))
    .sort()) {
    const values = defaults[type] ?? (ARM_PATHS[type] ? { id: arm(type) } : undefined);
    if (values) mocks[type] = { defaults: values };
  }
  const data: Json = {};
  if (stack.data?.azurerm_client_config) {
    data.azurerm_client_config = {
      defaults: {
        tenant_id: provider.tenant_id ?? uuidFor("tenant"),
        subscription_id: subscription,
        client_id: uuidFor("client"),
        object_id: uuidFor("deployer"),
      },
    };
  }
  return { ...(Object.keys(mocks).length ? { mock_resource: mocks } : {}), ...(Object.keys(data).length ? { mock_data: data } : {}) };
}
