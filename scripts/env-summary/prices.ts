// Hourly list prices of the network endpoints and gateways an environment keeps running whatever its
// traffic: the fixed part of its network bill. Pay-as-you-go, USD, in the US East regions (AWS
// us-east-1, N. Virginia; Azure East US): other regions charge differently (see each page),
// so the summary says which region it priced and where to look up the environment's own. Per-GB data
// processing and data transfer are left out: they follow the traffic, not the configuration.
//
// Taken on 2026-12-06. The providers' pricing pages (`source` below) fill their tables in per region
// with a script; the US East figures were read from 2026 write-ups that quote those pages (they agree
// with each other and with the pages' worked examples). Check the page before relying on a figure.

/** What one kind of resource costs per hour while it exists. */
export interface HourlyPrice {
  readonly cloud: "aws" | "azure";
  /** What is billed by the hour: the unit the count is in. */
  readonly unit: string;
  readonly usdPerHour: number;
  /** The provider's public pricing page. */
  readonly source: string;
}

/** The date the prices were taken, and the region they are for. */
export const PRICES_TAKEN = { date: "2026-12-06", region: { aws: "us-east-1 (US East, N. Virginia)", azure: "eastus (East US)" } } as const;

/** Hours in a month as both providers' calculators count them (365 * 24 / 12). */
export const HOURS_PER_MONTH = 730;

export const PRICES = {
  awsNatGateway: { cloud: "aws", unit: "NAT gateway-hour", usdPerHour: 0.045, source: "https://aws.amazon.com/vpc/pricing/" },
  // Billed per endpoint and per Availability Zone it has a network interface in (AWS PrivateLink pricing).
  awsInterfaceEndpoint: {
    cloud: "aws",
    unit: "interface VPC endpoint-hour per Availability Zone",
    usdPerHour: 0.01,
    source: "https://aws.amazon.com/privatelink/pricing/",
  },
  // Every public IPv4 address AWS provides, attached or not, since 2024-02-01 (a NAT gateway's Elastic IP too).
  awsPublicIpv4: { cloud: "aws", unit: "public IPv4 address-hour", usdPerHour: 0.005, source: "https://aws.amazon.com/vpc/pricing/" },
  awsGatewayEndpoint: {
    cloud: "aws",
    unit: "gateway VPC endpoint (S3): no charge",
    usdPerHour: 0,
    source: "https://aws.amazon.com/privatelink/pricing/",
  },
  // One endpoint per zone the firewall has a subnet in. The same page: NAT gateway hours (and GB) are
  // waived one for one beside a firewall's endpoint hours (and GB), the waiver line below.
  awsNetworkFirewallEndpoint: {
    cloud: "aws",
    unit: "AWS Network Firewall endpoint-hour",
    usdPerHour: 0.395,
    source: "https://aws.amazon.com/network-firewall/pricing/",
  },
  awsNatGatewayWaiver: {
    cloud: "aws",
    unit: "NAT gateway-hour waived beside a Network Firewall endpoint-hour",
    usdPerHour: -0.045,
    source: "https://aws.amazon.com/network-firewall/pricing/",
  },
  // Per firewall deployment-hour, by tier; a shared hub's firewall is counted once per environment that shows it.
  azureFirewallBasic: {
    cloud: "azure",
    unit: "Azure Firewall Basic deployment-hour",
    usdPerHour: 0.395,
    source: "https://azure.microsoft.com/en-us/pricing/details/azure-firewall/",
  },
  azureFirewallStandard: {
    cloud: "azure",
    unit: "Azure Firewall Standard deployment-hour",
    usdPerHour: 1.25,
    source: "https://azure.microsoft.com/en-us/pricing/details/azure-firewall/",
  },
  azureFirewallPremium: {
    cloud: "azure",
    unit: "Azure Firewall Premium deployment-hour",
    usdPerHour: 1.75,
    source: "https://azure.microsoft.com/en-us/pricing/details/azure-firewall/",
  },
  azureNatGateway: {
    cloud: "azure",
    unit: "NAT gateway-hour",
    usdPerHour: 0.045,
    source: "https://azure.microsoft.com/en-us/pricing/details/azure-nat-gateway/",
  },
  azurePublicIp: {
    cloud: "azure",
    unit: "Standard static public IPv4 address-hour",
    usdPerHour: 0.005,
    source: "https://azure.microsoft.com/en-us/pricing/details/ip-addresses/",
  },
  azurePrivateEndpoint: {
    cloud: "azure",
    unit: "private endpoint-hour",
    usdPerHour: 0.01,
    source: "https://azure.microsoft.com/en-us/pricing/details/private-link/",
  },
} as const satisfies Record<string, HourlyPrice>;

export type PriceKey = keyof typeof PRICES;
