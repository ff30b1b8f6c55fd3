import type { RouteTable } from "@cdktn/provider-aws/lib/route-table";
import { SecurityGroup } from "@cdktn/provider-aws/lib/security-group";
import type { Subnet } from "@cdktn/provider-aws/lib/subnet";
import type { Vpc } from "@cdktn/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktn/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktn/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Construct } from "constructs";

// Private endpoints to the AWS services a workspace uses (S3, STS, Kinesis), so that storage and
// credential traffic stays on the AWS network. Added to the scope given (the WorkspaceNetwork), so
// that addresses do not move.

/** Takes the VPC and the private route tables; adds the S3 gateway endpoint on those tables and gives it. */
export function addS3GatewayEndpoint(
  scope: Construct,
  props: { name: string; region: string; vpc: Vpc; routeTables: readonly RouteTable[] },
): VpcEndpoint {
  return new VpcEndpoint(scope, "s3-endpoint", {
    vpcId: props.vpc.id,
    serviceName: `com.amazonaws.${props.region}.s3`,
    vpcEndpointType: "Gateway",
    routeTableIds: props.routeTables.map((rt) => rt.id),
    tags: { Name: `${props.name}-s3` },
  });
}

export interface InterfaceEndpointsProps {
  readonly name: string;
  readonly region: string;
  readonly vpc: Vpc;
  /** The subnets the endpoints' network interfaces go in (the private ones). */
  readonly subnets: readonly Subnet[];
  /** The security group of the clients (the workspace group): the only one admitted, on HTTPS. */
  readonly clients: SecurityGroup;
}

/**
 * Adds interface endpoints, with private DNS, for STS and Kinesis, behind a security group admitting
 * HTTPS from the clients' group only; gives the two endpoints.
 */
export function addStsAndKinesisEndpoints(scope: Construct, props: InterfaceEndpointsProps): { sts: VpcEndpoint; kinesis: VpcEndpoint } {
  const endpointSg = new SecurityGroup(scope, "endpoint-sg", {
    name: `${props.name}-interface-endpoints`,
    description: "HTTPS from Databricks cluster nodes to AWS interface endpoints",
    vpcId: props.vpc.id,
    tags: { Name: `${props.name}-interface-endpoints` },
  });
  new VpcSecurityGroupIngressRule(scope, "endpoint-ingress-https", {
    securityGroupId: endpointSg.id,
    referencedSecurityGroupId: props.clients.id,
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    description: "HTTPS from cluster nodes",
  });
  const [sts, kinesis] = ["sts", "kinesis-streams"].map(
    (service) =>
      new VpcEndpoint(scope, `${service}-endpoint`, {
        vpcId: props.vpc.id,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: props.subnets.map((s) => s.id),
        securityGroupIds: [endpointSg.id],
        tags: { Name: `${props.name}-${service}` },
      }),
  );
  return { sts, kinesis };
}
