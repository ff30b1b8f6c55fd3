import { HOURS_PER_MONTH, PRICES, type PriceKey } from "./prices";

// The fixed monthly cost of an environment's network endpoints and gateways, counted in its synthesized
// stacks (the resources Terraform will create, not what config meant to create) and priced from
// ./prices. Databricks' own network charges (private endpoint rules of a network connectivity
// configuration, billed as serverless networking) are counted but not priced.

type Json = Record<string, any>;

/** One priced line: what, how many units (instance-hours per hour), and its monthly cost. */
export interface CostLine {
  readonly what: string;
  readonly price: PriceKey;
  readonly units: number;
  readonly usdPerMonth: number;
  /** The resources counted, by address. */
  readonly addresses: readonly string[];
}

/** The lines, their total, and what was counted but is not priced here. */
export interface NetworkCost {
  readonly lines: readonly CostLine[];
  readonly usdPerMonth: number;
  readonly unpriced: ReadonlyArray<{ readonly what: string; readonly count: number }>;
}

/** Instances a resource block makes: its `count` when a number, else one. */
const instances = (block: Json): number => (typeof block.count === "number" ? block.count : 1);

const blocks = (stack: Json, type: string): Array<[string, Json]> =>
  Object.entries((stack.resource?.[type] ?? {}) as Json).map(([name, block]) => [`${type}.${name}`, block as Json]);

/**
 * Takes the environment's synthesized stacks (parsed cdk.tf.json, by name) and, for an interface
 * endpoint whose subnets are not a literal list, the number of zones it spans; gives the priced lines:
 * NAT gateways, public IPv4 addresses (AWS Elastic IPs, Azure public IPs), interface VPC endpoints per
 * zone, gateway endpoints (free) and Azure private endpoints.
 */
export function networkCost(stacks: ReadonlyMap<string, Json>, zones: number): NetworkCost {
  const found = new Map<PriceKey, { what: string; units: number; addresses: string[] }>();
  const add = (price: PriceKey, what: string, address: string, units: number) => {
    const line = found.get(price) ?? { what, units: 0, addresses: [] };
    line.units += units;
    line.addresses.push(address);
    found.set(price, line);
  };
  let nccRules = 0;
  for (const [stackName, stack] of stacks) {
    const at = (address: string) => `${stackName}: ${address}`;
    for (const [address, block] of blocks(stack, "aws_nat_gateway")) add("awsNatGateway", "NAT gateways", at(address), instances(block));
    for (const [address, block] of blocks(stack, "aws_eip"))
      add("awsPublicIpv4", "public IPv4 addresses (Elastic IPs)", at(address), instances(block));
    for (const [address, block] of blocks(stack, "aws_vpc_endpoint")) {
      if (block.vpc_endpoint_type === "Interface") {
        const spans = Array.isArray(block.subnet_ids) ? block.subnet_ids.length : zones;
        add("awsInterfaceEndpoint", "interface VPC endpoints (per zone)", at(address), instances(block) * spans);
      } else add("awsGatewayEndpoint", "gateway VPC endpoints", at(address), instances(block));
    }
    for (const [address, block] of blocks(stack, "aws_networkfirewall_firewall")) {
      const endpoints = Array.isArray(block.subnet_mapping) ? block.subnet_mapping.length : zones;
      add("awsNetworkFirewallEndpoint", "AWS Network Firewall endpoints (one per zone)", at(address), instances(block) * endpoints);
    }
    for (const [address, block] of blocks(stack, "azurerm_firewall")) {
      const tier =
        block.sku_tier === "Basic" ? "azureFirewallBasic" : block.sku_tier === "Premium" ? "azureFirewallPremium" : "azureFirewallStandard";
      add(tier, `Azure Firewall ${block.sku_tier ?? "Standard"} (shared by the hub's environments)`, at(address), instances(block));
    }
    for (const [address, block] of blocks(stack, "azurerm_nat_gateway"))
      add("azureNatGateway", "NAT gateways", at(address), instances(block));
    for (const [address, block] of blocks(stack, "azurerm_public_ip"))
      add("azurePublicIp", "public IPv4 addresses", at(address), instances(block));
    for (const [address, block] of blocks(stack, "azurerm_private_endpoint"))
      add("azurePrivateEndpoint", "private endpoints", at(address), instances(block));
    nccRules += blocks(stack, "databricks_mws_ncc_private_endpoint_rule").reduce((n, [, block]) => n + instances(block), 0);
  }
  // AWS waives a NAT gateway-hour for each Network Firewall endpoint-hour (Network Firewall pricing).
  const nat = found.get("awsNatGateway");
  const firewall = found.get("awsNetworkFirewallEndpoint");
  if (nat && firewall) {
    found.set("awsNatGatewayWaiver", {
      what: "NAT gateway-hours waived beside the firewall endpoints",
      units: Math.min(nat.units, firewall.units),
      addresses: [...nat.addresses],
    });
  }
  const lines = [...found].map(([price, line]) => ({
    ...line,
    price,
    usdPerMonth: round(line.units * PRICES[price].usdPerHour * HOURS_PER_MONTH),
  }));
  const unpriced =
    nccRules > 0
      ? [
          {
            what: "private endpoint rules of the serverless network connectivity configuration (billed by Databricks as serverless networking)",
            count: nccRules,
          },
        ]
      : [];
  return { lines, usdPerMonth: round(lines.reduce((sum, line) => sum + line.usdPerMonth, 0)), unpriced };
}

const round = (usd: number) => Math.round(usd * 100) / 100;
