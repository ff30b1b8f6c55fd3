// AWS private connectivity rules: PrivateLink combinations, the front-end transit VPC and the extra egress under the back-end lockdown.
import { overlaps, parseCidr } from "../cidr";
import { databricksEndpointServices } from "../databricks-endpoint-services";
import { PUBLIC_SUBNET_PREFIX, transitSubnetNewBits } from "./network-carving";
import type { AddProblem } from "./problem";

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
 * The combinations Databricks accepts: front-end needs back-end here (the front-end endpoint is
 * registered next to the back-end ones), public access off needs both (Databricks API, "Private
 * access settings": public_access_enabled), and the region must have published endpoint services.
 */
export function checkPrivateConnectivity(
  settings: AwsPrivateConnectivity,
  vpcCidr: string,
  zones: number,
  region: string,
  add: AddProblem,
): void {
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
