import type { RouteTable } from "@cdktn/provider-aws/lib/route-table";
import type { SecurityGroup } from "@cdktn/provider-aws/lib/security-group";
import type { Subnet } from "@cdktn/provider-aws/lib/subnet";
import type { Vpc } from "@cdktn/provider-aws/lib/vpc";
import type { VpcEndpoint } from "@cdktn/provider-aws/lib/vpc-endpoint";
import { Fn } from "cdktn";
import { Construct } from "constructs";
import { parseCidr } from "../../config/cidr";
import type { DatabricksEndpointServices } from "../../config/databricks-endpoint-services";
import { addS3GatewayEndpoint, addStsAndKinesisEndpoints } from "./network/aws-service-endpoints";
import { addBackEndPrivateLink, type BackEndPrivateLink } from "./network/back-end-private-link";
import { EgressFirewall } from "./network/egress-firewall";
import { addNatEgress } from "./network/nat-egress";
import { addPrivateSubnets, addVpc } from "./network/vpc";
import { type AllowedEgress, addWorkspaceEgress, addWorkspaceSecurityGroup } from "./network/workspace-security-group";

export type { AllowedEgress } from "./network/workspace-security-group";

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
  /**
   * An AWS Network Firewall between the private subnets and the NAT gateways that passes only these
   * domains (network/egress-firewall.ts); needs `privateLink`, through which the control plane is reached.
   */
  readonly egressFirewall?: {
    readonly allowedDomains: readonly string[];
    readonly logRetentionDays: number;
    readonly awsAccountId: string;
    readonly deletionProtection: boolean;
  };
}

/**
 * A customer-managed VPC for a Databricks workspace: private subnets (no public IPs) in several
 * zones, NAT egress, the security group Databricks requires and private endpoints for S3, STS and
 * Kinesis so that storage and credential traffic stays on the AWS network. With `privateLink`, also
 * back-end PrivateLink to the Databricks control plane, and the workspace group's egress goes only to
 * the VPC range and the S3 prefix list. Throws on a vpcCidr that does not parse (config checks the
 * carving: config/rules/aws-network.ts).
 *
 * Each part lives in network/ (the VPC and its private subnets, NAT egress, the workspace security
 * group, the AWS service endpoints, back-end PrivateLink); every resource is this construct's direct
 * child, so its Terraform address is `network_<id>` whichever file creates it.
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
  readonly privateLink?: BackEndPrivateLink;
  /** Present with `egressFirewall`. */
  readonly firewall?: EgressFirewall;

  constructor(scope: Construct, id: string, props: WorkspaceNetworkProps) {
    super(scope, id);
    const vpcPrefix = parseCidr(props.vpcCidr)?.prefix;
    if (vpcPrefix === undefined) throw new Error(`WorkspaceNetwork ${id}: vpcCidr "${props.vpcCidr}" is not a valid CIDR`);
    if (props.egressFirewall && !props.privateLink) {
      throw new Error(`WorkspaceNetwork ${id}: egressFirewall needs privateLink (its allow-list names no Databricks domain)`);
    }
    const { name, region, availabilityZones: zones } = props;
    // The VPC is cut into blocks of the private subnets' size: private subnet i is block i; the last
    // block holds the public /28s of the NAT gateways and, in its upper half, the PrivateLink endpoints.
    const lastBlock = Fn.cidrsubnet(props.vpcCidr, props.privateSubnetNewBits, 2 ** props.privateSubnetNewBits - 1);
    const lastBlockPrefix = vpcPrefix + props.privateSubnetNewBits;

    this.vpc = addVpc(this, name, props.vpcCidr);
    const { gateways: natGateways, publicRouteTable } = addNatEgress(this, {
      name,
      vpc: this.vpc,
      publicBlock: lastBlock,
      publicSubnetNewBits: 28 - lastBlockPrefix,
      availabilityZones: zones,
      perZone: props.natGatewayPerAz ?? false,
    });
    if (props.egressFirewall) {
      this.firewall = new EgressFirewall(this, "egress-firewall", {
        ...props.egressFirewall,
        name,
        region,
        vpc: this.vpc,
        availabilityZones: zones,
        lastBlock,
        lastBlockPrefix,
        natGateways,
      });
    }
    const firewall = this.firewall;
    const privateSubnets = addPrivateSubnets(this, {
      name,
      vpc: this.vpc,
      vpcCidr: props.vpcCidr,
      availabilityZones: zones,
      newBits: props.privateSubnetNewBits,
      natGateways,
      firewallEndpointIn: firewall ? (zone) => firewall.endpointIn(zone) : undefined,
    });
    firewall?.routeReturnTraffic(
      publicRouteTable.id,
      zones.map((zone, i) => ({ zone, cidr: Fn.cidrsubnet(props.vpcCidr, props.privateSubnetNewBits, i) })),
    );
    this.privateSubnets = privateSubnets.subnets;
    this.privateRouteTables = privateSubnets.routeTables;

    this.securityGroup = addWorkspaceSecurityGroup(this, name, this.vpc);
    this.s3Endpoint = addS3GatewayEndpoint(this, { name, region, vpc: this.vpc, routeTables: this.privateRouteTables });
    addWorkspaceEgress(
      this,
      this.securityGroup,
      props.privateLink
        ? {
            mode: "inside-vpc",
            vpcCidr: props.vpcCidr,
            s3PrefixListId: this.s3Endpoint.prefixListId,
            allowedEgress: props.privateLink.allowedEgress ?? [],
            throughFirewall: props.egressFirewall !== undefined,
          }
        : { mode: "internet" },
    );
    const { sts, kinesis } = addStsAndKinesisEndpoints(this, {
      name,
      region,
      vpc: this.vpc,
      subnets: this.privateSubnets,
      clients: this.securityGroup,
    });
    this.stsEndpoint = sts;
    this.kinesisEndpoint = kinesis;

    if (props.privateLink) {
      const { endpointSubnetPrefix, services } = props.privateLink;
      this.privateLink = addBackEndPrivateLink(this, {
        name,
        vpc: this.vpc,
        availabilityZones: zones,
        lastBlock,
        lastBlockPrefix,
        endpointSubnetPrefix,
        services,
        clients: this.securityGroup,
      });
    }
  }
}
