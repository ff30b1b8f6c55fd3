import { AZURE_DATABRICKS_ENDPOINTS, azureDatabricksEndpoints } from "../azure-databricks-endpoints";
import { firstFreeBlock, overlaps, parseCidr } from "../cidr";
import { PUBLIC_SUBNET_PREFIX } from "./network-carving";
import type { AddProblem } from "./problem";

/** The firewall subnets' first /28 in the VPC's last block (constructs/aws/network/egress-firewall.ts, FIREWALL_SUBNET_OFFSET). */
const FIREWALL_SUBNET_OFFSET = 8;

// Rules of classic compute's egress (../schema/egress): what prod requires, what each mode needs.

interface EgressEnv {
  readonly stage: string;
  readonly databricks: { readonly existingWorkspaceHost?: string };
}
interface ResolvedEgress {
  readonly mode: string;
}

function checkCommon(env: EgressEnv, egress: ResolvedEgress, path: string[], noInternet: string, add: AddProblem): void {
  if (env.databricks.existingWorkspaceHost !== undefined) return;
  if (env.stage === "prod" && egress.mode === "open") {
    add(
      [...path, "mode"],
      `is "open" in a prod environment: a notebook could send the data it reads to any host on the internet. Fix: set mode: "firewall" (allowed domains only)${noInternet}, or leave mode out (prod uses "firewall")`,
    );
  }
  // A firewall with no domain of the team's passes the Databricks endpoints only: the strictest setup,
  // accepted when the list is shared with serverless egress; an explicit [] is refused by the schema.
}

/**
 * Takes an AWS environment's resolved network; reports prod left open, and `firewall` or `privateLinkOnly` without back-end PrivateLink: the firewall's allow-list holds no
 * Databricks domain because the control plane (REST API, relay) is reached through the region's
 * PrivateLink endpoints (../databricks-endpoint-services), so no "*.cloud.databricks.com" entry lets a
 * notebook reach some other workspace; and without internet there is no other way to the control plane.
 */
export function checkAwsEgress(
  env: EgressEnv & {
    readonly aws: {
      readonly network: {
        readonly vpcCidr: string;
        readonly privateSubnetNewBits: number;
        readonly availabilityZones: readonly string[];
        readonly egress: ResolvedEgress;
        readonly privateConnectivity: { readonly backEnd: boolean };
      };
    };
  },
  add: AddProblem,
): void {
  const path = ["aws", "network", "egress"];
  const { egress, privateConnectivity } = env.aws.network;
  if (egress.mode === "open" && privateConnectivity.backEnd) {
    add(
      [...path, "mode"],
      'is "open" while back-end PrivateLink keeps the workspace security group\'s egress inside the VPC. Fix: use "privateLinkOnly" (no internet) or "firewall" (allowed domains through AWS Network Firewall)',
    );
  }
  // The firewall's /28s are netnums 8.. of the VPC's last block, below the half PrivateLink's endpoints take.
  const vpc = parseCidr(env.aws.network.vpcCidr);
  if (egress.mode === "firewall" && vpc) {
    const lastPrefix = vpc.prefix + env.aws.network.privateSubnetNewBits;
    const lowerHalf28s = lastPrefix >= PUBLIC_SUBNET_PREFIX ? 0 : 2 ** (PUBLIC_SUBNET_PREFIX - lastPrefix - 1);
    const needed = FIREWALL_SUBNET_OFFSET + env.aws.network.availabilityZones.length;
    if (lowerHalf28s < needed) {
      add(
        ["aws", "network", "privateSubnetNewBits"],
        `(${env.aws.network.privateSubnetNewBits}) leaves a /${lastPrefix} last block, whose lower half holds ${lowerHalf28s} /28s; the NAT and firewall subnets need ${needed}. Fix: lower privateSubnetNewBits or use a larger VPC range`,
      );
    }
  }
  checkCommon(env, egress, path, ', or "privateLinkOnly" (no internet)', add);
  if (egress.mode !== "open" && !privateConnectivity.backEnd && env.databricks.existingWorkspaceHost === undefined) {
    add(
      [...path, "mode"],
      `is "${egress.mode}", which reaches the Databricks control plane through back-end PrivateLink only (the allow-list names no Databricks domain), and back-end PrivateLink is off. Fix: set aws.network.privateConnectivity.backEnd: true${env.stage === "prod" ? ' (prod refuses mode "open")' : ', or mode: "open"'}`,
    );
  }
}

/**
 * Takes an Azure environment's resolved network and region; reports prod left open, a region the endpoint table (../azure-databricks-endpoints) has no row for, a
 * firewall without hubVnetCidr, and a hub range that overlaps the workspace VNet. The hub shared by
 * several environments is checked across them (./cross-environment).
 */
export function checkAzureEgress(
  env: EgressEnv & {
    readonly azure: {
      readonly location: string;
      readonly network: { readonly vnetCidr: string; readonly egress: ResolvedEgress & { readonly hubVnetCidr?: string } };
    };
  },
  add: AddProblem,
): void {
  const path = ["azure", "network", "egress"];
  const { egress, vnetCidr } = env.azure.network;
  checkCommon(env, egress, path, "", add);
  if (egress.mode !== "firewall") return;
  if (azureDatabricksEndpoints(env.azure.location) === undefined) {
    add(
      [...path, "mode"],
      `is "firewall" in ${env.azure.location}, a region config/azure-databricks-endpoints.ts has no row for, so the firewall could not allow the endpoints its clusters need. Fix: add the region's row to config/azure-databricks-endpoints.ts, transcribed from the endpoint tables Microsoft's "User-defined route settings for Azure Databricks" page points to${
        env.stage === "prod"
          ? `, or choose a region that has one (${Object.keys(AZURE_DATABRICKS_ENDPOINTS).sort().join(", ")}); prod refuses mode "open"`
          : ', or use mode: "open" there'
      }`,
    );
  }
  // A missing range is reported across environments (checkHubsAcrossEnvironments), which knows the free ones.
  const hub = egress.hubVnetCidr === undefined ? undefined : parseCidr(egress.hubVnetCidr);
  if (egress.hubVnetCidr === undefined) return;
  if (hub && (hub.prefix < 16 || hub.prefix > 24)) {
    add(
      [...path, "hubVnetCidr"],
      `"${egress.hubVnetCidr}" is a /${hub.prefix}; the hub needs a /16 to /24 (AzureFirewallSubnet is its first /26). Fix: use a /24`,
    );
  } else {
    const spoke = parseCidr(vnetCidr);
    if (hub && spoke && overlaps(hub, spoke)) {
      add(
        [...path, "hubVnetCidr"],
        `"${egress.hubVnetCidr}" overlaps this environment's VNet "${vnetCidr}"; peered networks cannot overlap. Fix: pick a range outside every workspace VNet`,
      );
    }
  }
}

/** The hub an Azure firewall environment uses: one per subscription and region (stacks/egress-hub-stack.ts). */
export const hubKeyOf = (env: { azure: { subscriptionId: string; location: string } }): string =>
  `${env.azure.subscriptionId.toLowerCase()}/${env.azure.location}`;

type HubEnv = {
  readonly name: string;
  readonly cloud: string;
  readonly azure?: {
    readonly subscriptionId: string;
    readonly location: string;
    readonly network: {
      readonly vnetCidr: string;
      readonly egress: {
        readonly mode: string;
        readonly hubVnetCidr?: string;
        readonly firewallSku?: string;
        readonly logRetentionDays?: number;
      };
    };
  };
};

/**
 * Takes every configured environment; reports Azure firewall environments of one subscription and
 * region that name different hub ranges, firewall tiers or log retentions (they share one hub), and a hub range that overlaps any
 * environment's network (every network of the estate is kept routable, the peered spokes above all),
 * with a free range to use instead.
 */
export function checkHubsAcrossEnvironments(
  envs: readonly HubEnv[],
  // By environment; undefined for a serverless workspace, which has no network.
  networks: readonly (string | undefined)[],
  add: AddProblem,
): void {
  const ranges = networks.filter((cidr): cidr is string => cidr !== undefined);
  const hubs = new Map<string, { name: string; cidr: string; firewallSku?: string; logRetentionDays?: number }>();
  const hubCidrs = envs.flatMap((env) =>
    env.azure?.network.egress.hubVnetCidr === undefined ? [] : [env.azure.network.egress.hubVnetCidr],
  );
  envs.forEach((env, index) => {
    const azure = env.azure;
    if (env.cloud !== "azure" || !azure || azure.network.egress.mode !== "firewall") return;
    const cidr = azure.network.egress.hubVnetCidr;
    if (cidr === undefined) {
      // The range a peer of the same hub gives, else a /24 free in the whole estate.
      const peer = envs.find(
        (other) => other.azure?.network.egress.hubVnetCidr !== undefined && hubKeyOf({ azure: other.azure }) === hubKeyOf({ azure }),
      );
      const suggestion = peer?.azure?.network.egress.hubVnetCidr;
      const free = suggestion ?? firstFreeBlock(24, [...ranges, ...hubCidrs]);
      add(
        [index, "azure", "network", "egress", "hubVnetCidr"],
        `is missing: the firewall lives in a hub VNet of the subscription and region, peered with this one. Fix: ${
          suggestion
            ? `write hubVnetCidr: "${suggestion}", the range ${peer?.name} gives for this hub`
            : `give it a free range${free ? `, e.g. hubVnetCidr: "${free}", free in this estate` : " (a /24 outside every network of the estate)"}`
        } (every firewall environment of the subscription and region names the same)`,
      );
      return;
    }
    const path = [index, "azure", "network", "egress", "hubVnetCidr"];
    const key = hubKeyOf({ azure });
    const holder = hubs.get(key);
    if (holder && holder.cidr !== cidr) {
      add(
        path,
        `"${cidr}" differs from "${holder.cidr}", the hub range ${holder.name} gives for the same subscription and region; they share one hub. Fix: write "${holder.cidr}"`,
      );
      return;
    }
    // The hub's firewall and log workspace are one: their settings must agree too, or one environment's would win unseen.
    const { firewallSku, logRetentionDays } = azure.network.egress;
    for (const [field, mine, theirs] of [
      ["firewallSku", firewallSku, holder?.firewallSku],
      ["logRetentionDays", logRetentionDays, holder?.logRetentionDays],
    ] as const) {
      if (holder && mine !== theirs) {
        add(
          [index, "azure", "network", "egress", field],
          `${JSON.stringify(mine)} differs from ${JSON.stringify(theirs)}, the ${field} ${holder.name} gives for the same subscription and region; they share one hub and its firewall. Fix: write ${JSON.stringify(theirs)}`,
        );
      }
    }
    if (!holder) hubs.set(key, { name: env.name, cidr, firewallSku, logRetentionDays });
    const hub = parseCidr(cidr);
    envs.forEach((other, j) => {
      const network = networks[j];
      const theirs = network === undefined ? undefined : parseCidr(network);
      if (j === index || !hub || !theirs || !overlaps(hub, theirs)) return;
      const free = firstFreeBlock(hub.prefix, [...ranges, ...[...hubs.values()].filter((h) => h.cidr !== cidr).map((h) => h.cidr)]);
      add(
        path,
        `"${cidr}" overlaps ${other.name}'s network "${networks[j]}"; the hub is peered with the workspace VNets. Fix: give the hub its own range${free ? `, e.g. "${free}", free in this estate` : ""}`,
      );
    });
  });
}
