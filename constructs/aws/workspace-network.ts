import { Construct } from "constructs";
import { Fn } from "cdktn";
import { Vpc } from "@cdktn/provider-aws/lib/vpc";
import { Subnet } from "@cdktn/provider-aws/lib/subnet";
import { InternetGateway } from "@cdktn/provider-aws/lib/internet-gateway";
import { Eip } from "@cdktn/provider-aws/lib/eip";
import { NatGateway } from "@cdktn/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktn/provider-aws/lib/route-table";
import { Route } from "@cdktn/provider-aws/lib/route";
import { RouteTableAssociation } from "@cdktn/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktn/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktn/provider-aws/lib/vpc-security-group-ingress-rule";
import { VpcSecurityGroupEgressRule } from "@cdktn/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcEndpoint } from "@cdktn/provider-aws/lib/vpc-endpoint";
import { DefaultSecurityGroup } from "@cdktn/provider-aws/lib/default-security-group";
import { parseCidr } from "../../config/cidr";
import type { DatabricksEndpointServices } from "../../config/databricks-endpoint-services";

export interface WorkspaceNetworkProps {
  readonly name: string;
  readonly region: string;
  readonly vpcCidr: string;
  readonly availabilityZones: string[];
  /** Bits added to the VPC prefix for each private subnet. */
  readonly privateSubnetNewBits: number;
  /** One NAT gateway per zone (resilient) or one shared (cheaper). */
  readonly natGatewayPerAz?: boolean;
  /**
   * Back-end PrivateLink: endpoint subnets of this prefix (one per zone, in the upper half of the
   * VPC's last private-sized block), interface endpoints to the region's Databricks services, and a
   * workspace security group whose egress stays inside the VPC. Absent: egress to the listed ports
   * anywhere, through the NAT gateways.
   */
  readonly privateLink?: {
    readonly endpointSubnetPrefix: number;
    readonly services: DatabricksEndpointServices;
    /** Extra TCP egress out of the lockdown (a JDBC source, a package mirror): config refuses destinations wider than a /8. */
    readonly allowedEgress?: readonly AllowedEgress[];
  };
}

/** A TCP egress rule to a named network, ports inclusive. */
export interface AllowedEgress {
  readonly cidr: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly description: string;
}

type PortRange = { from: number; to: number; why: string };

// Egress the Databricks data plane needs to its control plane and AWS APIs (Databricks docs,
// "Customer-managed VPC": security group rules).
const DATABRICKS_EGRESS_PORTS: PortRange[] = [
  { from: 443, to: 443, why: "Databricks control plane, AWS APIs and artifact storage" },
  { from: 3306, to: 3306, why: "legacy Hive metastore" },
  { from: 6666, to: 6666, why: "secure cluster connectivity relay (PrivateLink)" },
  { from: 2443, to: 2443, why: "FIPS-encrypted control plane connections" },
  { from: 8443, to: 8451, why: "control plane API and Unity Catalog logging and lineage" },
];

// With back-end PrivateLink every one of these reaches an endpoint inside the VPC (Databricks docs,
// "Configure classic private connectivity to Databricks": the endpoints' security group admits
// 443 and 8443-8451 for the REST API, 6666 for the relay and 2443 for FIPS/compliance-profile
// connections). The legacy Hive metastore (3306) is on the internet and is left out: use Unity Catalog.
const PRIVATE_LINK_PORTS: PortRange[] = [
  { from: 443, to: 443, why: "workspace REST API and AWS interface endpoints" },
  { from: 6666, to: 6666, why: "secure cluster connectivity relay" },
  { from: 2443, to: 2443, why: "FIPS-encrypted (compliance security profile) relay connections" },
  { from: 8443, to: 8451, why: "control plane API, Unity Catalog logging and lineage" },
];

/**
 * A customer-managed VPC for a Databricks workspace: private subnets (no public IPs) in several
 * zones, NAT egress, the security group Databricks requires and private endpoints for S3, STS and
 * Kinesis so that storage and credential traffic stays on the AWS network. With `privateLink`, also
 * back-end PrivateLink to the Databricks control plane, and the workspace group's egress goes only to
 * the VPC range and the S3 prefix list. Throws on a vpcCidr that does not parse (config checks the
 * carving: config/rules/networks.ts).
 */
export class WorkspaceNetwork extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[];
  readonly securityGroup: SecurityGroup;
  readonly privateRouteTables: RouteTable[];
  readonly s3Endpoint: VpcEndpoint;
  readonly stsEndpoint: VpcEndpoint;
  readonly kinesisEndpoint: VpcEndpoint;
  /** Back-end PrivateLink only: the endpoint subnets and the workspace (REST API) and relay endpoints. */
  readonly privateLink?: { readonly subnets: Subnet[]; readonly restApi: VpcEndpoint; readonly relay: VpcEndpoint };

  constructor(scope: Construct, id: string, props: WorkspaceNetworkProps) {
    super(scope, id);
    const vpcPrefix = parseCidr(props.vpcCidr)?.prefix;
    if (vpcPrefix === undefined) throw new Error(`WorkspaceNetwork ${id}: vpcCidr "${props.vpcCidr}" is not a valid CIDR`);
    const zones = props.availabilityZones;
    const blockCount = 2 ** props.privateSubnetNewBits;

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: `${props.name}-vpc` },
    });
    // The default group of a new VPC allows all traffic between members; strip it so nothing uses it by accident.
    new DefaultSecurityGroup(this, "default-sg-locked", { vpcId: this.vpc.id, tags: { Name: `${props.name}-default-locked` } });

    const igw = new InternetGateway(this, "igw", { vpcId: this.vpc.id, tags: { Name: `${props.name}-igw` } });

    // Public /28 subnets hold only the NAT gateways; they are carved from the last private-sized block.
    const publicBlock = Fn.cidrsubnet(props.vpcCidr, props.privateSubnetNewBits, blockCount - 1);
    const publicRouteTable = new RouteTable(this, "public-rt", { vpcId: this.vpc.id, tags: { Name: `${props.name}-public` } });
    new Route(this, "public-default-route", { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });

    const natCount = props.natGatewayPerAz ? zones.length : 1;
    const natGateways = zones.slice(0, natCount).map((zone, i) => {
      const subnet = new Subnet(this, `public-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: Fn.cidrsubnet(publicBlock, 28 - (vpcPrefix + props.privateSubnetNewBits), i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${zone}` },
      });
      new RouteTableAssociation(this, `public-rta-${zone}`, { subnetId: subnet.id, routeTableId: publicRouteTable.id });
      const eip = new Eip(this, `nat-eip-${zone}`, { domain: "vpc", tags: { Name: `${props.name}-nat-${zone}` }, dependsOn: [igw] });
      return new NatGateway(this, `nat-${zone}`, { allocationId: eip.id, subnetId: subnet.id, tags: { Name: `${props.name}-nat-${zone}` } });
    });

    this.privateRouteTables = [];
    this.privateSubnets = zones.map((zone, i) => {
      const subnet = new Subnet(this, `private-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: Fn.cidrsubnet(props.vpcCidr, props.privateSubnetNewBits, i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-private-${zone}` },
      });
      const routeTable = new RouteTable(this, `private-rt-${zone}`, { vpcId: this.vpc.id, tags: { Name: `${props.name}-private-${zone}` } });
      new Route(this, `private-default-route-${zone}`, {
        routeTableId: routeTable.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: natGateways[Math.min(i, natGateways.length - 1)].id,
      });
      new RouteTableAssociation(this, `private-rta-${zone}`, { subnetId: subnet.id, routeTableId: routeTable.id });
      this.privateRouteTables.push(routeTable);
      return subnet;
    });

    this.securityGroup = new SecurityGroup(this, "workspace-sg", {
      name: `${props.name}-databricks-workspace`,
      description: "Databricks cluster nodes: all traffic among themselves, listed egress to the control plane",
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-databricks-workspace` },
    });
    for (const protocol of ["tcp", "udp"]) {
      new VpcSecurityGroupIngressRule(this, `intra-cluster-ingress-${protocol}`, {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: this.securityGroup.id,
        ipProtocol: protocol,
        fromPort: 0,
        toPort: 65535,
        description: `Cluster nodes talk to each other (${protocol})`,
      });
      new VpcSecurityGroupEgressRule(this, `intra-cluster-egress-${protocol}`, {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: this.securityGroup.id,
        ipProtocol: protocol,
        fromPort: 0,
        toPort: 65535,
        description: `Cluster nodes talk to each other (${protocol})`,
      });
    }
    this.s3Endpoint = new VpcEndpoint(this, "s3-endpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: this.privateRouteTables.map((rt) => rt.id),
      tags: { Name: `${props.name}-s3` },
    });

    if (props.privateLink) {
      // Inside the VPC only: the endpoints (in the VPC's range) and S3 through its gateway endpoint.
      for (const port of PRIVATE_LINK_PORTS) {
        new VpcSecurityGroupEgressRule(this, `egress-vpc-${port.from}`, {
          securityGroupId: this.securityGroup.id,
          cidrIpv4: props.vpcCidr,
          ipProtocol: "tcp",
          fromPort: port.from,
          toPort: port.to,
          description: `${port.why} (inside the VPC)`,
        });
      }
      new VpcSecurityGroupEgressRule(this, "egress-s3-prefix-list", {
        securityGroupId: this.securityGroup.id,
        prefixListId: this.s3Endpoint.prefixListId,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "S3 through the gateway endpoint",
      });
      // Named networks outside the VPC that config lets through (routed by NAT, peering or a transit
      // gateway); each rule's id comes from its destination and ports, so reordering the list moves nothing.
      for (const rule of props.privateLink.allowedEgress ?? []) {
        new VpcSecurityGroupEgressRule(this, `egress-allowed-${rule.cidr.replace(/[./]/g, "-")}-${rule.fromPort}-${rule.toPort}`, {
          securityGroupId: this.securityGroup.id,
          cidrIpv4: rule.cidr,
          ipProtocol: "tcp",
          fromPort: rule.fromPort,
          toPort: rule.toPort,
          description: rule.description,
        });
      }
    } else {
      for (const port of DATABRICKS_EGRESS_PORTS) {
        new VpcSecurityGroupEgressRule(this, `egress-${port.from}`, {
          securityGroupId: this.securityGroup.id,
          cidrIpv4: "0.0.0.0/0",
          ipProtocol: "tcp",
          fromPort: port.from,
          toPort: port.to,
          description: port.why,
        });
      }
    }

    const endpointSg = new SecurityGroup(this, "endpoint-sg", {
      name: `${props.name}-interface-endpoints`,
      description: "HTTPS from Databricks cluster nodes to AWS interface endpoints",
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-interface-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, "endpoint-ingress-https", {
      securityGroupId: endpointSg.id,
      referencedSecurityGroupId: this.securityGroup.id,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "HTTPS from cluster nodes",
    });
    const [sts, kinesis] = ["sts", "kinesis-streams"].map(
      (service) =>
        new VpcEndpoint(this, `${service}-endpoint`, {
          vpcId: this.vpc.id,
          serviceName: `com.amazonaws.${props.region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: this.privateSubnets.map((s) => s.id),
          securityGroupIds: [endpointSg.id],
          tags: { Name: `${props.name}-${service}` },
        }),
    );
    this.stsEndpoint = sts;
    this.kinesisEndpoint = kinesis;

    if (props.privateLink) this.privateLink = this.addBackEndPrivateLink(props, vpcPrefix, publicBlock, props.privateLink);
  }

  /**
   * Endpoint subnets (one per zone, no route out of the VPC) in the upper half of the last
   * private-sized block, a security group admitting the Databricks ports from the workspace group,
   * and the interface endpoints to the region's workspace and relay services, with private DNS so
   * that cluster nodes resolve the workspace's names to them (Databricks docs, "Configure classic
   * private connectivity to Databricks", steps for the VPC endpoints and their subnet).
   */
  private addBackEndPrivateLink(props: WorkspaceNetworkProps, vpcPrefix: number, lastBlock: string, privateLink: NonNullable<WorkspaceNetworkProps["privateLink"]>) {
    const upperHalf = Fn.cidrsubnet(lastBlock, 1, 1);
    const halfPrefix = vpcPrefix + props.privateSubnetNewBits + 1;
    const routeTable = new RouteTable(this, "endpoint-rt", { vpcId: this.vpc.id, tags: { Name: `${props.name}-endpoints` } });
    const subnets = props.availabilityZones.map((zone, i) => {
      const subnet = new Subnet(this, `endpoint-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: Fn.cidrsubnet(upperHalf, privateLink.endpointSubnetPrefix - halfPrefix, i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-endpoints-${zone}` },
      });
      new RouteTableAssociation(this, `endpoint-rta-${zone}`, { subnetId: subnet.id, routeTableId: routeTable.id });
      return subnet;
    });
    const sg = new SecurityGroup(this, "databricks-endpoint-sg", {
      name: `${props.name}-databricks-endpoints`,
      description: "Databricks PrivateLink endpoints: the workspace security group on the Databricks ports",
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-databricks-endpoints` },
    });
    for (const port of PRIVATE_LINK_PORTS) {
      new VpcSecurityGroupIngressRule(this, `databricks-endpoint-ingress-${port.from}`, {
        securityGroupId: sg.id,
        referencedSecurityGroupId: this.securityGroup.id,
        ipProtocol: "tcp",
        fromPort: port.from,
        toPort: port.to,
        description: `${port.why} from cluster nodes`,
      });
    }
    const endpoint = (id: string, serviceName: string) =>
      new VpcEndpoint(this, id, {
        vpcId: this.vpc.id,
        serviceName,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: subnets.map((s) => s.id),
        securityGroupIds: [sg.id],
        tags: { Name: `${props.name}-${id}` },
      });
    return {
      subnets,
      restApi: endpoint("databricks-rest-api", privateLink.services.workspace),
      relay: endpoint("databricks-relay", privateLink.services.relay),
    };
  }
}
