import { parseCidr } from "../cidr";
import type { AddProblem } from "./problem";

// How the network constructs carve their ranges with Terraform's cidrsubnet(prefix, newbits, netnum),
// which fails at plan time when a netnum does not fit in newbits:
// - AWS (constructs/aws/workspace-network.ts): private subnets are netnums 0..zones-1 of
//   cidrsubnet(vpcCidr, privateSubnetNewBits, i); the last block (netnum 2^bits - 1) is carved into
//   /28 public subnets, one per NAT gateway: cidrsubnet(lastBlock, 28 - privatePrefix, i).
// - Azure (constructs/azure/workspace-vnet.ts): host and container subnets are netnums 0 and 1 of
//   cidrsubnet(vnetCidr, subnetNewBits, i).

/** Smallest and largest subnets Databricks accepts (AWS: "Configure a customer-managed VPC"; Azure: "Deploy Azure Databricks in your Azure virtual network"). */
const SUBNET_PREFIXES = { aws: { min: 17, max: 26 }, azure: { min: 18, max: 26 } } as const;
// AWS subnets hold at least a /28; the NAT gateways' public subnets are exactly that.
const PUBLIC_SUBNET_PREFIX = 28;

interface Carving {
  readonly cidr: string;
  readonly newBits: number;
  readonly path: string[];
  readonly cidrField: string;
  readonly bitsField: string;
  readonly cloud: "aws" | "azure";
  /** Netnums taken from the range: private subnets and, on AWS, the NAT block after them. */
  readonly netnumsNeeded: number;
  readonly what: string;
}

/** Checks the range's size, the subnets' size and that every netnum fits; gives the private subnet prefix when the range parses. */
function checkCarving(carving: Carving, add: AddProblem): number | undefined {
  const block = parseCidr(carving.cidr);
  if (!block) return undefined;
  if (block.prefix < 16 || block.prefix > 24) {
    add([...carving.path, carving.cidrField], `"${carving.cidr}" has a /${block.prefix} prefix; use a /16 to /24 block. Fix: pick a /16 to /24 range`);
  }
  const subnetPrefix = block.prefix + carving.newBits;
  const { min, max } = SUBNET_PREFIXES[carving.cloud];
  if (subnetPrefix < min || subnetPrefix > max) {
    add([...carving.path, carving.bitsField], `(${carving.newBits}) gives /${subnetPrefix} subnets; Databricks requires /${min} to /${max}. Fix: choose new bits so that ${block.prefix} + bits is between ${min} and ${max}`);
  }
  const blocks = 2 ** carving.newBits;
  if (carving.netnumsNeeded > blocks) {
    add(
      [...carving.path, carving.bitsField],
      `(${carving.newBits}) splits ${carving.cidr} into ${blocks} blocks (netnums 0-${blocks - 1}), too few for ${carving.what} (${carving.netnumsNeeded} netnums); cidrsubnet would fail. Fix: raise it to ${Math.ceil(Math.log2(carving.netnumsNeeded))} (smaller subnets, at most /${max}), list fewer zones, or use a larger range`,
    );
  }
  return subnetPrefix;
}

/**
 * Takes an AWS environment's network; reports a VPC outside /16-/24, private subnets outside
 * Databricks' /17-/26, zones that are not the region's or are listed twice, and carvings whose netnums
 * do not fit: zones plus the NAT block in the VPC, one /28 per NAT gateway in the last block.
 */
export function checkAwsNetwork(
  network: { vpcCidr: string; availabilityZones: string[]; privateSubnetNewBits: number; natGatewayPerAz: boolean },
  region: string,
  add: AddProblem,
): void {
  const path = ["aws", "network"];
  network.availabilityZones.forEach((zone, i) => {
    if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
      add([...path, "availabilityZones", i], `"${zone}" is not a zone of ${region}. Fix: use names such as "${region}a"`);
    } else if (network.availabilityZones.indexOf(zone) !== i) {
      add([...path, "availabilityZones", i], `"${zone}" is listed twice; each subnet must be in a different zone. Fix: remove the duplicate`);
    }
  });
  const zones = network.availabilityZones.length;
  const privatePrefix = checkCarving(
    { cidr: network.vpcCidr, newBits: network.privateSubnetNewBits, path, cidrField: "vpcCidr", bitsField: "privateSubnetNewBits", cloud: "aws", netnumsNeeded: zones + 1, what: `${zones} private subnets and the NAT block after them` },
    add,
  );
  if (privatePrefix === undefined || privatePrefix > PUBLIC_SUBNET_PREFIX) return;
  const natGateways = network.natGatewayPerAz ? zones : 1;
  const slots = 2 ** (PUBLIC_SUBNET_PREFIX - privatePrefix);
  if (natGateways > slots) {
    add(
      [...path, "natGatewayPerAz"],
      `puts ${natGateways} NAT gateways in /${PUBLIC_SUBNET_PREFIX} public subnets carved from the last /${privatePrefix} block, which holds ${slots}; cidrsubnet would fail for netnum ${slots}. Fix: set natGatewayPerAz: false, list at most ${slots} zones, or use larger private subnets (lower privateSubnetNewBits or a larger vpcCidr)`,
    );
  }
}

/** Takes an Azure environment's network; reports a VNet outside /16-/24 and host/container subnets outside Databricks' /18-/26. */
export function checkAzureNetwork(network: { vnetCidr: string; subnetNewBits: number }, add: AddProblem): void {
  checkCarving(
    { cidr: network.vnetCidr, newBits: network.subnetNewBits, path: ["azure", "network"], cidrField: "vnetCidr", bitsField: "subnetNewBits", cloud: "azure", netnumsNeeded: 2, what: "the host and container subnets" },
    add,
  );
}
