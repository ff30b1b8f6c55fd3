import { overlaps, parseCidr } from "../cidr";
import { databricksEndpointServices } from "../databricks-endpoint-services";
import type { BaselineRecord } from "../prod-baseline";
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

/** An extra egress rule of the workspace security group, as config gives it (a single port or a range). */
export interface AllowedEgressInput {
  cidr: string;
  port?: number;
  fromPort?: number;
  toPort?: number;
  protocol: "tcp";
  description: string;
}

export interface AwsPrivateConnectivity {
  backEnd: boolean;
  frontEnd?: { transitVpcCidr: string };
  endpointSubnetPrefix: number;
  publicAccessEnabled: boolean;
  allowedEgress?: AllowedEgressInput[];
}

/** The widest destination an extra egress rule may name: a /8 (no 0.0.0.0/0, no half of the internet). */
export const WIDEST_ALLOWED_EGRESS_PREFIX = 8;

/** The port range of a rule checked by checkAllowedEgress: `port` alone, or `fromPort` to `toPort`. */
export function egressPorts(rule: AllowedEgressInput): { fromPort: number; toPort: number } {
  return rule.port !== undefined ? { fromPort: rule.port, toPort: rule.port } : { fromPort: rule.fromPort!, toPort: rule.toPort! };
}

/**
 * Takes an AWS environment's network; reports a VPC outside /16-/24, private subnets outside
 * Databricks' /17-/26, zones that are not the region's or are listed twice, and carvings whose netnums
 * do not fit: zones plus the NAT block in the VPC, one /28 per NAT gateway in the last block.
 */
export function checkAwsNetwork(
  network: {
    vpcCidr: string;
    availabilityZones: string[];
    privateSubnetNewBits: number;
    natGatewayPerAz: boolean;
    privateConnectivity?: AwsPrivateConnectivity;
  },
  region: string,
  add: AddProblem,
): void {
  const path = ["aws", "network"];
  network.availabilityZones.forEach((zone, i) => {
    if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
      add([...path, "availabilityZones", i], `"${zone}" is not a zone of ${region}. Fix: use names such as "${region}a"`);
    } else if (network.availabilityZones.indexOf(zone) !== i) {
      add(
        [...path, "availabilityZones", i],
        `"${zone}" is listed twice; each subnet must be in a different zone. Fix: remove the duplicate`,
      );
    }
  });
  const zones = network.availabilityZones.length;
  const privatePrefix = checkCarving(
    {
      cidr: network.vpcCidr,
      newBits: network.privateSubnetNewBits,
      path,
      cidrField: "vpcCidr",
      bitsField: "privateSubnetNewBits",
      cloud: "aws",
      netnumsNeeded: zones + 1,
      what: `${zones} private subnets and the NAT block after them`,
    },
    add,
  );
  const privateLink = network.privateConnectivity;
  if (privateLink) checkPrivateConnectivity(privateLink, network.vpcCidr, zones, region, add);
  if (privatePrefix === undefined || privatePrefix > PUBLIC_SUBNET_PREFIX) return;
  const natGateways = network.natGatewayPerAz ? zones : 1;
  if (privateLink?.backEnd) {
    checkEndpointSubnets(privateLink.endpointSubnetPrefix, privatePrefix, zones, natGateways, add);
    return;
  }
  const slots = 2 ** (PUBLIC_SUBNET_PREFIX - privatePrefix);
  if (natGateways > slots) {
    add(
      [...path, "natGatewayPerAz"],
      `puts ${natGateways} NAT gateways in /${PUBLIC_SUBNET_PREFIX} public subnets carved from the last /${privatePrefix} block, which holds ${slots}; cidrsubnet would fail for netnum ${slots}. Fix: set natGatewayPerAz: false, list at most ${slots} zones, or use larger private subnets (lower privateSubnetNewBits or a larger vpcCidr)`,
    );
  }
}

/**
 * The combinations Databricks accepts: front-end needs back-end here (the front-end endpoint is
 * registered next to the back-end ones), public access off needs both (Databricks API, "Private
 * access settings": public_access_enabled), and the region must have published endpoint services.
 */
function checkPrivateConnectivity(settings: AwsPrivateConnectivity, vpcCidr: string, zones: number, region: string, add: AddProblem): void {
  const path = ["aws", "network", "privateConnectivity"];
  if (settings.frontEnd && !settings.backEnd) {
    add(
      [...path, "frontEnd"],
      "is set while backEnd is false; this blueprint builds front-end PrivateLink only on top of back-end. Fix: set backEnd: true, or remove frontEnd",
    );
  }
  if (!settings.publicAccessEnabled && !(settings.backEnd && settings.frontEnd)) {
    add(
      [...path, "publicAccessEnabled"],
      "is false without both back-end and front-end PrivateLink; Databricks refuses a workspace nobody could reach. Fix: set backEnd: true and frontEnd: { transitVpcCidr }, or publicAccessEnabled: true",
    );
  }
  if ((settings.backEnd || settings.frontEnd) && !databricksEndpointServices(region)) {
    add(
      [...path, "backEnd"],
      `is on, but Databricks publishes no PrivateLink endpoint services in ${region} (config/databricks-endpoint-services.ts). Fix: turn PrivateLink off here (in prod with the reason reviewers will read: backEnd: { enabled: false, reason: "..." }), or deploy in a region listed there`,
    );
  }
  checkAllowedEgress(settings, add);
  const transit = settings.frontEnd ? parseCidr(settings.frontEnd.transitVpcCidr) : undefined;
  if (!transit) return;
  const transitPath = [...path, "frontEnd", "transitVpcCidr"];
  const vpc = parseCidr(vpcCidr);
  if (vpc && overlaps(vpc, transit)) {
    add(
      transitPath,
      `"${settings.frontEnd!.transitVpcCidr}" overlaps the workspace VPC ${vpcCidr}; the two networks are peered or routed to each other. Fix: pick a range outside ${vpcCidr}`,
    );
  }
  const subnetPrefix = transit.prefix + transitSubnetNewBits(zones);
  if (transit.prefix < 16 || subnetPrefix > PUBLIC_SUBNET_PREFIX) {
    add(
      transitPath,
      `"${settings.frontEnd!.transitVpcCidr}" cannot hold ${zones} subnets of at least /${PUBLIC_SUBNET_PREFIX} (one per zone; AWS allows /16 to /28). Fix: use a /16 to /${PUBLIC_SUBNET_PREFIX - transitSubnetNewBits(zones)} range`,
    );
  }
}

/**
 * Extra egress under the back-end lockdown: only with back-end on (without it the listed Databricks
 * ports are open to any address and other ports to none: this list belongs to the lockdown), each
 * rule a single `port` or a `fromPort`-`toPort` range, to a CIDR no wider than a /8, and no rule twice.
 */
function checkAllowedEgress(settings: AwsPrivateConnectivity, add: AddProblem): void {
  const rules = settings.allowedEgress ?? [];
  const path = ["aws", "network", "privateConnectivity", "allowedEgress"];
  if (rules.length > 0 && !settings.backEnd) {
    add(
      path,
      "is set while backEnd is false; these rules widen the back-end egress lockdown, which is off. Fix: set backEnd: true, or remove allowedEgress",
    );
  }
  const seen = new Map<string, number>();
  rules.forEach((rule, i) => {
    const block = parseCidr(rule.cidr);
    if (block && block.prefix < WIDEST_ALLOWED_EGRESS_PREFIX) {
      add(
        [...path, i, "cidr"],
        `"${rule.cidr}" is wider than a /${WIDEST_ALLOWED_EGRESS_PREFIX}${block.prefix === 0 ? " (it is the whole internet)" : ""}; the lockdown keeps cluster egress inside the VPC and lets out only named networks. Fix: name the network of the source or mirror, e.g. "10.40.8.0/24"`,
      );
    }
    const single = rule.port !== undefined;
    const range = rule.fromPort !== undefined || rule.toPort !== undefined;
    if (single && range) {
      add([...path, i, "port"], `(${rule.port}) is given together with fromPort/toPort. Fix: give either port, or fromPort and toPort`);
      return;
    }
    if (!single && (rule.fromPort === undefined || rule.toPort === undefined)) {
      add([...path, i], `has no port: it needs port, or both fromPort and toPort. Fix: e.g. port: 5432`);
      return;
    }
    const { fromPort, toPort } = egressPorts(rule);
    if (fromPort > toPort) {
      add([...path, i, "toPort"], `(${toPort}) is below fromPort (${fromPort}). Fix: swap them`);
      return;
    }
    const key = `${rule.cidr} ${fromPort}-${toPort}`;
    const first = seen.get(key);
    if (first !== undefined)
      add([...path, i], `repeats rule ${first} (${rule.cidr}, ports ${fromPort}-${toPort}); AWS refuses a duplicate rule. Fix: remove one`);
    else seen.set(key, i);
  });
}

/** With back-end PrivateLink the last private-sized block holds NAT /28s in its lower half and one endpoint subnet per zone in its upper half. */
function checkEndpointSubnets(endpointPrefix: number, privatePrefix: number, zones: number, natGateways: number, add: AddProblem): void {
  const path = ["aws", "network", "privateConnectivity", "endpointSubnetPrefix"];
  const halfPrefix = privatePrefix + 1;
  if (endpointPrefix < halfPrefix) {
    add(
      path,
      `(${endpointPrefix}) asks for /${endpointPrefix} endpoint subnets, larger than the /${halfPrefix} half of the last /${privatePrefix} block that holds them. Fix: use a prefix between ${halfPrefix} and ${PUBLIC_SUBNET_PREFIX}`,
    );
    return;
  }
  const endpointSlots = 2 ** (endpointPrefix - halfPrefix);
  if (zones > endpointSlots) {
    add(
      path,
      `(${endpointPrefix}) fits ${endpointSlots} endpoint subnets in the /${halfPrefix} half of the last private-sized block, too few for ${zones} zones; cidrsubnet would fail. Fix: raise it to ${halfPrefix + Math.ceil(Math.log2(zones))} or more (at most ${PUBLIC_SUBNET_PREFIX}), or use larger private subnets`,
    );
  }
  const natSlots = 2 ** (PUBLIC_SUBNET_PREFIX - halfPrefix);
  if (natGateways > natSlots) {
    add(
      ["aws", "network", "natGatewayPerAz"],
      `puts ${natGateways} NAT gateways in /${PUBLIC_SUBNET_PREFIX} subnets, but with PrivateLink only the lower /${halfPrefix} half of the last block is theirs, which holds ${natSlots}. Fix: set natGatewayPerAz: false, or use larger private subnets (lower privateSubnetNewBits or a larger vpcCidr)`,
    );
  }
}

/** Takes an Azure environment's network; reports a VNet outside /16-/24 and host/container subnets outside Databricks' /18-/26. */
export function checkAzureNetwork(network: { vnetCidr: string; subnetNewBits: number }, add: AddProblem): void {
  checkCarving(
    {
      cidr: network.vnetCidr,
      newBits: network.subnetNewBits,
      path: ["azure", "network"],
      cidrField: "vnetCidr",
      bitsField: "subnetNewBits",
      cloud: "azure",
      netnumsNeeded: 2,
      what: "the host and container subnets",
    },
    add,
  );
}

/**
 * Takes an Azure VNet range and its subnet bits; gives the first /26 after the host and container
 * subnets (the endpoint subnet config proposes, and `npm run new-environment` writes), or undefined
 * when the VNet has no room for one.
 */
export function freeEndpointBlock(network: { vnetCidr: string; subnetNewBits: number }): string | undefined {
  const vnet = parseCidr(network.vnetCidr);
  if (!vnet) return undefined;
  const first = vnet.first + 2 * 2 ** (32 - vnet.prefix - network.subnetNewBits);
  if (first + 63 > vnet.last) return undefined;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join(".")}/26`;
}

// A private endpoint takes one address; Azure keeps five of every subnet. Five endpoints at most
// (databricks_ui_api, browser_authentication, dfs, blob, vault) plus five reserved fit a /28.
const ENDPOINT_SUBNET_MAX_PREFIX = 28;

/**
 * Takes an Azure environment's network and its serverless egress setting; reports Private Link
 * settings that cannot be built or would cut a path off: a front-end without the back-end (the
 * workspace's public access goes off only with its back-end endpoint, Azure Databricks "Enable
 * Azure Private Link back-end and front-end connections"); an endpoint subnet missing, outside the
 * VNet, overlapping the host or container subnet, or smaller than a /28; private storage without
 * serverless egress (serverless compute would have no path to the lakehouse).
 */
export function checkAzurePrivateConnectivity(
  network: {
    vnetCidr: string;
    subnetNewBits: number;
    privateConnectivity: { backEnd: boolean; frontEnd: boolean; storageAndKeyVault: boolean; endpointSubnetCidr?: string };
  },
  serverlessEgress: { enabled: boolean },
  baseline: BaselineRecord,
  add: AddProblem,
): void {
  const path = ["azure", "network", "privateConnectivity"];
  const mode = network.privateConnectivity;
  if (mode.frontEnd && !mode.backEnd) {
    add(
      [...path, "frontEnd"],
      "is true while backEnd is false; a workspace without public access needs its back-end private endpoint (Azure rejects the pair). Fix: set backEnd: true as well, or frontEnd: false",
    );
  }
  if (mode.storageAndKeyVault && !serverlessEgress.enabled) {
    add(
      [...path, "storageAndKeyVault"],
      "turns public network access off on the lakehouse storage account, which serverless compute then reaches only through the region's network connectivity configuration. Fix: set security.serverlessEgress.enabled: true, or storageAndKeyVault: false",
    );
  }
  const anyEndpoint = mode.backEnd || mode.frontEnd || mode.storageAndKeyVault;
  if (!anyEndpoint) return;
  if (mode.endpointSubnetCidr === undefined) {
    const byBaseline = baseline.defaulted.includes("azure.network.privateConnectivity.backEnd");
    const why = byBaseline
      ? "the prod baseline turns on back-end Private Link, and its private endpoint needs a subnet of its own"
      : "the private endpoints need a subnet of their own";
    const free = freeEndpointBlock(network);
    const turnOff = byBaseline
      ? ', or keep back-end Private Link off with the reason reviewers will read: backEnd: { enabled: false, reason: "..." }'
      : "";
    add(
      [...path, "endpointSubnetCidr"],
      `is missing; ${why} in ${network.vnetCidr}. Fix: give a /28 to /26 block of the VNet outside the host and container subnets${free ? `, e.g. "${free}"` : ""}${turnOff}`,
    );
    return;
  }
  const subnet = parseCidr(mode.endpointSubnetCidr);
  const vnet = parseCidr(network.vnetCidr);
  if (!subnet || !vnet) return;
  const field = [...path, "endpointSubnetCidr"];
  if (subnet.first < vnet.first || subnet.last > vnet.last) {
    add(
      field,
      `"${mode.endpointSubnetCidr}" is not inside the VNet ${network.vnetCidr}. Fix: pick a block of ${network.vnetCidr} outside the host and container subnets`,
    );
    return;
  }
  if (subnet.prefix > ENDPOINT_SUBNET_MAX_PREFIX) {
    add(
      field,
      `"${mode.endpointSubnetCidr}" is a /${subnet.prefix}; Azure keeps five addresses of every subnet, so up to five endpoints need at least a /${ENDPOINT_SUBNET_MAX_PREFIX}. Fix: use a /${ENDPOINT_SUBNET_MAX_PREFIX} to /26 block`,
    );
  }
  // Host and container subnets: netnums 0 and 1 of cidrsubnet(vnetCidr, subnetNewBits, i).
  const size = 2 ** (32 - vnet.prefix - network.subnetNewBits);
  ["host", "container"].forEach((what, netnum) => {
    const taken = {
      first: vnet.first + netnum * size,
      last: vnet.first + (netnum + 1) * size - 1,
      prefix: vnet.prefix + network.subnetNewBits,
    };
    if (overlaps(subnet, taken)) {
      add(
        field,
        `"${mode.endpointSubnetCidr}" overlaps the ${what} subnet (netnum ${netnum} of cidrsubnet(${network.vnetCidr}, ${network.subnetNewBits}, ${netnum})). Fix: pick a block of ${network.vnetCidr} after the first ${2 * size} addresses`,
      );
    }
  });
}
