// What the CI identities of an Azure subscription may do, derived from the resource types the
// workspace stacks create (a test checks that every azurerm_* type the blueprint synthesizes is
// listed here). Every operation is named (no "*": Azure custom roles accept wildcards, this
// blueprint does not use them), in the names of "Azure resource provider operations" (Microsoft
// Learn, Azure RBAC); the calls each Terraform resource makes are in its azurerm documentation and
// source. Reads of secrets the provider tolerates being refused (storage account keys, Log
// Analytics shared keys) are left out on purpose. A first deploy refused with "does not have
// authorization to perform action X" means an operation missing here: add it to its type and
// re-apply the bootstrap stack.

import { KEY_WRAPPING_ROLE } from "./workspace-key-vault";

interface TypeActions {
  /** What refreshing (planning) the resource calls. */
  readonly read: readonly string[];
  /** What creating, updating and deleting it calls besides. */
  readonly write: readonly string[];
}

const net = (...names: string[]) => names.map((n) => `Microsoft.Network/${n}`);

const TYPES: Readonly<Record<string, TypeActions>> = {
  azurerm_resource_group: {
    read: ["Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Resources/subscriptions/resourceGroups/resources/read"],
    write: ["Microsoft.Resources/subscriptions/resourceGroups/write", "Microsoft.Resources/subscriptions/resourceGroups/delete"],
  },
  azurerm_virtual_network: {
    read: net("virtualNetworks/read"),
    write: net("virtualNetworks/write", "virtualNetworks/delete", "virtualNetworks/join/action"),
  },
  azurerm_subnet: {
    read: net("virtualNetworks/subnets/read"),
    write: net("virtualNetworks/subnets/write", "virtualNetworks/subnets/delete", "virtualNetworks/subnets/join/action"),
  },
  azurerm_network_security_group: {
    read: net("networkSecurityGroups/read", "networkSecurityGroups/securityRules/read"),
    write: net("networkSecurityGroups/write", "networkSecurityGroups/delete", "networkSecurityGroups/join/action"),
  },
  azurerm_subnet_network_security_group_association: {
    read: [],
    write: net("virtualNetworks/subnets/write", "networkSecurityGroups/join/action"),
  },
  azurerm_nat_gateway: { read: net("natGateways/read"), write: net("natGateways/write", "natGateways/delete", "natGateways/join/action") },
  azurerm_public_ip: {
    read: net("publicIPAddresses/read"),
    write: net("publicIPAddresses/write", "publicIPAddresses/delete", "publicIPAddresses/join/action"),
  },
  azurerm_nat_gateway_public_ip_association: { read: [], write: net("natGateways/write", "publicIPAddresses/join/action") },
  azurerm_subnet_nat_gateway_association: { read: [], write: net("virtualNetworks/subnets/write", "natGateways/join/action") },
  // The egress hub (stacks/egress-hub-stack.ts) and each environment's side of it (constructs/azure/egress/).
  azurerm_firewall: {
    read: net("azurefirewalls/read"),
    write: net(
      "azurefirewalls/write",
      "azurefirewalls/delete",
      "publicIPAddresses/join/action",
      "virtualNetworks/subnets/join/action",
      "firewallPolicies/join/action",
    ),
  },
  azurerm_firewall_policy: {
    read: net("firewallPolicies/read"),
    write: net("firewallPolicies/write", "firewallPolicies/delete", "firewallPolicies/join/action"),
  },
  azurerm_firewall_policy_rule_collection_group: {
    read: net("firewallPolicies/ruleCollectionGroups/read"),
    write: net("firewallPolicies/ruleCollectionGroups/write", "firewallPolicies/ruleCollectionGroups/delete"),
  },
  azurerm_route_table: {
    read: net("routeTables/read", "routeTables/routes/read"),
    write: net(
      "routeTables/write",
      "routeTables/delete",
      "routeTables/join/action",
      "routeTables/routes/write",
      "routeTables/routes/delete",
    ),
  },
  azurerm_subnet_route_table_association: { read: [], write: net("virtualNetworks/subnets/write", "routeTables/join/action") },
  azurerm_virtual_network_peering: {
    read: net("virtualNetworks/virtualNetworkPeerings/read"),
    write: net(
      "virtualNetworks/virtualNetworkPeerings/write",
      "virtualNetworks/virtualNetworkPeerings/delete",
      "virtualNetworks/peer/action",
    ),
  },
  azurerm_monitor_scheduled_query_rules_alert_v2: {
    read: ["Microsoft.Insights/scheduledQueryRules/read"],
    write: ["Microsoft.Insights/scheduledQueryRules/write", "Microsoft.Insights/scheduledQueryRules/delete"],
  },
  azurerm_private_endpoint: {
    read: net("privateEndpoints/read", "privateEndpoints/privateDnsZoneGroups/read"),
    write: [
      ...net(
        "privateEndpoints/write",
        "privateEndpoints/delete",
        "privateEndpoints/privateDnsZoneGroups/write",
        "privateEndpoints/privateDnsZoneGroups/delete",
      ),
      // The endpoints reach the environment's own workspace, storage and vault: auto-approved.
      "Microsoft.Databricks/workspaces/privateEndpointConnectionsApproval/action",
      "Microsoft.Storage/storageAccounts/privateEndpointConnectionsApproval/action",
      "Microsoft.KeyVault/vaults/privateEndpointConnectionsApproval/action",
    ],
  },
  azurerm_private_dns_zone: {
    read: net("privateDnsZones/read", "privateDnsZones/SOA/read"),
    write: net("privateDnsZones/write", "privateDnsZones/delete", "privateDnsZones/SOA/write", "privateDnsZones/join/action"),
  },
  azurerm_private_dns_zone_virtual_network_link: {
    read: net("privateDnsZones/virtualNetworkLinks/read"),
    write: net("privateDnsZones/virtualNetworkLinks/write", "privateDnsZones/virtualNetworkLinks/delete", "virtualNetworks/join/action"),
  },
  azurerm_key_vault: {
    read: [
      "Microsoft.KeyVault/vaults/read",
      "Microsoft.KeyVault/locations/deletedVaults/read",
      "Microsoft.KeyVault/locations/operationResults/read",
    ],
    write: ["Microsoft.KeyVault/vaults/write", "Microsoft.KeyVault/vaults/delete"],
  },
  // Keys are made over the vault's data plane, as Key Vault Crypto Officer, a role the stack grants the deployer on its own vault.
  azurerm_key_vault_key: { read: [], write: [] },
  azurerm_role_assignment: {
    read: ["Microsoft.Authorization/roleAssignments/read", "Microsoft.Authorization/roleDefinitions/read"],
    write: [],
  },
  azurerm_storage_account: {
    read: [
      "Microsoft.Storage/storageAccounts/read",
      "Microsoft.Storage/storageAccounts/blobServices/read",
      "Microsoft.Storage/storageAccounts/fileServices/read",
      "Microsoft.Storage/storageAccounts/queueServices/read",
    ],
    write: [
      "Microsoft.Storage/storageAccounts/write",
      "Microsoft.Storage/storageAccounts/delete",
      "Microsoft.Storage/storageAccounts/blobServices/write",
    ],
  },
  azurerm_storage_account_customer_managed_key: { read: [], write: ["Microsoft.Storage/storageAccounts/write"] },
  azurerm_storage_container: {
    read: ["Microsoft.Storage/storageAccounts/blobServices/containers/read"],
    write: [
      "Microsoft.Storage/storageAccounts/blobServices/containers/write",
      "Microsoft.Storage/storageAccounts/blobServices/containers/delete",
    ],
  },
  azurerm_databricks_access_connector: {
    read: ["Microsoft.Databricks/accessConnectors/read"],
    write: ["Microsoft.Databricks/accessConnectors/write", "Microsoft.Databricks/accessConnectors/delete"],
  },
  azurerm_databricks_workspace: {
    read: ["Microsoft.Databricks/workspaces/read", "Microsoft.Databricks/locations/operationstatuses/read"],
    write: ["Microsoft.Databricks/workspaces/write", "Microsoft.Databricks/workspaces/delete"],
  },
  azurerm_databricks_workspace_root_dbfs_customer_managed_key: { read: [], write: ["Microsoft.Databricks/workspaces/write"] },
  azurerm_log_analytics_workspace: {
    read: ["Microsoft.OperationalInsights/workspaces/read"],
    write: ["Microsoft.OperationalInsights/workspaces/write", "Microsoft.OperationalInsights/workspaces/delete"],
  },
  azurerm_monitor_diagnostic_setting: {
    read: ["Microsoft.Insights/diagnosticSettings/read"],
    write: ["Microsoft.Insights/diagnosticSettings/write", "Microsoft.Insights/diagnosticSettings/delete"],
  },
};

/** Reads that belong to no one resource: long-running operations polled by every network change, the CI/CD identity looked up. */
const COMMON_READS = [
  "Microsoft.Network/locations/operations/read",
  "Microsoft.Network/locations/operationResults/read",
  "Microsoft.ManagedIdentity/userAssignedIdentities/read",
];

/** Every azurerm_* resource type the CI identities can manage. */
export const AZURE_MANAGED_TYPES: ReadonlySet<string> = new Set(Object.keys(TYPES));

const unique = (actions: readonly string[]) => [...new Set(actions)].sort();

/** The Azure Firewall types: only the egress hub and the spokes' rule collection groups use them. */
const FIREWALL_TYPES: ReadonlySet<string> = new Set([
  "azurerm_firewall",
  "azurerm_firewall_policy",
  "azurerm_firewall_policy_rule_collection_group",
]);

/** What a subscription's environments use beyond the common types: `firewall`, egress through the hub's Azure Firewall. */
export interface AzureDeployNeeds {
  readonly firewall: boolean;
}

/** The types a subscription's identities manage: all but the firewall's where no environment there uses it. */
function typesFor(needs: AzureDeployNeeds): TypeActions[] {
  return Object.entries(TYPES)
    .filter(([type]) => needs.firewall || !FIREWALL_TYPES.has(type))
    .map(([, actions]) => actions);
}

/** Management-plane operations of the plan identity of a subscription with `needs`: reads only. */
export function planActions(needs: AzureDeployNeeds): string[] {
  return unique([...COMMON_READS, ...typesFor(needs).flatMap((t) => t.read)]);
}

/** Data-plane operations of the plan identity: the vault keys' metadata and rotation policies, which a refresh reads. */
export const PLAN_DATA_ACTIONS: readonly string[] = [
  "Microsoft.KeyVault/vaults/keys/read",
  "Microsoft.KeyVault/vaults/keyrotationpolicies/read",
];

/**
 * Management-plane operations of the deploy identity of a subscription with `needs` (role assignments
 * come through DEPLOYER_ASSIGNABLE_ROLES instead). Switching an environment to egress mode "firewall"
 * means re-applying the bootstrap first.
 */
export function deployActions(needs: AzureDeployNeeds): string[] {
  return unique([...planActions(needs), ...typesFor(needs).flatMap((t) => t.write)]);
}

/**
 * The built-in roles the workspace stacks assign, and so the only ones the deploy identity may assign
 * or remove (Role Based Access Control Administrator with a condition on the role: Azure RBAC,
 * "Delegate Azure role assignment management to others with conditions").
 */
export const DEPLOYER_ASSIGNABLE_ROLES: readonly string[] = [
  "Key Vault Crypto Officer",
  KEY_WRAPPING_ROLE,
  "Key Vault Secrets User",
  "Key Vault Contributor",
  "Storage Blob Data Contributor",
  "Storage Blob Data Reader",
];
