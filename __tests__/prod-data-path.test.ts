// Azure dev reads prod's private storage (docs/production-data-in-dev.md, "The network path on
// Azure"), as the synthesized stacks, the CI matrix and the bootstrap say.
import { loadCi } from "../config/ci";
import { github } from "../config/github";
import { loadEnvironments } from "../config/load";
import type { EnvironmentInput } from "../config/schema";
import { azureWorkspaceNames } from "../constructs/azure/workspace-names";
import { ciMatrix } from "../scripts/ci/matrix";
import { stateUsesOf } from "../stacks/bootstrap/state-uses";
import { examples, resourcesOf, synthBlueprint, synthBlueprintSelected, variant } from "./helpers";

const estate = (edit: { azdev?: (e: any) => void; azprod?: (e: any) => void } = {}): EnvironmentInput[] => [
  examples.dev,
  examples.prod,
  variant(examples.azdev, edit.azdev),
  variant(examples.azprod, edit.azprod),
];
const PATH = "azdev-prod-data-path";
const json = (text: string) => JSON.parse(text);
const single = <T>(items: T[]): T => {
  expect(items).toHaveLength(1);
  return items[0];
};

describe("the data-path stack of the examples (azdev reads azprod, whose storage is private)", () => {
  const envs = loadEnvironments(estate());
  const stacks = synthBlueprint(envs);
  const path = stacks[PATH];
  const endpoints = resourcesOf(path, "azurerm_private_endpoint");

  it("requests two private endpoints, dfs and blob, from azdev's endpoint subnet to azprod's storage account, for its owner to approve", () => {
    expect(endpoints.map((e) => e.private_service_connection.subresource_names).sort()).toEqual([["blob"], ["dfs"]]);
    // The account's id, assembled from what azprod's workspace stack synthesizes.
    const prodStack = json(stacks["azprod-azure-workspace"]);
    const prodGroup = single(Object.values<any>(prodStack.resource.azurerm_resource_group));
    const prodAccount = single(Object.values<any>(prodStack.resource.azurerm_storage_account));
    const prodAccountId = `/subscriptions/${envs[3].cloud === "azure" ? envs[3].azure.subscriptionId : ""}/resourceGroups/${prodGroup.name}/providers/Microsoft.Storage/storageAccounts/${prodAccount.name}`;
    expect(prodAccount.public_network_access_enabled).toBe(false);
    for (const endpoint of endpoints) {
      expect(endpoint.private_service_connection).toMatchObject({
        private_connection_resource_id: prodAccountId,
        is_manual_connection: true,
      });
      const message: string = endpoint.private_service_connection.request_message;
      expect(message).toMatch(/azdev.*azprod.*docs\/production-data-in-dev\.md/);
      expect(message.length).toBeLessThanOrEqual(140);
    }
    expect(json(path).output.prod_storage_endpoint_requests.value).toHaveLength(2);
  });

  it("takes the subnet and VNet ids azdev's workspace stack creates (names derived from config, checked against its synthesis)", () => {
    const dev = json(stacks["azdev-azure-workspace"]).resource;
    const group = single(Object.values<any>(dev.azurerm_resource_group));
    const vnet = single(Object.values<any>(dev.azurerm_virtual_network));
    const subnet = Object.values<any>(dev.azurerm_subnet).find((s) => s.name.endsWith("-endpoints"));
    expect(subnet?.address_prefixes).toEqual(["10.40.2.0/26"]);
    const vnetId = `/subscriptions/00000000-0000-4000-8000-00000000aa01/resourceGroups/${group.name}/providers/Microsoft.Network/virtualNetworks/${vnet.name}`;
    for (const endpoint of endpoints) expect(endpoint.subnet_id).toBe(`${vnetId}/subnets/${subnet.name}`);
    for (const link of resourcesOf(path, "azurerm_private_dns_zone_virtual_network_link")) expect(link.virtual_network_id).toBe(vnetId);
  });

  it("creates dfs and blob zones (azdev's storage is public, so it has none) linked with fallback to internet, and registers each endpoint there", () => {
    const zones = json(path).resource.azurerm_private_dns_zone;
    expect(
      Object.values<any>(zones)
        .map((z) => z.name)
        .sort(),
    ).toEqual(["privatelink.blob.core.windows.net", "privatelink.dfs.core.windows.net"]);
    const links = resourcesOf(path, "azurerm_private_dns_zone_virtual_network_link");
    expect(links).toHaveLength(2);
    for (const link of links) expect(link).toMatchObject({ resolution_policy: "NxDomainRedirect", registration_enabled: false });
    for (const endpoint of endpoints) {
      const service = endpoint.private_service_connection.subresource_names[0];
      const key = Object.keys(zones).find((k) => zones[k].name === `privatelink.${service}.core.windows.net`);
      expect(endpoint.private_dns_zone_group.private_dns_zone_ids).toEqual([`\${azurerm_private_dns_zone.${key}.id}`]);
    }
  });

  it("gives azdev's identity no right on azprod's storage: no role assignment in the stack, and the bootstrap's grants to azdev's identities stay out of azprod's resources", () => {
    expect(resourcesOf(path, "azurerm_role_assignment")).toHaveLength(0);
    const bootstrap = json(stacks["bootstrap-azure-00000000"]).resource;
    const azdevIdentities = new Set(
      Object.values<any>(bootstrap.azurerm_federated_identity_credential)
        .filter((c) => /:environment:azdev(-plan)?$/.test(c.subject))
        .map((c) => (c.user_assigned_identity_id ?? c.parent_id).replace(/\.id\}$/, ".principal_id}")),
    );
    expect(azdevIdentities.size).toBe(3); // plan, deploy, CI/CD
    const scopes = Object.values<any>(bootstrap.azurerm_role_assignment)
      .filter((a) => azdevIdentities.has(a.principal_id))
      .map((a) => a.scope as string);
    expect(scopes.length).toBeGreaterThan(0);
    for (const scope of scopes) {
      expect(scope).not.toBe("/subscriptions/00000000-0000-4000-8000-00000000aa02");
      expect(scope).not.toMatch(/rg-azprod-lakehouse|stlakehouseazprod/);
    }
    for (const role of Object.values<any>(bootstrap.azurerm_role_definition).filter((r) => r.name.endsWith("aa01")))
      expect(role.assignable_scopes).toEqual(["/subscriptions/00000000-0000-4000-8000-00000000aa01"]);
  });

  it("synthesizes the same whichever environments are selected: azdev alone writes it byte for byte", () => {
    expect(synthBlueprintSelected([envs[2]], envs)[PATH]).toBe(path);
  });
});

describe("the data path's variations", () => {
  it("reuses the reader's own storage zones when its storage is private too (one zone of a name per VNet link)", () => {
    const envs = loadEnvironments(
      estate({
        azdev: (e) => {
          e.azure.network.privateConnectivity = { storageAndKeyVault: true, endpointSubnetCidr: "10.40.2.0/26" };
          e.security.serverlessEgress = { enabled: true };
        },
      }),
    );
    const stacks = synthBlueprint(envs);
    expect(resourcesOf(stacks[PATH], "azurerm_private_dns_zone")).toHaveLength(0);
    expect(resourcesOf(stacks[PATH], "azurerm_private_dns_zone_virtual_network_link")).toHaveLength(0);
    const names = azureWorkspaceNames(envs[2] as never);
    const zoneIds = resourcesOf(stacks[PATH], "azurerm_private_endpoint").flatMap((e) => e.private_dns_zone_group.private_dns_zone_ids);
    expect(zoneIds.sort()).toEqual([names.storageZoneIds.blob, names.storageZoneIds.dfs]);
    // The workspace stack creates those zones, by those names, in that resource group.
    const own = resourcesOf(stacks["azdev-azure-workspace"], "azurerm_private_dns_zone").map((z) => z.name);
    expect(own).toEqual(expect.arrayContaining(["privatelink.dfs.core.windows.net", "privatelink.blob.core.windows.net"]));
    expect(names.storageZoneIds.dfs).toContain(
      `/resourceGroups/${names.resourceGroupName}/providers/Microsoft.Network/privateDnsZones/privatelink.dfs.core.windows.net`,
    );
    // With serverless egress on, its restricted policy admits prod's storage beside its own, and no second binding is made.
    const policy = single(resourcesOf(stacks["azdev-azure-workspace"], "databricks_account_network_policy"));
    const accounts = policy.egress.network_access.allowed_storage_destinations.map(
      (d: any) => `${d.azure_storage_account}/${d.azure_storage_service}`,
    );
    const ownAccount = "${azurerm_storage_account.lakehouse-storage_account_0FCD588E.name}";
    expect(accounts.sort()).toEqual([`${ownAccount}/blob`, `${ownAccount}/dfs`, "stlakehouseazprod/blob", "stlakehouseazprod/dfs"]);
    expect(resourcesOf(stacks["azdev-azure-workspace"], "databricks_mws_ncc_binding")).toHaveLength(1);
  });

  it("builds nothing when prod's storage is public: no data-path stack, no endpoint subnet, no binding", () => {
    const envs = loadEnvironments(
      estate({
        azprod: (e) => {
          e.azure.network.privateConnectivity.storageAndKeyVault = false;
        },
        azdev: (e) => {
          e.azure.network.privateConnectivity = {};
        },
      }),
    );
    const stacks = synthBlueprint(envs);
    expect(stacks[PATH]).toBeUndefined();
    expect(resourcesOf(stacks["azdev-azure-workspace"], "azurerm_subnet").map((s) => s.name)).not.toContain(
      "snet-azdev-lakehouse-endpoints",
    );
    expect(resourcesOf(stacks["azdev-azure-workspace"], "databricks_mws_ncc_binding")).toHaveLength(0);
  });
});

describe("CI for the data path", () => {
  // The examples as shipped: dev and azdev keep remote state (a reader of a prod catalog must).
  const all = loadEnvironments(estate());
  const matrix = ciMatrix(all, loadCi(github, all));

  it("applies it in an entry of its own after azprod's, as azdev (its GitHub environments, subscription and identities), keyed uniquely", () => {
    expect(matrix.include.map((e) => [e.key, e.name, e.stacks.split(" ").map((s) => s.split(":")[0])])).toEqual([
      ["dev", "dev", ["metastore", "workspace", "config"]],
      ["azdev", "azdev", ["metastore", "workspace", "config"]],
      ["prod", "prod", ["metastore", "workspace", "config"]],
      ["azprod", "azprod", ["metastore", "egress-hub", "workspace", "config"]],
      [PATH, "azdev", ["data-path"]],
    ]);
    const entry = matrix.include[4];
    expect(entry).toMatchObject({
      stacks: `data-path:${PATH}`,
      githubEnvironment: "azdev",
      githubPlanEnvironment: "azdev-plan",
      azureSubscriptionId: "00000000-0000-4000-8000-00000000aa01",
      jdbc: false,
      bringsOwnWorkspace: false,
    });
    expect(new Set(matrix.include.map((e) => e.key)).size).toBe(matrix.include.length);
  });

  it("lets azdev's pipeline use the data-path stack's state", () => {
    expect(stateUsesOf(all[2], all).flatMap((use) => use.keys)).toContain(`lakehouse/azdev/${PATH}.tfstate`);
  });
});
