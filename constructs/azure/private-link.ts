import { PrivateDnsZone } from "@cdktn/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktn/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktn/provider-azurerm/lib/private-endpoint";
import { Construct } from "constructs";

/**
 * The private link sub-resources (group ids) the blueprint connects to, and the private DNS zone each
 * one's names resolve in (Azure Private Link "Azure Private Endpoint private DNS zone values";
 * Azure Databricks "Enable Azure Private Link back-end and front-end connections").
 */
export const PRIVATE_DNS_ZONES = {
  databricks_ui_api: "privatelink.azuredatabricks.net",
  browser_authentication: "privatelink.azuredatabricks.net",
  dfs: "privatelink.dfs.core.windows.net",
  blob: "privatelink.blob.core.windows.net",
  vault: "privatelink.vaultcore.azure.net",
} as const;
export type PrivateLinkSubresource = keyof typeof PRIVATE_DNS_ZONES;

export interface PrivateLinkProps {
  /** Prefix of every resource name ("<env>-lakehouse"). */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** The subnet the endpoints' network interfaces take their addresses from. */
  readonly subnetId: string;
  /** VNets whose resolvers answer from the zones: the workspace VNet first, then e.g. the deploy runners'. */
  readonly linkedVnetIds: string[];
  readonly tags: Record<string, string>;
}

/**
 * Private endpoints of one VNet and the private DNS zones behind them. Each zone is created on first
 * use and linked to every VNet in `linkedVnetIds`; each endpoint registers its address in its zone
 * (a DNS zone group), so the service's usual name resolves to the private address from those VNets
 * and to the public one elsewhere. Connections are automatic: the deploying identity owns both sides.
 */
export class PrivateLink extends Construct {
  private readonly zones = new Map<string, PrivateDnsZone>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: PrivateLinkProps,
  ) {
    super(scope, id);
  }

  /** The zone of `zoneName`, created and linked on first use. */
  zone(zoneName: string): PrivateDnsZone {
    const existing = this.zones.get(zoneName);
    if (existing) return existing;
    const key = zoneName.replace(/^privatelink\./, "").replace(/\./g, "-");
    const zone = new PrivateDnsZone(this, `zone-${key}`, {
      name: zoneName,
      resourceGroupName: this.props.resourceGroupName,
      tags: this.props.tags,
    });
    this.props.linkedVnetIds.forEach((virtualNetworkId, i) => {
      new PrivateDnsZoneVirtualNetworkLink(this, `zone-${key}-link-${i}`, {
        name: i === 0 ? `link-${this.props.name}` : `link-${this.props.name}-${i}`,
        resourceGroupName: this.props.resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId,
        registrationEnabled: false,
        tags: this.props.tags,
      });
    });
    this.zones.set(zoneName, zone);
    return zone;
  }

  /**
   * A private endpoint to `subresource` of the resource `targetId` (a workspace, storage account or
   * vault id), named `pe-<name>-<what>`, with its A record in the sub-resource's zone.
   */
  endpoint(what: string, targetId: string, subresource: PrivateLinkSubresource): PrivateEndpoint {
    const zone = this.zone(PRIVATE_DNS_ZONES[subresource]);
    const name = `pe-${this.props.name}-${what}`;
    return new PrivateEndpoint(this, what, {
      name,
      location: this.props.location,
      resourceGroupName: this.props.resourceGroupName,
      subnetId: this.props.subnetId,
      privateServiceConnection: {
        name: `psc-${this.props.name}-${what}`,
        privateConnectionResourceId: targetId,
        subresourceNames: [subresource],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: "private-dns", privateDnsZoneIds: [zone.id] },
      tags: this.props.tags,
    });
  }
}
