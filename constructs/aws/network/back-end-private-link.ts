import { RouteTable } from "@cdktn/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktn/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktn/provider-aws/lib/security-group";
import { Subnet } from "@cdktn/provider-aws/lib/subnet";
import type { Vpc } from "@cdktn/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktn/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktn/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn } from "cdktn";
import type { Construct } from "constructs";
import type { DatabricksEndpointServices } from "../../../config/databricks-endpoint-services";
import { PRIVATE_LINK_PORTS } from "./databricks-ports";

export interface BackEndPrivateLinkProps {
  readonly name: string;
  readonly vpc: Vpc;
  readonly availabilityZones: readonly string[];
  /** The VPC's last private-sized block; the endpoint subnets take its upper half. */
  readonly lastBlock: string;
  /** Prefix length of that block. */
  readonly lastBlockPrefix: number;
  /** Prefix length of each endpoint subnet. */
  readonly endpointSubnetPrefix: number;
  /** The region's Databricks endpoint services (workspace REST API and relay). */
  readonly services: DatabricksEndpointServices;
  /** The workspace security group: the only clients admitted. */
  readonly clients: SecurityGroup;
}

/** What back-end PrivateLink adds: the endpoint subnets and the workspace (REST API) and relay endpoints. */
export interface BackEndPrivateLink {
  readonly subnets: Subnet[];
  readonly restApi: VpcEndpoint;
  readonly relay: VpcEndpoint;
}

/**
 * Back-end PrivateLink to the Databricks control plane, added to `scope` (the WorkspaceNetwork, so that
 * addresses do not move): endpoint subnets (one per zone, no route out of the VPC) in the upper half of
 * the last private-sized block, a security group admitting the Databricks ports from the workspace
 * group, and interface endpoints to the region's workspace and relay services with private DNS, so that
 * cluster nodes resolve the workspace's names to them (Databricks docs, "Configure classic private
 * connectivity to Databricks", steps for the VPC endpoints and their subnet).
 */
export function addBackEndPrivateLink(scope: Construct, props: BackEndPrivateLinkProps): BackEndPrivateLink {
  const upperHalf = Fn.cidrsubnet(props.lastBlock, 1, 1);
  const routeTable = new RouteTable(scope, "endpoint-rt", { vpcId: props.vpc.id, tags: { Name: `${props.name}-endpoints` } });
  const subnets = props.availabilityZones.map((zone, i) => {
    const subnet = new Subnet(scope, `endpoint-${zone}`, {
      vpcId: props.vpc.id,
      availabilityZone: zone,
      cidrBlock: Fn.cidrsubnet(upperHalf, props.endpointSubnetPrefix - (props.lastBlockPrefix + 1), i),
      mapPublicIpOnLaunch: false,
      tags: { Name: `${props.name}-endpoints-${zone}` },
    });
    new RouteTableAssociation(scope, `endpoint-rta-${zone}`, { subnetId: subnet.id, routeTableId: routeTable.id });
    return subnet;
  });
  const sg = new SecurityGroup(scope, "databricks-endpoint-sg", {
    name: `${props.name}-databricks-endpoints`,
    description: "Databricks PrivateLink endpoints: the workspace security group on the Databricks ports",
    vpcId: props.vpc.id,
    tags: { Name: `${props.name}-databricks-endpoints` },
  });
  for (const port of PRIVATE_LINK_PORTS) {
    new VpcSecurityGroupIngressRule(scope, `databricks-endpoint-ingress-${port.from}`, {
      securityGroupId: sg.id,
      referencedSecurityGroupId: props.clients.id,
      ipProtocol: "tcp",
      fromPort: port.from,
      toPort: port.to,
      description: `${port.why} from cluster nodes`,
    });
  }
  const endpoint = (id: string, serviceName: string) =>
    new VpcEndpoint(scope, id, {
      vpcId: props.vpc.id,
      serviceName,
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: subnets.map((s) => s.id),
      securityGroupIds: [sg.id],
      tags: { Name: `${props.name}-${id}` },
    });
  return {
    subnets,
    restApi: endpoint("databricks-rest-api", props.services.workspace),
    relay: endpoint("databricks-relay", props.services.relay),
  };
}
