import { hubKeyOf } from "../config/rules/egress";
import type { AzureEnvironment, Environment, StateConfig } from "../config/schema";
import { costTags } from "../constructs/cost-tags";
import { EgressHubStack, type EgressHubStackProps } from "./egress-hub-stack";

// Which Azure environments share an egress hub, derived from ALL configured environments (never the
// selection), like the shared metastore: one answer for the app, the deploy order and the CI matrix.

/** Priority of the first environment's rule collection group in a hub's policy; the hub's own group is 200. */
const FIRST_SPOKE_PRIORITY = 1000;

const usesHub = (env: Environment): env is AzureEnvironment =>
  env.cloud === "azure" && env.databricks.existingWorkspaceHost === undefined && env.azure.network.egress.mode === "firewall";

/** The hub an environment uses: its stack name and props, who shares it, and the environment's rule priority. */
export interface EgressHub {
  readonly name: string;
  readonly state: StateConfig;
  readonly sharing: readonly AzureEnvironment[];
  readonly props: EgressHubStackProps;
  /** Priority of `env`'s rule collection group: by config order among the hub's environments, 10 apart. */
  readonly priority: number;
}

/** The egress hub of `env` (an Azure environment in firewall mode), or undefined for any other. */
export function egressHubOf(env: Environment, all: readonly Environment[]): EgressHub | undefined {
  if (!usesHub(env)) return undefined;
  const sharing = all.filter(usesHub).filter((peer) => hubKeyOf(peer) === hubKeyOf(env));
  const owner = sharing.find((peer) => peer.stage === "prod") ?? sharing[0] ?? env;
  const index = Math.max(
    0,
    sharing.findIndex((peer) => peer.name === env.name),
  );
  const bits = (peer: AzureEnvironment) => peer.azure.network.subnetNewBits;
  const props: EgressHubStackProps = {
    subscriptionId: owner.azure.subscriptionId,
    tenantId: owner.azure.tenantId,
    location: owner.azure.location,
    // Config checks that every environment of the hub names the same range.
    hubVnetCidr: owner.azure.network.egress.hubVnetCidr as string,
    firewallSku: owner.azure.network.egress.firewallSku,
    logRetentionDays: owner.azure.network.egress.logRetentionDays,
    spokeSubnetCidrs: sharing.flatMap((peer) => spokeSubnetCidrs(peer.azure.network.vnetCidr, bits(peer))),
    tags: costTags(owner.tags, "shared"),
    state: owner.state,
  };
  return { name: EgressHubStack.stackName(props), state: owner.state, sharing, props, priority: FIRST_SPOKE_PRIORITY + 10 * index };
}

/** The host and container subnets' ranges, as literal CIDRs (netnums 0 and 1 of the VNet, constructs/azure/workspace-vnet.ts). */
export function spokeSubnetCidrs(vnetCidr: string, newBits: number): string[] {
  const [address, prefix] = vnetCidr.split("/");
  const base = address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(prefix) - newBits);
  return [0, 1].map((i) => {
    const n = base + i * size;
    return `${[24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".")}/${Number(prefix) + newBits}`;
  });
}
