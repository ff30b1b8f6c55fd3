import { FirewallPolicyRuleCollectionGroup } from "@cdktn/provider-azurerm/lib/firewall-policy-rule-collection-group";
import { RouteTable } from "@cdktn/provider-azurerm/lib/route-table";
import type { Subnet } from "@cdktn/provider-azurerm/lib/subnet";
import { SubnetRouteTableAssociation } from "@cdktn/provider-azurerm/lib/subnet-route-table-association";
import type { VirtualNetwork } from "@cdktn/provider-azurerm/lib/virtual-network";
import { VirtualNetworkPeering } from "@cdktn/provider-azurerm/lib/virtual-network-peering";
import { Construct } from "constructs";
import { type EgressHubPlace, egressHubNames } from "./hub-names";

export interface SpokeEgressProps {
  /** The environment's resource name base (e.g. "azprod-lakehouse"). */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly vnet: VirtualNetwork;
  /** The two Databricks subnets (host and container) and their ranges. */
  readonly subnets: readonly Subnet[];
  readonly subnetCidrs: readonly string[];
  readonly hub: EgressHubPlace;
  /** Host names or "*." wildcards the environment's clusters may reach (config/schema/egress.ts checked them). */
  readonly allowedDomains: readonly string[];
  /** Priority of the environment's rule collection group in the shared policy: unique per hub (stacks/egress-hubs.ts). */
  readonly priority: number;
  readonly tags: Record<string, string>;
}

/**
 * The environment's side of the region's egress hub (stacks/egress-hub-stack.ts), kept in its
 * workspace stack so the hub stays the same whichever environments are selected: VNet peerings both
 * ways (the hub's side created in the hub's resource group, by its derived name; same subscription),
 * a route table on both Databricks subnets sending 0.0.0.0/0 to the firewall's private address, and a
 * rule collection group of the hub's policy that lets the environment's subnets reach its allowed
 * domains on HTTPS and HTTP. With this route the subnets have no NAT gateway: the firewall's public
 * IP is their way out (a user-defined route to a virtual appliance takes the traffic before a NAT
 * gateway would; Azure NAT Gateway "Azure NAT Gateway and user-defined routes").
 */
export class SpokeEgress extends Construct {
  readonly routeTable: RouteTable;

  constructor(scope: Construct, id: string, props: SpokeEgressProps) {
    super(scope, id);
    const hub = egressHubNames(props.hub);
    new VirtualNetworkPeering(this, "to-hub", {
      name: `peer-${props.name}-to-hub`,
      resourceGroupName: props.resourceGroupName,
      virtualNetworkName: props.vnet.name,
      remoteVirtualNetworkId: hub.vnetId,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
    });
    new VirtualNetworkPeering(this, "from-hub", {
      name: `peer-hub-to-${props.name}`,
      resourceGroupName: hub.resourceGroupName,
      virtualNetworkName: hub.vnetName,
      remoteVirtualNetworkId: props.vnet.id,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
    });
    this.routeTable = new RouteTable(this, "route-table", {
      name: `rt-${props.name}-egress`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      // Routes learned over a gateway (VPN, ExpressRoute) must not outrank the way through the firewall.
      bgpRoutePropagationEnabled: false,
      route: [
        {
          name: "internet-through-firewall",
          addressPrefix: "0.0.0.0/0",
          nextHopType: "VirtualAppliance",
          nextHopInIpAddress: hub.firewallPrivateIp,
        },
      ],
      tags: props.tags,
    });
    props.subnets.forEach((subnet, i) => {
      new SubnetRouteTableAssociation(this, `route-table-${i === 0 ? "host" : "container"}`, {
        subnetId: subnet.id,
        routeTableId: this.routeTable.id,
      });
    });
    // None listed: the hub's rules (the Databricks endpoints) are all the environment may reach.
    if (props.allowedDomains.length === 0) return;
    new FirewallPolicyRuleCollectionGroup(this, "allowed-domains", {
      name: `lakehouse-${props.name}`,
      firewallPolicyId: hub.firewallPolicyId,
      priority: props.priority,
      applicationRuleCollection: [
        {
          name: "allowed-domains",
          priority: 100,
          action: "Allow",
          rule: [
            {
              name: "allowed-domains",
              protocols: [
                { type: "Https", port: 443 },
                { type: "Http", port: 80 },
              ],
              sourceAddresses: [...props.subnetCidrs],
              destinationFqdns: [...props.allowedDomains],
            },
          ],
        },
      ],
    });
  }
}
