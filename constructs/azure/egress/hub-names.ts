import { Fn } from "cdktn";

// The names and ids of a region's egress hub, derived from the subscription, the region and the hub
// range alone: the hub stack creates these resources by them and the workspace stacks reach them by
// them (peerings, routes, their firewall policy rule collection group) without a cross-stack output,
// so the hub stack synthesizes the same whichever environments a run selects.

/** The hub of one subscription and region. */
export interface EgressHubPlace {
  readonly subscriptionId: string;
  readonly location: string;
  /** The hub VNet's range, a /16 to /24 (config/rules/egress.ts). */
  readonly hubVnetCidr: string;
}

/** Names and Resource Manager ids of the hub's resources, and the firewall's private address. */
export function egressHubNames(place: EgressHubPlace) {
  const base = `lakehouse-hub-${place.location}`;
  const resourceGroupName = `rg-${base}`;
  const vnetName = `vnet-${base}`;
  const firewallPolicyName = `afwp-${base}`;
  const group = `/subscriptions/${place.subscriptionId}/resourceGroups/${resourceGroupName}`;
  const prefix = Number(place.hubVnetCidr.split("/")[1]);
  // AzureFirewallSubnet is the hub's first /26; Azure keeps a subnet's first four addresses, so the
  // firewall takes the fifth (Azure Firewall "Deploy and configure": its private IP is the first free address).
  const firewallSubnetCidr = Fn.cidrsubnet(place.hubVnetCidr, 26 - prefix, 0);
  const managementSubnetCidr = Fn.cidrsubnet(place.hubVnetCidr, 26 - prefix, 1);
  return {
    base,
    resourceGroupName,
    vnetName,
    firewallName: `afw-${base}`,
    firewallPolicyName,
    vnetId: `${group}/providers/Microsoft.Network/virtualNetworks/${vnetName}`,
    firewallPolicyId: `${group}/providers/Microsoft.Network/firewallPolicies/${firewallPolicyName}`,
    firewallSubnetCidr,
    managementSubnetCidr,
    firewallPrivateIp: Fn.cidrhost(firewallSubnetCidr, 4),
  };
}

/**
 * The hub range whose firewall address `value` is, when `value` is that address as egressHubNames
 * derives it (as synthesized: cidrhost(cidrsubnet(HUB, 26 - prefix, 0), 4)); undefined for any other
 * value. What the egress guardrail accepts as a virtual appliance next hop.
 */
export function hubFirewallIpRange(value: unknown): string | undefined {
  const match =
    typeof value === "string" ? /^\$\{cidrhost\(cidrsubnet\("(\d+\.\d+\.\d+\.\d+)\/(\d+)", (\d+), 0\), 4\)\}$/.exec(value) : null;
  if (!match) return undefined;
  const prefix = Number(match[2]);
  return prefix >= 16 && prefix <= 24 && Number(match[3]) === 26 - prefix ? `${match[1]}/${prefix}` : undefined;
}
