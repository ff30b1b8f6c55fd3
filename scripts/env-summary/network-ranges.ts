import type { Environment } from "../../config/schema";
import { evaluateRange } from "./cidr-expression";

// The address ranges an environment occupies and admits: its VPC or VNet and the subnets carved from it
// (read from the synthesized stacks and evaluated, ./cidr-expression), then what config lets in or out:
// the IP access list, the deploy runners' ranges, extra egress and the front-end transit VPC.

type Json = Record<string, any>;

/** One range: what it is for, and the range (or the expression when it cannot be evaluated offline). */
export interface RangeLine {
  readonly what: string;
  readonly range: string;
}

/** "network_private-eu-west-1a_FB3BA8C3" gives "private-eu-west-1a": the construct's name without its scope and hash. */
const label = (name: string) => name.replace(/^network_/, "").replace(/_[0-9A-F]{8}$/, "");

/**
 * Takes the environment (validated) and its workspace stack (parsed, or undefined for a workspace
 * brought along); gives its network ranges: the VPC or VNet and each subnet as Terraform will create
 * them, then the ranges config admits (people, deploy runners) and opens (extra egress, transit VPC).
 */
export function networkRanges(env: Environment, workspace: Json | undefined): RangeLine[] {
  const lines: RangeLine[] = [];
  const resources = (type: string): Array<[string, Json]> => Object.entries((workspace?.resource?.[type] ?? {}) as Json);
  const shown = (value: unknown) => evaluateRange(value) ?? String(value);
  for (const [, vpc] of resources("aws_vpc")) lines.push({ what: "VPC", range: shown(vpc.cidr_block) });
  for (const [name, subnet] of resources("aws_subnet")) lines.push({ what: `subnet ${label(name)}`, range: shown(subnet.cidr_block) });
  for (const [, vnet] of resources("azurerm_virtual_network"))
    lines.push(...(vnet.address_space as unknown[]).map((range) => ({ what: "VNet", range: shown(range) })));
  for (const [name, subnet] of resources("azurerm_subnet"))
    lines.push(...(subnet.address_prefixes as unknown[]).map((range) => ({ what: `subnet ${label(name)}`, range: shown(range) })));
  if (lines.length === 0)
    lines.push({
      what: env.databricks.existingWorkspaceHost
        ? "network (workspace brought along: not managed here)"
        : env.compute.mode === "serverless"
          ? "network: none (serverless workspace, compute in Databricks' serverless plane)"
          : "network (workspace stack not synthesized)",
      range: (env.cloud === "aws" ? env.aws.network?.vpcCidr : env.azure.network.vnetCidr) ?? "none",
    });
  if (env.cloud === "aws" && env.aws.network) {
    const privateLink = env.aws.network.privateConnectivity;
    if (privateLink.frontEnd) lines.push({ what: "front-end transit VPC", range: privateLink.frontEnd.transitVpcCidr });
    for (const rule of privateLink.allowedEgress ?? []) lines.push({ what: `extra egress: ${rule.description}`, range: rule.cidr });
  }
  lines.push(...env.security.ipAccessList.map((range) => ({ what: "IP access list (people)", range })));
  lines.push(...env.security.deployerIpRanges.map((range) => ({ what: "deploy runners (lakehouse-deployer)", range })));
  return lines;
}
