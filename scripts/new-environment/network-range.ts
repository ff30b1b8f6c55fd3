import { firstFreeBlock } from "../../config/cidr";
import type { Cloud } from "./flags";

// The network range the scaffold proposes for a new environment: a block of 10.0.0.0/8 (RFC 1918) that
// overlaps no range already taken. The blueprint keeps environments routable to each other, so their
// ranges must not overlap (config/rules/cross-environment.ts); the examples' ranges count as taken
// whether or not the estate lists them, as a team may add them back beside its own.

/**
 * The size of range each kind of environment gets, as the examples have it: an AWS VPC is a /16 (private
 * subnets of /19 with privateSubnetNewBits 3: room for 8190 nodes per zone); an Azure VNet a /22 (host
 * and container subnets of /24), a /20 in prod (subnets of /22, and room left for the private endpoints).
 */
export function rangePrefix(cloud: Cloud, stage: string): number {
  if (cloud === "aws") return 16;
  return stage === "prod" ? 20 : 22;
}

// 10.0.0.0/16 and the low blocks after it are the defaults of many tools and networks (the AWS console's
// VPC wizard, Docker and Kubernetes setups); proposals start higher, at 10.100.0.0, and wrap around.

/**
 * Takes the cloud and stage of the new environment and the ranges already taken (CIDR text; malformed
 * ones are ignored); gives the first block of the environment's size (rangePrefix) in 10.0.0.0/8, from
 * 10.100.0.0 on, that overlaps none of them, or undefined when 10.0.0.0/8 is full.
 */
export function proposeNetworkRange(cloud: Cloud, stage: string, taken: readonly string[]): string | undefined {
  return firstFreeBlock(rangePrefix(cloud, stage), taken);
}

/**
 * Takes environments as config gives them (validated or not); gives every network range they route to:
 * the VPC or VNet, an AWS front-end transit VPC, the destinations of extra egress rules and Azure egress hubs.
 */
export function takenRanges(environments: readonly unknown[]): string[] {
  const ranges: unknown[] = [];
  for (const env of environments as Array<{ aws?: { network?: any }; azure?: { network?: any } }>) {
    const aws = env.aws?.network;
    ranges.push(
      aws?.vpcCidr,
      aws?.privateConnectivity?.frontEnd?.transitVpcCidr,
      ...(aws?.privateConnectivity?.allowedEgress ?? []).map((rule: { cidr?: unknown }) => rule.cidr),
    );
    ranges.push(env.azure?.network?.vnetCidr, env.azure?.network?.egress?.hubVnetCidr);
  }
  return ranges.filter((range): range is string => typeof range === "string");
}

/**
 * The egress hub range for a new Azure prod environment: that of an environment of the estate in the
 * same subscription and region (they share the hub), else the first free /24 beside every taken range.
 */
export function proposeHubRange(
  subscriptionId: string | undefined,
  location: string | undefined,
  estate: readonly unknown[],
  taken: readonly string[],
): string | undefined {
  for (const env of estate as Array<{ azure?: { subscriptionId?: string; location?: string; network?: any } }>) {
    const hub = env.azure?.network?.egress?.hubVnetCidr;
    if (typeof hub === "string" && env.azure?.subscriptionId === subscriptionId && env.azure?.location === location) return hub;
  }
  return firstFreeBlock(24, taken);
}
