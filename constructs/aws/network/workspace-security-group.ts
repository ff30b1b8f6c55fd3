import { SecurityGroup } from "@cdktn/provider-aws/lib/security-group";
import type { Vpc } from "@cdktn/provider-aws/lib/vpc";
import { VpcSecurityGroupEgressRule } from "@cdktn/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktn/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Construct } from "constructs";
import { DATABRICKS_EGRESS_PORTS, PRIVATE_LINK_PORTS } from "./databricks-ports";

// The security group Databricks requires on a customer-managed VPC, and where its egress may go. Both
// functions add to the scope they are given (the WorkspaceNetwork), so that addresses do not move.

/** A TCP egress rule to a named network, ports inclusive. */
export interface AllowedEgress {
  readonly cidr: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly description: string;
}

/**
 * Takes the network's name and VPC; adds the workspace security group with all TCP and UDP traffic
 * among its members (cluster nodes talk to each other) and no egress yet; gives the group.
 */
export function addWorkspaceSecurityGroup(scope: Construct, name: string, vpc: Vpc): SecurityGroup {
  const group = new SecurityGroup(scope, "workspace-sg", {
    name: `${name}-databricks-workspace`,
    description: "Databricks cluster nodes: all traffic among themselves, listed egress to the control plane",
    vpcId: vpc.id,
    tags: { Name: `${name}-databricks-workspace` },
  });
  for (const protocol of ["tcp", "udp"]) {
    const rule = {
      securityGroupId: group.id,
      referencedSecurityGroupId: group.id,
      ipProtocol: protocol,
      fromPort: 0,
      toPort: 65535,
      description: `Cluster nodes talk to each other (${protocol})`,
    };
    new VpcSecurityGroupIngressRule(scope, `intra-cluster-ingress-${protocol}`, rule);
    new VpcSecurityGroupEgressRule(scope, `intra-cluster-egress-${protocol}`, rule);
  }
  return group;
}

/** Where the workspace group's egress may go: anywhere on the Databricks ports, or only inside the VPC (PrivateLink). */
export type WorkspaceEgress =
  | { readonly mode: "internet" }
  | {
      readonly mode: "inside-vpc";
      readonly vpcCidr: string;
      readonly s3PrefixListId: string;
      readonly allowedEgress: readonly AllowedEgress[];
      /** HTTPS and HTTP to the internet as well, which the egress firewall filters by domain. */
      readonly throughFirewall?: boolean;
    };

/**
 * Adds the workspace group's egress rules: with "internet", the Databricks ports to 0.0.0.0/0 (through
 * the NAT gateways); with "inside-vpc", the PrivateLink ports to the VPC range, HTTPS to the S3 prefix
 * list (the gateway endpoint) and each allowed destination config names.
 */
export function addWorkspaceEgress(scope: Construct, group: SecurityGroup, egress: WorkspaceEgress): void {
  const rule = (id: string, to: { cidrIpv4?: string; prefixListId?: string }, fromPort: number, toPort: number, description: string) =>
    new VpcSecurityGroupEgressRule(scope, id, { securityGroupId: group.id, ...to, ipProtocol: "tcp", fromPort, toPort, description });
  if (egress.mode === "internet") {
    for (const port of DATABRICKS_EGRESS_PORTS) rule(`egress-${port.from}`, { cidrIpv4: "0.0.0.0/0" }, port.from, port.to, port.why);
    return;
  }
  // Inside the VPC only: the endpoints (in the VPC's range) and S3 through its gateway endpoint.
  for (const port of PRIVATE_LINK_PORTS)
    rule(`egress-vpc-${port.from}`, { cidrIpv4: egress.vpcCidr }, port.from, port.to, `${port.why} (inside the VPC)`);
  rule("egress-s3-prefix-list", { prefixListId: egress.s3PrefixListId }, 443, 443, "S3 through the gateway endpoint");
  if (egress.throughFirewall) {
    // The route sends these to the egress firewall, which passes only the allowed domains.
    rule("egress-firewall-443", { cidrIpv4: "0.0.0.0/0" }, 443, 443, "HTTPS to allowed domains, through the egress firewall");
    rule("egress-firewall-80", { cidrIpv4: "0.0.0.0/0" }, 80, 80, "HTTP to allowed domains, through the egress firewall");
  }
  // Named networks outside the VPC that config lets through (routed by NAT, peering or a transit
  // gateway); each rule's id comes from its destination and ports, so reordering the list moves nothing.
  for (const allowed of egress.allowedEgress) {
    const id = `egress-allowed-${allowed.cidr.replace(/[./]/g, "-")}-${allowed.fromPort}-${allowed.toPort}`;
    rule(id, { cidrIpv4: allowed.cidr }, allowed.fromPort, allowed.toPort, allowed.description);
  }
}
