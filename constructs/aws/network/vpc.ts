import { DefaultSecurityGroup } from "@cdktn/provider-aws/lib/default-security-group";
import type { NatGateway } from "@cdktn/provider-aws/lib/nat-gateway";
import { Route } from "@cdktn/provider-aws/lib/route";
import { RouteTable } from "@cdktn/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktn/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktn/provider-aws/lib/subnet";
import { Vpc } from "@cdktn/provider-aws/lib/vpc";
import { Fn } from "cdktn";
import type { Construct } from "constructs";

// The VPC of a workspace and its private subnets, where the cluster nodes run. These functions add
// their resources to the scope they are given (the WorkspaceNetwork), not to a child construct of their
// own, so that the resources keep the addresses they had when the network was one file.

/**
 * Takes the scope, the network's name and its CIDR; adds the VPC (DNS names on, as Databricks requires)
 * and locks the VPC's default security group (no rules), and gives the VPC.
 */
export function addVpc(scope: Construct, name: string, cidr: string): Vpc {
  const vpc = new Vpc(scope, "vpc", { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${name}-vpc` } });
  // The default group of a new VPC allows all traffic between members; strip it so nothing uses it by accident.
  new DefaultSecurityGroup(scope, "default-sg-locked", { vpcId: vpc.id, tags: { Name: `${name}-default-locked` } });
  return vpc;
}

export interface PrivateSubnetsProps {
  readonly name: string;
  readonly vpc: Vpc;
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  /** Bits added to the VPC prefix for each private subnet: subnet i is netnum i of that size. */
  readonly newBits: number;
  /** Where each zone's traffic to the internet goes: zone i uses gateway i, or the last one when there are fewer. */
  readonly natGateways: readonly NatGateway[];
  /** With an egress firewall: the firewall endpoint (vpce-...) of a zone, which then takes the default route instead of the NAT gateway. */
  readonly firewallEndpointIn?: (zone: string) => string;
}

/**
 * Takes the VPC, the zones and the NAT gateways; adds one private subnet per zone (no public IPs) with a
 * route table whose default route leads to a NAT gateway, or to the zone's firewall endpoint when there
 * is one, and gives the subnets and their route tables.
 */
export function addPrivateSubnets(scope: Construct, props: PrivateSubnetsProps): { subnets: Subnet[]; routeTables: RouteTable[] } {
  const routeTables: RouteTable[] = [];
  const subnets = props.availabilityZones.map((zone, i) => {
    const subnet = new Subnet(scope, `private-${zone}`, {
      vpcId: props.vpc.id,
      availabilityZone: zone,
      cidrBlock: Fn.cidrsubnet(props.vpcCidr, props.newBits, i),
      mapPublicIpOnLaunch: false,
      tags: { Name: `${props.name}-private-${zone}` },
    });
    const routeTable = new RouteTable(scope, `private-rt-${zone}`, {
      vpcId: props.vpc.id,
      tags: { Name: `${props.name}-private-${zone}` },
    });
    new Route(scope, `private-default-route-${zone}`, {
      routeTableId: routeTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      ...(props.firewallEndpointIn
        ? { vpcEndpointId: props.firewallEndpointIn(zone) }
        : { natGatewayId: props.natGateways[Math.min(i, props.natGateways.length - 1)].id }),
    });
    new RouteTableAssociation(scope, `private-rta-${zone}`, { subnetId: subnet.id, routeTableId: routeTable.id });
    routeTables.push(routeTable);
    return subnet;
  });
  return { subnets, routeTables };
}
