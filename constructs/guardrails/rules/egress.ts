import type { Finding, GuardrailRule, StackView } from "../model";
import { awsFirewallBypasses, azureFirewallBypasses } from "./egress-routes";

const DEFAULT_ROUTE = "0.0.0.0/0";

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
 * In prod, the cluster subnets' internet traffic passes the egress firewall (./egress-routes.ts): on AWS
 * every route to a public range (0.0.0.0/0, its halves, any non-RFC 1918 range; aws_route or an inline
 * route of the table) of every subnet a databricks_mws_networks names targets an
 * aws_networkfirewall_firewall endpoint, never a NAT or internet gateway (unless no security group lets
 * anything out: privateLinkOnly); on Azure every subnet delegated to Databricks has a route table whose
 * 0.0.0.0/0 goes to the hub firewall's derived address, and no public range or service tag goes to
 * Internet, a gateway or another appliance. In every stage, no firewall allow-list entry allows every destination.
 */
export const egressThroughFirewall: GuardrailRule = {
  id: "LH-NETWORK-EGRESS-FIREWALL",
  summary:
    "in prod, every route of the cluster subnets to a public range (0.0.0.0/0, its halves, any non-private range) passes the egress firewall; no firewall allow-list holds a bare wildcard",
  check(view) {
    const routes = view.options.stage === "prod" ? [...awsFirewallBypasses(view), ...azureFirewallBypasses(view)] : [];
    return [...routes, ...bareWildcards(view)];
  },
};
