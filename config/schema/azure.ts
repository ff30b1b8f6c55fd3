// Azure fields: subscription, tenant, Key Vault, storage account, the VNet and its Private Link.
import { z } from "zod";
import { baselineSwitch } from "../prod-baseline";
import { AZURE_DATABRICKS_REGIONS, REGION_MESSAGES } from "../regions";
import { azureEgressSchema } from "./egress";
import { cidr } from "./primitives";

// An Azure Resource Manager virtual network id (the "Resource ID" a VNet's JSON view shows).
const vnetId = z
  .string()
  .regex(
    /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w._()]{1,90}\/providers\/Microsoft\.Network\/virtualNetworks\/[-\w.]{2,64}$/,
    'is not a virtual network\'s resource id. Fix: copy it from `az network vnet show -g <group> -n <vnet> --query id -o tsv`, e.g. "/subscriptions/<uuid>/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"',
  );

/**
 * Private Link on Azure (Azure Databricks "Enable Azure Private Link back-end and front-end
 * connections"; Azure Private Link "Private endpoint DNS" for the zones). All off: the dev default,
 * no endpoint billed. Rules across fields (front-end needs back-end, the subnet fits the VNet) are in
 * ../rules/azure-network.
 */
const azurePrivateConnectivitySchema = z
  .strictObject({
    /** Clusters reach the control plane through a databricks_ui_api private endpoint in the VNet (no Databricks-managed NSG rules). Unset: on in prod. */
    backEnd: baselineSwitch,
    /** The workspace UI and API take no public traffic: users and the deploy pipeline come through the same endpoint (plus browser_authentication for SSO). */
    frontEnd: z.boolean().default(false),
    /** Private endpoints for the lakehouse storage account (dfs, blob) and the Key Vault; public network access off on both. */
    storageAndKeyVault: z.boolean().default(false),
    /** Subnet of the VNet for the private endpoints: outside the host and container subnets, at least a /28. */
    endpointSubnetCidr: cidr.optional(),
    /**
     * Further VNets linked to the private DNS zones (the deploy runners' network, a hub): from there the
     * workspace, vault and storage names resolve to the private endpoints. Peering is the team's own.
     */
    dnsLinkedVnetIds: z.array(vnetId).default([]),
  })
  .prefault({});

export const azureSchema = z.strictObject({
  subscriptionId: z.uuid({ message: "is not an Azure subscription id. Fix: copy the subscription's UUID" }),
  tenantId: z.uuid({ message: "is not an Entra tenant id. Fix: copy the directory (tenant) UUID" }),
  location: z.enum(AZURE_DATABRICKS_REGIONS, { message: REGION_MESSAGES.azure }),
  /** Object id of the "AzureDatabricks" enterprise application in this tenant (it wraps the managed-services key). */
  databricksEnterpriseAppObjectId: z.uuid({
    message: "is not an object id. Fix: run `az ad sp show --id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query id` and paste the result",
  }),
  /** Globally unique across Azure. */
  keyVaultName: z
    .string()
    .regex(
      /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/,
      'is not a valid Key Vault name (3-24 letters, digits and single hyphens, starting with a letter, not ending with a hyphen). Fix: e.g. "kv-lakehouse-dev"',
    ),
  /** Globally unique across Azure. */
  storageAccountName: z
    .string()
    .regex(
      /^[a-z0-9]{3,24}$/,
      'is not a valid storage account name (3-24 lowercase letters and digits, globally unique). Fix: e.g. "stlakehousedev01"',
    ),
  network: z.strictObject({
    vnetCidr: cidr,
    /** Bits added to the VNet prefix for the host and container subnets: /22 + 2 = /24 subnets. */
    subnetNewBits: z.number().int().min(1).max(10).default(2),
    privateConnectivity: azurePrivateConnectivitySchema,
    /** Where classic compute may send traffic: open, or through the region's hub firewall (./egress). */
    egress: azureEgressSchema,
  }),
});
