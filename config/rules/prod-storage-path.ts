import type { Environment } from "../types";
import { checkEndpointSubnetCidr, freeEndpointBlock } from "./azure-network";
import type { AddProblem } from "./problem";

// Dev reads prod on Azure (docs/production-data-in-dev.md, "The network path on Azure"): a prod
// lakehouse storage account with public network access off is reached only through private
// endpoints, so a reader needs them in its own VNet (classic clusters; stacks/prod-data-path-stack.ts)
// and its workspace bound to the region's network connectivity configuration, whose endpoint rules to
// prod's account the prod environment already holds (serverless compute; stacks/azure-serverless-access.ts).

/**
 * Takes every configured environment; for each Azure environment whose workspace the blueprint
 * creates and whose developers read an Azure prod catalog on private storage
 * (unityCatalog.readsProdCatalogOf naming a prod with azure.network.privateConnectivity.storageAndKeyVault),
 * reports an endpoint subnet missing or unusable: the data-path stack's endpoints take their
 * addresses there. A reader with Private Link of its own has its
 * endpoint subnet checked by ./azure-network already.
 */
export function checkProdStoragePaths(envs: readonly Environment[], add: AddProblem): void {
  envs.forEach((reader, index) => {
    if (reader.cloud !== "azure" || reader.databricks.existingWorkspaceHost !== undefined) return;
    const prod = envs.find((env) => env.name === reader.unityCatalog.readsProdCatalogOf && env.name !== reader.name);
    if (prod?.cloud !== "azure" || prod.stage !== "prod" || !prod.azure.network.privateConnectivity.storageAndKeyVault) return;
    const why = `${reader.name} reads ${prod.name}'s catalog (unityCatalog.readsProdCatalogOf), whose storage account takes private endpoint traffic only`;
    const { network } = reader.azure;
    const privately = network.privateConnectivity;
    if (privately.backEnd || privately.frontEnd || privately.storageAndKeyVault) return;
    if (privately.endpointSubnetCidr === undefined) {
      const free = freeEndpointBlock(network);
      add(
        [index, "azure", "network", "privateConnectivity", "endpointSubnetCidr"],
        `is missing; ${why}, and the private endpoints that let ${reader.name}'s clusters reach it need a subnet of ${network.vnetCidr}. Fix: give a /28 to /26 block of the VNet outside the host and container subnets${free ? `, e.g. "${free}"` : ""}, or remove unityCatalog.readsProdCatalogOf`,
      );
      return;
    }
    checkEndpointSubnetCidr({ ...network, endpointSubnetCidr: privately.endpointSubnetCidr }, (path, message) =>
      add([index, ...path], message),
    );
  });
}
