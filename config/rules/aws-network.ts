// AWS network layout rules: zones, the VPC carving into private subnets, the NAT block and the PrivateLink endpoint subnets.
import { type AwsPrivateConnectivity, checkPrivateConnectivity } from "./aws-private-connectivity";
import { checkCarving, PUBLIC_SUBNET_PREFIX } from "./network-carving";
import type { AddProblem } from "./problem";

/**
 * Takes an AWS environment's network; reports a VPC outside /16-/24, private subnets outside
 * Databricks' /17-/26, zones that are not the region's or are listed twice, and carvings whose netnums
 * do not fit: zones plus the NAT block in the VPC, one /28 per NAT gateway in the last block.
 */
export function checkAwsNetwork(
  network: {
    vpcCidr: string;
    availabilityZones: string[];
    privateSubnetNewBits: number;
    natGatewayPerAz: boolean;
    privateConnectivity?: AwsPrivateConnectivity;
  },
  region: string,
  add: AddProblem,
): void {
  const path = ["aws", "network"];
  network.availabilityZones.forEach((zone, i) => {
    if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
      add([...path, "availabilityZones", i], `"${zone}" is not a zone of ${region}. Fix: use names such as "${region}a"`);
    } else if (network.availabilityZones.indexOf(zone) !== i) {
      add(
        [...path, "availabilityZones", i],
        `"${zone}" is listed twice; each subnet must be in a different zone. Fix: remove the duplicate`,
      );
    }
  });
  const zones = network.availabilityZones.length;
  const privatePrefix = checkCarving(
    {
      cidr: network.vpcCidr,
      newBits: network.privateSubnetNewBits,
      path,
      cidrField: "vpcCidr",
      bitsField: "privateSubnetNewBits",
      cloud: "aws",
      netnumsNeeded: zones + 1,
      what: `${zones} private subnets and the NAT block after them`,
    },
    add,
  );
  const privateLink = network.privateConnectivity;
  if (privateLink) checkPrivateConnectivity(privateLink, network.vpcCidr, zones, region, add);
  if (privatePrefix === undefined || privatePrefix > PUBLIC_SUBNET_PREFIX) return;
  const natGateways = network.natGatewayPerAz ? zones : 1;
  if (privateLink?.backEnd) {
    checkEndpointSubnets(privateLink.endpointSubnetPrefix, privatePrefix, zones, natGateways, add);
    return;
  }
  const slots = 2 ** (PUBLIC_SUBNET_PREFIX - privatePrefix);
  if (natGateways > slots) {
    add(
      [...path, "natGatewayPerAz"],
      `puts ${natGateways} NAT gateways in /${PUBLIC_SUBNET_PREFIX} public subnets carved from the last /${privatePrefix} block, which holds ${slots}; cidrsubnet would fail for netnum ${slots}. Fix: set natGatewayPerAz: false, list at most ${slots} zones, or use larger private subnets (lower privateSubnetNewBits or a larger vpcCidr)`,
    );
  }
}

/** With back-end PrivateLink the last private-sized block holds NAT /28s in its lower half and one endpoint subnet per zone in its upper half. */
function checkEndpointSubnets(endpointPrefix: number, privatePrefix: number, zones: number, natGateways: number, add: AddProblem): void {
  const path = ["aws", "network", "privateConnectivity", "endpointSubnetPrefix"];
  const halfPrefix = privatePrefix + 1;
  if (endpointPrefix < halfPrefix) {
    add(
      path,
      `(${endpointPrefix}) asks for /${endpointPrefix} endpoint subnets, larger than the /${halfPrefix} half of the last /${privatePrefix} block that holds them. Fix: use a prefix between ${halfPrefix} and ${PUBLIC_SUBNET_PREFIX}`,
    );
    return;
  }
  const endpointSlots = 2 ** (endpointPrefix - halfPrefix);
  if (zones > endpointSlots) {
    add(
      path,
      `(${endpointPrefix}) fits ${endpointSlots} endpoint subnets in the /${halfPrefix} half of the last private-sized block, too few for ${zones} zones; cidrsubnet would fail. Fix: raise it to ${halfPrefix + Math.ceil(Math.log2(zones))} or more (at most ${PUBLIC_SUBNET_PREFIX}), or use larger private subnets`,
    );
  }
  const natSlots = 2 ** (PUBLIC_SUBNET_PREFIX - halfPrefix);
  if (natGateways > natSlots) {
    add(
      ["aws", "network", "natGatewayPerAz"],
      `puts ${natGateways} NAT gateways in /${PUBLIC_SUBNET_PREFIX} subnets, but with PrivateLink only the lower /${halfPrefix} half of the last block is theirs, which holds ${natSlots}. Fix: set natGatewayPerAz: false, or use larger private subnets (lower privateSubnetNewBits or a larger vpcCidr)`,
    );
  }
}
