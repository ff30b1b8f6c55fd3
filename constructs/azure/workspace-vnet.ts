import { NatGateway } from "@cdktn/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktn/provider-azurerm/lib/nat-gateway-public-ip-association";
import { NetworkSecurityGroup } from "@cdktn/provider-azurerm/lib/network-security-group";
import { PublicIp } from "@cdktn/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktn/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktn/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktn/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktn/provider-azurerm/lib/virtual-network";
import { Fn } from "cdktn";
import { Construct } from "constructs";

export interface WorkspaceVnetProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly vnetCidr: string;
  readonly subnetNewBits: number;
  /** A subnet for private endpoints (Private Link on): not delegated, behind its own security group. */
  readonly endpointSubnetCidr?: string;
  /** false where the subnets' internet traffic goes through the egress hub's firewall instead (./egress/spoke-egress.ts). Default true. */
  readonly natGateway?: boolean;
  readonly tags: Record<string, string>;
}

const DELEGATION = [
  {
    name: "databricks",
    serviceDelegation: {
      name: "Microsoft.Databricks/workspaces",
      actions: [
        "Microsoft.Network/virtualNetworks/subnets/join/action",
        "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action",
        "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action",
      ],
    },
  },
];

/**
 * VNet injection for Azure Databricks: a host ("public") and a container ("private") subnet, both
 * delegated to Databricks and without public IPs on nodes (secure cluster connectivity), a network
 * security group whose rules Databricks manages, and a NAT gateway for stable egress (unless the
 * egress firewall takes that role, `natGateway: false`). With
 * `endpointSubnetCidr`, a third subnet holds private endpoints (see PrivateLink).
 */
export class WorkspaceVnet extends Construct {
  readonly vnet: VirtualNetwork;
  readonly hostSubnet: Subnet;
  readonly containerSubnet: Subnet;
  readonly hostNsgAssociation: SubnetNetworkSecurityGroupAssociation;
  readonly containerNsgAssociation: SubnetNetworkSecurityGroupAssociation;
  /** Present when `endpointSubnetCidr` was given. */
  readonly endpointSubnet?: Subnet;

  constructor(scope: Construct, id: string, props: WorkspaceVnetProps) {
    super(scope, id);
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };
    this.vnet = new VirtualNetwork(this, "vnet", { ...common, name: `vnet-${props.name}`, addressSpace: [props.vnetCidr] });
    const nsg = new NetworkSecurityGroup(this, "nsg", { ...common, name: `nsg-${props.name}-databricks` });

    const subnet = (key: "host" | "container", index: number) =>
      new Subnet(this, `${key}-subnet`, {
        name: `snet-${props.name}-${key}`,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.vnet.name,
        addressPrefixes: [Fn.cidrsubnet(props.vnetCidr, props.subnetNewBits, index)],
        delegation: DELEGATION,
        // Storage and Key Vault are reached over service endpoints so their firewalls can deny everything else.
        serviceEndpoints: ["Microsoft.Storage", "Microsoft.KeyVault"],
        defaultOutboundAccessEnabled: false,
      });
    this.hostSubnet = subnet("host", 0);
    this.containerSubnet = subnet("container", 1);
    this.hostNsgAssociation = new SubnetNetworkSecurityGroupAssociation(this, "host-nsg", {
      subnetId: this.hostSubnet.id,
      networkSecurityGroupId: nsg.id,
    });
    this.containerNsgAssociation = new SubnetNetworkSecurityGroupAssociation(this, "container-nsg", {
      subnetId: this.containerSubnet.id,
      networkSecurityGroupId: nsg.id,
    });

    if (props.endpointSubnetCidr !== undefined) {
      this.endpointSubnet = new Subnet(this, "endpoint-subnet", {
        name: `snet-${props.name}-endpoints`,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.vnet.name,
        addressPrefixes: [props.endpointSubnetCidr],
        // Security group rules apply to the endpoints' traffic too (Azure Private Link "Manage network policies for private endpoints").
        privateEndpointNetworkPolicies: "Enabled",
        defaultOutboundAccessEnabled: false,
      });
      // Its own group: Databricks manages the rules of the workspace group; the defaults admit the VNet only.
      const endpointNsg = new NetworkSecurityGroup(this, "endpoint-nsg", { ...common, name: `nsg-${props.name}-endpoints` });
      new SubnetNetworkSecurityGroupAssociation(this, "endpoint-subnet-nsg", {
        subnetId: this.endpointSubnet.id,
        networkSecurityGroupId: endpointNsg.id,
      });
    }

    if (props.natGateway === false) return;
    const ip = new PublicIp(this, "nat-ip", { ...common, name: `pip-${props.name}-nat`, allocationMethod: "Static", sku: "Standard" });
    const nat = new NatGateway(this, "nat", { ...common, name: `ng-${props.name}`, skuName: "Standard", idleTimeoutInMinutes: 10 });
    new NatGatewayPublicIpAssociation(this, "nat-ip-association", { natGatewayId: nat.id, publicIpAddressId: ip.id });
    new SubnetNatGatewayAssociation(this, "host-nat", { subnetId: this.hostSubnet.id, natGatewayId: nat.id });
    new SubnetNatGatewayAssociation(this, "container-nat", { subnetId: this.containerSubnet.id, natGatewayId: nat.id });
  }
}
