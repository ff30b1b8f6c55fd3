import { PrivateDnsZone } from "@cdktn/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktn/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { Construct } from "constructs";
import { STORAGE_DNS_ZONES } from "./workspace-names";

export interface FallbackStorageZonesProps {
  /** Prefix of the link names ("<env>-prod-data"). */
  readonly name: string;
  readonly resourceGroupName: string;
  /** The VNet whose resolver answers from the zones (Resource Manager id). */
  readonly vnetId: string;
  readonly tags: Record<string, string>;
}

/**
 * The storage private DNS zones (dfs and blob) of a VNet that has no zones of those names yet, each
 * linked to it with resolution policy NxDomainRedirect: a name with no record here (a storage
 * account whose endpoints live in another network, such as the Databricks-managed workspace storage)
 * is then resolved publicly as before instead of failing with NXDOMAIN (Azure DNS, "Fallback to
 * internet for Azure Private DNS zones"). Azure links one zone of a name per VNet, so a VNet that has
 * these zones already (its own private storage) reuses them instead.
 */
export class FallbackStorageZones extends Construct {
  /** Zone ids by storage service. */
  readonly ids: Record<keyof typeof STORAGE_DNS_ZONES, string>;

  constructor(scope: Construct, id: string, props: FallbackStorageZonesProps) {
    super(scope, id);
    const zone = (service: keyof typeof STORAGE_DNS_ZONES) => {
      const created = new PrivateDnsZone(this, service, {
        name: STORAGE_DNS_ZONES[service],
        resourceGroupName: props.resourceGroupName,
        tags: props.tags,
      });
      new PrivateDnsZoneVirtualNetworkLink(this, `${service}-link`, {
        name: `link-${props.name}`,
        resourceGroupName: props.resourceGroupName,
        privateDnsZoneName: created.name,
        virtualNetworkId: props.vnetId,
        registrationEnabled: false,
        resolutionPolicy: "NxDomainRedirect",
        tags: props.tags,
      });
      return created.id;
    };
    this.ids = { dfs: zone("dfs"), blob: zone("blob") };
  }
}
