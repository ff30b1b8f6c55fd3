import { type Ipv4Block, parseCidr } from "../../../config/cidr";
import { hubFirewallIpRange } from "../../azure/egress/hub-names";
import type { Finding, StackView, SynthesizedBlock } from "../model";

// The routes of the cluster subnets that could take internet traffic past the egress firewall, on both
// clouds: every route is checked, not only 0.0.0.0/0, since two halves (0.0.0.0/1 and 128.0.0.0/1) or any
// public range route the same traffic as a default route would.

/** Ranges that are not the internet: RFC 1918, shared address space (RFC 6598, 100.64.0.0/10). */
const INTERNAL = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((r) => parseCidr(r) as Ipv4Block);
const inside = (block: Ipv4Block, range: Ipv4Block) => range.first <= block.first && block.last <= range.last;

/**
 * Whether a route destination reaches only internal addresses: within RFC 1918, 100.64.0.0/10 or one of
 * `own` (the VPC's ranges). A reference or a service tag counts as public: it cannot be shown internal.
 */
function internalDestination(destination: unknown, own: readonly Ipv4Block[]): boolean {
  const block = typeof destination === "string" ? parseCidr(destination) : undefined;
  return block !== undefined && [...INTERNAL, ...own].some((range) => inside(block, range));
}

const refersTo = (value: unknown, target: SynthesizedBlock): boolean =>
  typeof value === "string" && value.includes(`${target.type}.${target.name}.`);
const refersToType = (value: unknown, type: string): boolean => typeof value === "string" && value.includes(`${type}.`);

/** Whether the stack lets cluster traffic out to the internet at all: a security group egress wider than a /8 (0.0.0.0/0 or its halves). */
function awsEgressOpen(view: StackView): boolean {
  const wide = (cidr: unknown) => {
    const block = typeof cidr === "string" ? parseCidr(cidr) : undefined;
    return block !== undefined && block.prefix < 8;
  };
  return (
    view.resources("aws_vpc_security_group_egress_rule").some((r) => wide(r.attrs.cidr_ipv4)) ||
    view.resources("aws_security_group").some((g) => ((g.attrs.egress ?? []) as any[]).some((e) => (e?.cidr_blocks ?? []).some(wide)))
  );
}

interface AwsRoute {
  readonly path: string;
  readonly destination: unknown;
  readonly attrs: Record<string, any>;
}

/** The routes of the table a subnet is associated with: aws_route resources and the table's inline `route` blocks. */
function awsRoutesOf(view: StackView, subnet: SynthesizedBlock): AwsRoute[] {
  const association = view.resources("aws_route_table_association").find((a) => refersTo(a.attrs.subnet_id, subnet));
  const table = association && view.resources("aws_route_table").find((t) => refersTo(association.attrs.route_table_id, t));
  if (!table) return [];
  const separate = view
    .resources("aws_route")
    .filter((r) => refersTo(r.attrs.route_table_id, table))
    .map((r) => ({ path: r.path, destination: r.attrs.destination_cidr_block, attrs: r.attrs }));
  const inline = ((table.attrs.route ?? []) as any[]).map((r) => ({
    path: `${table.path} (inline route)`,
    destination: r.cidr_block,
    attrs: r,
  }));
  return [...separate, ...inline];
}

/**
 * AWS: when a security group lets cluster traffic out to the internet, every route of a cluster subnet
 * (one a databricks_mws_networks names) to a public destination must target an
 * aws_networkfirewall_firewall endpoint; one to a NAT or internet gateway passes it by.
 */
export function awsFirewallBypasses(view: StackView): Finding[] {
  if (!awsEgressOpen(view)) return [];
  const own = view
    .resources("aws_vpc")
    .map((vpc) => (typeof vpc.attrs.cidr_block === "string" ? parseCidr(vpc.attrs.cidr_block) : undefined))
    .filter((b): b is Ipv4Block => b !== undefined);
  const named = view.resources("databricks_mws_networks").flatMap((n) => (n.attrs.subnet_ids ?? []) as unknown[]);
  const subnets = view.resources("aws_subnet").filter((subnet) => named.some((id) => refersTo(id, subnet)));
  return subnets.flatMap((subnet) =>
    awsRoutesOf(view, subnet)
      .filter((r) => !internalDestination(r.destination, own))
      .filter((r) => !refersToType(r.attrs.vpc_endpoint_id, "aws_networkfirewall_firewall"))
      .filter((r) => r.attrs.nat_gateway_id !== undefined || r.attrs.gateway_id !== undefined)
      .map((route) => ({
        path: route.path,
        message: `sends the cluster subnet ${subnet.path}'s traffic to ${String(route.destination)} past the egress firewall (${route.attrs.nat_gateway_id ?? route.attrs.gateway_id}) while a security group lets it out. Fix: set aws.network.egress.mode "firewall" (the private subnets' internet routes then target the zone's firewall endpoint) or "privateLinkOnly", and route no public range of a cluster subnet to a NAT or internet gateway`,
      })),
  );
}

const isDatabricksSubnet = (subnet: SynthesizedBlock): boolean =>
  ((subnet.attrs.delegation ?? []) as any[]).some((d) => d?.service_delegation?.name === "Microsoft.Databricks/workspaces");

/** Why an Azure route takes a Databricks subnet's traffic past the hub firewall, or undefined. */
function azureBypass(route: any): string | undefined {
  if (internalDestination(route.address_prefix, [])) return undefined;
  if (route.next_hop_type === "VirtualAppliance") {
    return hubFirewallIpRange(route.next_hop_in_ip_address) === undefined
      ? `sends ${route.address_prefix} to the virtual appliance ${route.next_hop_in_ip_address}, which is not the hub firewall's address (the fifth of the hub's first /26, constructs/azure/egress/hub-names.ts)`
      : undefined;
  }
  // VnetLocal and None keep traffic in the VNet or drop it; Internet and VirtualNetworkGateway take it out.
  return route.next_hop_type === "None" || route.next_hop_type === "VnetLocal"
    ? undefined
    : `sends ${route.address_prefix} to next hop ${route.next_hop_type}`;
}

/**
 * Azure: every subnet delegated to Databricks has a route table whose 0.0.0.0/0 goes to the hub
 * firewall's derived address, and no route of that table (inline or an azurerm_route) sends a public
 * destination or a service tag anywhere else.
 */
export function azureFirewallBypasses(view: StackView): Finding[] {
  const fix =
    'Fix: set azure.network.egress.mode "firewall" (the route table then sends 0.0.0.0/0 to the hub firewall) and route no public range or service tag of a Databricks subnet elsewhere';
  return view
    .resources("azurerm_subnet")
    .filter(isDatabricksSubnet)
    .flatMap((subnet) => {
      const association = view.resources("azurerm_subnet_route_table_association").find((a) => refersTo(a.attrs.subnet_id, subnet));
      const table = association && view.resources("azurerm_route_table").find((t) => refersTo(association.attrs.route_table_id, t));
      const routes = table
        ? [
            ...((table.attrs.route ?? []) as any[]),
            ...view
              .resources("azurerm_route")
              .filter(
                (r) =>
                  refersTo(r.attrs.route_table_name, table) ||
                  (r.attrs.route_table_name !== undefined && r.attrs.route_table_name === table.attrs.name),
              )
              .map((r) => r.attrs),
          ]
        : [];
      const findings: Finding[] = routes.flatMap((route) => {
        const why = azureBypass(route);
        return why
          ? [
              {
                path: subnet.path,
                message: `is a Databricks subnet of a prod environment whose route table ${why}: its traffic does not pass the egress firewall. ${fix}`,
              },
            ]
          : [];
      });
      const viaFirewall = routes.some(
        (r) => r.address_prefix === "0.0.0.0/0" && r.next_hop_type === "VirtualAppliance" && azureBypass(r) === undefined,
      );
      if (!viaFirewall && findings.length === 0) {
        const route = routes.find((r) => r.address_prefix === "0.0.0.0/0");
        findings.push({
          path: subnet.path,
          message: `is a Databricks subnet of a prod environment whose internet traffic does not pass the egress firewall (${route ? `next hop ${route.next_hop_type}` : "no default route of the estate's own: Azure's default or a NAT gateway"}). ${fix}`,
        });
      }
      return findings;
    });
}
