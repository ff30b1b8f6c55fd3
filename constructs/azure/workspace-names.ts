import type { AzureEnvironment } from "../../config/schema";
import { PRIVATE_DNS_ZONES } from "./private-link";

// The names and Resource Manager ids of what an Azure environment's workspace stack creates, derived
// from its config alone, so that another stack (the developers' data path to a prod environment's
// storage, stacks/prod-data-path-stack.ts) reaches them without reading that stack's state: it
// synthesizes the same whichever environments a run selects, and plans before they exist. A test
// (__tests__/prod-data-path.test.ts) checks these against the synthesized workspace stack.

/** The private DNS zones of the lakehouse storage's private endpoints: PrivateLink's, for dfs and blob. */
export const STORAGE_DNS_ZONES = { dfs: PRIVATE_DNS_ZONES.dfs, blob: PRIVATE_DNS_ZONES.blob } as const;

/** Names and ids of an Azure environment's workspace resources (the prefix is "<env>-lakehouse", as AzureWorkspaceStack names it). */
export function azureWorkspaceNames(env: Pick<AzureEnvironment, "name" | "azure">) {
  const name = `${env.name}-lakehouse`;
  const resourceGroupName = `rg-${name}`;
  const vnetName = `vnet-${name}`;
  const group = `/subscriptions/${env.azure.subscriptionId}/resourceGroups/${resourceGroupName}`;
  const vnetId = `${group}/providers/Microsoft.Network/virtualNetworks/${vnetName}`;
  return {
    name,
    resourceGroupName,
    vnetId,
    endpointSubnetId: `${vnetId}/subnets/snet-${name}-endpoints`,
    storageAccountId: `${group}/providers/Microsoft.Storage/storageAccounts/${env.azure.storageAccountName}`,
    /** The storage zones the workspace stack creates when azure.network.privateConnectivity.storageAndKeyVault is on. */
    storageZoneIds: {
      dfs: `${group}/providers/Microsoft.Network/privateDnsZones/${STORAGE_DNS_ZONES.dfs}`,
      blob: `${group}/providers/Microsoft.Network/privateDnsZones/${STORAGE_DNS_ZONES.blob}`,
    },
  };
}
