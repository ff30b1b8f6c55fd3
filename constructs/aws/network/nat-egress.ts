import { Eip } from "@cdktn/provider-aws/lib/eip";
import { InternetGateway } from "@cdktn/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktn/provider-aws/lib/nat-gateway";
import { Route } from "@cdktn/provider-aws/lib/route";
import { RouteTable } from "@cdktn/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktn/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktn/provider-aws/lib/subnet";
import type { Vpc } from "@cdktn/provider-aws/lib/vpc";
import { Fn } from "cdktn";
import type { Construct } from "constructs";

export interface NatEgressProps {
  readonly name: string;
  readonly vpc: Vpc;
  /** The block the public /28 subnets are carved from (the VPC's last private-sized block). */
  readonly publicBlock: string;
  /** Bits from that block's prefix to /28. */
  readonly publicSubnetNewBits: number;
  readonly availabilityZones: readonly string[];
  /** One NAT gateway per zone (resilient) or one shared by all zones (cheaper). */
  readonly perZone: boolean;
}

/**
 * The workspace's way out to the internet, added to `scope` (the WorkspaceNetwork, so that addresses do
 * not move): an internet gateway, a public /28 subnet per NAT gateway holding nothing else, and the
 * NAT gateways with their elastic IPs. Takes the VPC and the carving; gives the NAT gateways, first zone
 * first, and the public subnets' route table (where an egress firewall adds its return routes).
 */
export function addNatEgress(scope: Construct, props: NatEgressProps): { gateways: NatGateway[]; publicRouteTable: RouteTable } {
  const igw = new InternetGateway(scope, "igw", { vpcId: props.vpc.id, tags: { Name: `${props.name}-igw` } });
  const publicRouteTable = new RouteTable(scope, "public-rt", { vpcId: props.vpc.id, tags: { Name: `${props.name}-public` } });
  new Route(scope, "public-default-route", { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });

  const zones = props.availabilityZones.slice(0, props.perZone ? props.availabilityZones.length : 1);
  const gateways = zones.map((zone, i) => {
    const subnet = new Subnet(scope, `public-${zone}`, {
      vpcId: props.vpc.id,
      availabilityZone: zone,
      cidrBlock: Fn.cidrsubnet(props.publicBlock, props.publicSubnetNewBits, i),
      mapPublicIpOnLaunch: false,
      tags: { Name: `${props.name}-public-${zone}` },
    });
    new RouteTableAssociation(scope, `public-rta-${zone}`, { subnetId: subnet.id, routeTableId: publicRouteTable.id });
    const eip = new Eip(scope, `nat-eip-${zone}`, { domain: "vpc", tags: { Name: `${props.name}-nat-${zone}` }, dependsOn: [igw] });
    return new NatGateway(scope, `nat-${zone}`, { allocationId: eip.id, subnetId: subnet.id, tags: { Name: `${props.name}-nat-${zone}` } });
  });
  return { gateways, publicRouteTable };
}
