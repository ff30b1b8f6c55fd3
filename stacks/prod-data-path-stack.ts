import { AzurermProvider } from "@cdktn/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktn/provider-azurerm/lib/resource-group";
import { TerraformOutput, TerraformStack } from "cdktn";
import type { Construct } from "constructs";
import type { AzureEnvironment } from "../config/schema";
import { FallbackStorageZones } from "../constructs/azure/fallback-storage-zones";
import { StorageEndpointRequests } from "../constructs/azure/storage-endpoint-requests";
import { azureWorkspaceNames } from "../constructs/azure/workspace-names";
import { costTags } from "../constructs/cost-tags";
import { useStateBackend } from "./state-backend";

/** The page the prod owner reads before approving (named in every request). */
export const DATA_PATH_DOC = "docs/production-data-in-dev.md";

/**
 * The network path from a dev (or test) environment's VNet to the lakehouse storage of the Azure prod
 * environment whose catalog its developers read (unityCatalog.readsProdCatalogOf), when that storage
 * takes no public traffic: Unity Catalog hands the reader's classic clusters a downscoped token, and
 * they read ADLS directly, so they need a private endpoint of their own. Owned by the reader: its
 * subscription, state and deploy identity. It holds a resource group, private endpoints (dfs, blob)
 * from the reader's endpoint subnet to prod's account, requested for the prod owner's approval (the
 * reader's identity gets no right on prod's storage), and the DNS: the reader's own storage zones
 * when its workspace stack has them, else zones of its own linked with fallback to internet. Every
 * id it needs is derived from config (constructs/azure/workspace-names.ts), so it plans before the
 * resources exist; it is applied after the reader's workspace stack (the subnet) and the prod
 * environment (the account), in its own CI matrix entry (scripts/ci/matrix.ts).
 */
export class ProdDataPathStack extends TerraformStack {
  readonly requests: StorageEndpointRequests;

  constructor(scope: Construct, id: string, reader: AzureEnvironment, prod: AzureEnvironment) {
    super(scope, id);
    useStateBackend(this, reader.state);
    const tags = costTags(reader.tags, reader.name);
    const location = reader.azure.location;
    new AzurermProvider(this, "azurerm", {
      subscriptionId: reader.azure.subscriptionId,
      tenantId: reader.azure.tenantId,
      features: [{ resourceGroup: [{ preventDeletionIfContainsResources: true }] }],
    });
    const readerNames = azureWorkspaceNames(reader);
    const name = `${reader.name}-prod-data`;
    const group = new ResourceGroup(this, "resource-group", { name: `rg-${reader.name}-prod-data-path`, location, tags });
    // One zone of a name per VNet link: a reader with private storage has these zones linked already.
    const zoneIds = reader.azure.network.privateConnectivity.storageAndKeyVault
      ? readerNames.storageZoneIds
      : new FallbackStorageZones(this, "zones", { name, resourceGroupName: group.name, vnetId: readerNames.vnetId, tags }).ids;
    this.requests = new StorageEndpointRequests(this, "prod-storage", {
      name,
      location,
      resourceGroupName: group.name,
      subnetId: readerNames.endpointSubnetId,
      storageAccountId: azureWorkspaceNames(prod).storageAccountId,
      requestMessage: `${reader.name} workspace reads ${prod.name} catalog through Unity Catalog, read-only. See ${DATA_PATH_DOC}`,
      zoneIds,
      tags,
    });
    new TerraformOutput(this, "prod_storage_endpoint_requests", {
      value: [this.requests.endpoints.dfs.id, this.requests.endpoints.blob.id],
      description: `Private endpoints to ${prod.name}'s storage account waiting for its owner's approval (${DATA_PATH_DOC})`,
    });
  }
}
