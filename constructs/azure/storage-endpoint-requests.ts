import { PrivateEndpoint } from "@cdktn/provider-azurerm/lib/private-endpoint";
import { Construct } from "constructs";
import type { STORAGE_DNS_ZONES } from "./workspace-names";

type StorageService = keyof typeof STORAGE_DNS_ZONES;

export interface StorageEndpointRequestsProps {
  /** Prefix of the endpoint names ("<env>-prod-data"): pe-<name>-dfs, pe-<name>-blob. */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** The subnet the endpoints take their addresses from (Resource Manager id). */
  readonly subnetId: string;
  /** Resource Manager id of the storage account, which another owner manages. */
  readonly storageAccountId: string;
  /** What the account's owner reads when approving: 1 to 140 characters (azurerm's limit). */
  readonly requestMessage: string;
  /** The private DNS zones that take each endpoint's A record, by service. */
  readonly zoneIds: Record<StorageService, string>;
  readonly tags: Record<string, string>;
}

/**
 * Private endpoints (dfs for ADLS Gen2, blob for the blob API) from one VNet to a storage account
 * that someone else owns, as manual connection requests: each stays Pending, carrying no traffic,
 * until the account's owner approves it on the account (Azure Private Link, "Manage a private
 * endpoint connection"), so the identity that deploys them needs no right on that account. Each
 * registers its address in its zone (a DNS zone group), so the account's usual names resolve to it
 * from the VNets linked to the zones. Throws on a request message Azure would refuse.
 */
export class StorageEndpointRequests extends Construct {
  readonly endpoints: Record<StorageService, PrivateEndpoint>;

  constructor(scope: Construct, id: string, props: StorageEndpointRequestsProps) {
    super(scope, id);
    const message = props.requestMessage.trim();
    if (message.length === 0 || message.length > 140)
      throw new Error(
        `${id}: the request message has ${message.length} characters; Azure takes 1 to 140. Fix: shorten "${props.requestMessage}"`,
      );
    const endpoint = (service: StorageService) =>
      new PrivateEndpoint(this, service, {
        name: `pe-${props.name}-${service}`,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        subnetId: props.subnetId,
        privateServiceConnection: {
          name: `psc-${props.name}-${service}`,
          privateConnectionResourceId: props.storageAccountId,
          subresourceNames: [service],
          isManualConnection: true,
          requestMessage: message,
        },
        privateDnsZoneGroup: { name: "private-dns", privateDnsZoneIds: [props.zoneIds[service]] },
        tags: props.tags,
      });
    this.endpoints = { dfs: endpoint("dfs"), blob: endpoint("blob") };
  }
}
