// How the network rules carve ranges: the subnet sizes Databricks accepts and the shared cidrsubnet check.
import { parseCidr } from "../cidr";
import type { AddProblem } from "./problem";

// How the network constructs carve their ranges with Terraform's cidrsubnet(prefix, newbits, netnum),
// which fails at plan time when a netnum does not fit in newbits:
// - AWS (constructs/aws/workspace-network.ts): private subnets are netnums 0..zones-1 of
//   cidrsubnet(vpcCidr, privateSubnetNewBits, i); the last block (netnum 2^bits - 1) is carved into
//   /28 public subnets, one per NAT gateway: cidrsubnet(lastBlock, 28 - privatePrefix, i). With
//   PrivateLink, the upper half of that block, cidrsubnet(lastBlock, 1, 1), holds one endpoint subnet
//   per zone: cidrsubnet(upperHalf, endpointSubnetPrefix - privatePrefix - 1, i); the NAT /28s must
//   then stay in the lower half. A front-end transit VPC is split into one subnet per zone:
//   cidrsubnet(transitVpcCidr, transitSubnetNewBits(zones), i).
// - Azure (constructs/azure/workspace-vnet.ts): host and container subnets are netnums 0 and 1 of
//   cidrsubnet(vnetCidr, subnetNewBits, i).

/** Smallest and largest subnets Databricks accepts (AWS: "Configure a customer-managed VPC"; Azure: "Deploy Azure Databricks in your Azure virtual network"). */
const SUBNET_PREFIXES = { aws: { min: 17, max: 26 }, azure: { min: 18, max: 26 } } as const;
// AWS subnets hold at least a /28; the NAT gateways' public subnets are exactly that.
export const PUBLIC_SUBNET_PREFIX = 28;

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
export function checkCarving(carving: Carving, add: AddProblem): number | undefined {
  const block = parseCidr(carving.cidr);
  if (!block) return undefined;
  if (block.prefix < 16 || block.prefix > 24) {
    add(
      [...carving.path, carving.cidrField],
      `"${carving.cidr}" has a /${block.prefix} prefix; use a /16 to /24 block. Fix: pick a /16 to /24 range`,
    );
  }
  const subnetPrefix = block.prefix + carving.newBits;
  const { min, max } = SUBNET_PREFIXES[carving.cloud];
  if (subnetPrefix < min || subnetPrefix > max) {
    add(
      [...carving.path, carving.bitsField],
      `(${carving.newBits}) gives /${subnetPrefix} subnets; Databricks requires /${min} to /${max}. Fix: choose new bits so that ${block.prefix} + bits is between ${min} and ${max}`,
    );
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

/** Bits that split a transit VPC into one subnet per zone (at least two subnets). */
export function transitSubnetNewBits(zones: number): number {
  return Math.max(1, Math.ceil(Math.log2(zones)));
}
