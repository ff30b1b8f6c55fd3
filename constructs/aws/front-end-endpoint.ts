import { DefaultSecurityGroup } from "@cdktn/provider-aws/lib/default-security-group";
import { SecurityGroup } from "@cdktn/provider-aws/lib/security-group";
import { Subnet } from "@cdktn/provider-aws/lib/subnet";
import { Vpc } from "@cdktn/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktn/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktn/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn } from "cdktn";
import { Construct } from "constructs";
import { transitSubnetNewBits } from "../../config/rules/network-carving";

export interface FrontEndEndpointProps {
  readonly name: string;
  /** Range of the transit VPC (must not overlap the workspace VPC; config checks it). */
  readonly transitVpcCidr: string;
  readonly availabilityZones: string[];
  /** The region's Databricks workspace endpoint service (com.amazonaws.vpce.<region>.vpce-svc-...). */
  readonly workspaceService: string;
}

/**
 * Front-end PrivateLink: a transit VPC with one subnet per zone and an interface endpoint to the
 * region's Databricks workspace service, through which users and deploy runners reach the web
 * application and REST API (Databricks docs, "Configure inbound (front-end) private connectivity").
 * The transit VPC has no internet gateway; the corporate network reaches it by peering, a transit
 * gateway or a VPN, and resolves the workspace host to the endpoint through private DNS. HTTPS is
 * admitted from the transit range; widen the endpoint's security group to the ranges the corporate
 * network routes in.
 */
export class FrontEndEndpoint extends Construct {
  readonly vpc: Vpc;
  readonly endpoint: VpcEndpoint;

  constructor(scope: Construct, id: string, props: FrontEndEndpointProps) {
    super(scope, id);
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.transitVpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: `${props.name}-transit` },
    });
    new DefaultSecurityGroup(this, "default-sg-locked", { vpcId: this.vpc.id, tags: { Name: `${props.name}-transit-default-locked` } });
    const bits = transitSubnetNewBits(props.availabilityZones.length);
    const subnets = props.availabilityZones.map(
      (zone, i) =>
        new Subnet(this, `subnet-${zone}`, {
          vpcId: this.vpc.id,
          availabilityZone: zone,
          cidrBlock: Fn.cidrsubnet(props.transitVpcCidr, bits, i),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.name}-transit-${zone}` },
        }),
    );
    const sg = new SecurityGroup(this, "endpoint-sg", {
      name: `${props.name}-front-end-endpoint`,
      description: "HTTPS from the transit network to the Databricks front-end endpoint",
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-front-end-endpoint` },
    });
    new VpcSecurityGroupIngressRule(this, "ingress-https", {
      securityGroupId: sg.id,
      cidrIpv4: props.transitVpcCidr,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "Web application and REST API from the transit network",
    });
    this.endpoint = new VpcEndpoint(this, "endpoint", {
      vpcId: this.vpc.id,
      serviceName: props.workspaceService,
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: subnets.map((s) => s.id),
      securityGroupIds: [sg.id],
      tags: { Name: `${props.name}-front-end` },
    });
  }
}
