// Azure network rules: the VNet carving, the free endpoint block and the Private Link settings.
import { overlaps, parseCidr } from "../cidr";
import type { BaselineRecord } from "../prod-baseline";
import { checkCarving } from "./network-carving";
import type { AddProblem } from "./problem";

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
  checkEndpointSubnetCidr({ ...network, endpointSubnetCidr: mode.endpointSubnetCidr }, add);
}

/**
 * Takes an Azure VNet with its endpoint subnet; reports an endpoint subnet outside the VNet, smaller
 * than a /28, or overlapping the host or container subnet (netnums 0 and 1 of the VNet's carving).
 */
export function checkEndpointSubnetCidr(
  network: { vnetCidr: string; subnetNewBits: number; endpointSubnetCidr: string },
  add: AddProblem,
): void {
  const subnet = parseCidr(network.endpointSubnetCidr);
  const vnet = parseCidr(network.vnetCidr);
  if (!subnet || !vnet) return;
  const field = ["azure", "network", "privateConnectivity", "endpointSubnetCidr"];
  if (subnet.first < vnet.first || subnet.last > vnet.last) {
    add(
      field,
      `"${network.endpointSubnetCidr}" is not inside the VNet ${network.vnetCidr}. Fix: pick a block of ${network.vnetCidr} outside the host and container subnets`,
    );
    return;
  }
  if (subnet.prefix > ENDPOINT_SUBNET_MAX_PREFIX) {
    add(
      field,
      `"${network.endpointSubnetCidr}" is a /${subnet.prefix}; Azure keeps five addresses of every subnet, so up to five endpoints need at least a /${ENDPOINT_SUBNET_MAX_PREFIX}. Fix: use a /${ENDPOINT_SUBNET_MAX_PREFIX} to /26 block`,
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
        `"${network.endpointSubnetCidr}" overlaps the ${what} subnet (netnum ${netnum} of cidrsubnet(${network.vnetCidr}, ${network.subnetNewBits}, ${netnum})). Fix: pick a block of ${network.vnetCidr} after the first ${2 * size} addresses`,
      );
    }
  });
}
