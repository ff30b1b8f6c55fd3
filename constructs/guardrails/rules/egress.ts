import type { Finding, GuardrailRule, StackView, SynthesizedBlock } from "../model";

const DEFAULT_ROUTE = "0.0.0.0/0";
const refersTo = (value: unknown, target: SynthesizedBlock): boolean =>
  typeof value === "string" && value.includes(`${target.type}.${target.name}.`);
const refersToType = (value: unknown, type: string): boolean => typeof value === "string" && value.includes(`${type}.`);

/** AWS cluster subnets: those a databricks_mws_networks names. */
function awsClusterSubnets(view: StackView): SynthesizedBlock[] {
  const named = view.resources("databricks_mws_networks").flatMap((n) => (n.attrs.subnet_ids ?? []) as unknown[]);
  return view.resources("aws_subnet").filter((subnet) => named.some((id) => refersTo(id, subnet)));
}

/** The targets of the 0.0.0.0/0 routes of the route table a subnet is associated with (undefined: no association). */
function awsDefaultRoutes(view: StackView, subnet: SynthesizedBlock): SynthesizedBlock[] | undefined {
  const association = view.resources("aws_route_table_association").find((a) => refersTo(a.attrs.subnet_id, subnet));
  if (!association) return undefined;
  const table = view.resources("aws_route_table").find((t) => refersTo(association.attrs.route_table_id, t));
  if (!table) return undefined;
  return view
    .resources("aws_route")
    .filter((r) => refersTo(r.attrs.route_table_id, table) && r.attrs.destination_cidr_block === DEFAULT_ROUTE);
}

/** Whether any security group egress rule of the stack opens the internet (else the default route leads nowhere: privateLinkOnly). */
const awsEgressOpen = (view: StackView): boolean =>
  view.resources("aws_vpc_security_group_egress_rule").some((r) => r.attrs.cidr_ipv4 === DEFAULT_ROUTE);

const isDatabricksSubnet = (subnet: SynthesizedBlock): boolean =>
  ((subnet.attrs.delegation ?? []) as any[]).some((d) => d?.service_delegation?.name === "Microsoft.Databricks/workspaces");

function checkAws(view: StackView): Finding[] {
  if (!awsEgressOpen(view)) return [];
  return awsClusterSubnets(view).flatMap((subnet) => {
    const routes = awsDefaultRoutes(view, subnet) ?? [];
    const bypass = routes.filter((r) => !refersToType(r.attrs.vpc_endpoint_id, "aws_networkfirewall_firewall"));
    return bypass.map((route) => ({
      path: route.path,
      message: `sends the cluster subnet ${subnet.path}'s internet traffic past the egress firewall (${route.attrs.nat_gateway_id ?? route.attrs.gateway_id ?? "no firewall endpoint"}) while its security group lets HTTPS out. Fix: set aws.network.egress.mode "firewall" (the route then targets the zone's firewall endpoint) or "privateLinkOnly"`,
    }));
  });
}

function checkAzure(view: StackView): Finding[] {
  return view
    .resources("azurerm_subnet")
    .filter(isDatabricksSubnet)
    .flatMap((subnet) => {
      const fix = 'Fix: set azure.network.egress.mode "firewall" (the route table then sends 0.0.0.0/0 to the hub firewall)';
      const association = view.resources("azurerm_subnet_route_table_association").find((a) => refersTo(a.attrs.subnet_id, subnet));
      const table = association && view.resources("azurerm_route_table").find((t) => refersTo(association.attrs.route_table_id, t));
      const route = ((table?.attrs.route ?? []) as any[]).find((r) => r.address_prefix === DEFAULT_ROUTE);
      if (route?.next_hop_type === "VirtualAppliance") return [];
      return [
        {
          path: subnet.path,
          message: `is a Databricks subnet of a prod environment whose internet traffic does not pass the egress firewall (${route ? `next hop ${route.next_hop_type}` : "no default route of the estate's own: Azure's default or a NAT gateway"}). ${fix}`,
        },
      ];
    });
}

/** Entries of a firewall allow-list that allow every destination. */
function bareWildcards(view: StackView): Finding[] {
  const bare = (value: unknown) => typeof value === "string" && ["*", ".", "", DEFAULT_ROUTE].includes(value.trim());
  const findings: Finding[] = [];
  const fix = "Fix: list the domains by name (config: allowedDomains)";
  for (const group of view.resources("aws_networkfirewall_rule_group")) {
    const targets = group.attrs.rule_group?.rules_source?.rules_source_list?.targets ?? [];
    for (const target of targets as unknown[]) {
      if (bare(target)) findings.push({ path: group.path, message: `allows every domain ("${target}"). ${fix}` });
    }
  }
  for (const group of view.resources("azurerm_firewall_policy_rule_collection_group")) {
    for (const collection of [
      ...(group.attrs.application_rule_collection ?? []),
      ...(group.attrs.network_rule_collection ?? []),
    ] as any[]) {
      if (collection.action !== "Allow") continue;
      for (const rule of (collection.rule ?? []) as any[]) {
        for (const target of [...(rule.destination_fqdns ?? []), ...(rule.destination_addresses ?? []), ...(rule.destination_urls ?? [])]) {
          if (bare(target))
            findings.push({ path: group.path, message: `rule ${rule.name} allows every destination ("${target}"). ${fix}` });
        }
      }
    }
  }
  return findings;
}

/**
 * In prod, the cluster subnets' internet traffic passes the egress firewall: on AWS the default route
 * of every subnet a databricks_mws_networks names targets an aws_networkfirewall_firewall endpoint
 * (unless no security group lets anything out: privateLinkOnly); on Azure every subnet delegated to
 * Databricks has a route table whose 0.0.0.0/0 goes to a virtual appliance (the hub firewall). In every
 * stage, no firewall allow-list entry allows every destination.
 */
export const egressThroughFirewall: GuardrailRule = {
  id: "LH-NETWORK-EGRESS-FIREWALL",
  summary: "in prod, the cluster subnets' default route passes the egress firewall; no firewall allow-list holds a bare wildcard",
  check(view) {
    const routes = view.options.stage === "prod" ? [...checkAws(view), ...checkAzure(view)] : [];
    return [...routes, ...bareWildcards(view)];
  },
};
