// Deploy-time faults kept away: grants used in the apply that makes them, and a lockdown the shipped
// pipeline could not pass.
import { exampleEnvironments, resourcesOf, synthBlueprint } from "./helpers";

const envs = exampleEnvironments();
const stacks = synthBlueprint(Object.values(envs));

describe("grants made in the same apply are in force before they are used", () => {
  const parsed = (name: string) => JSON.parse(stacks[name]) as { resource: Record<string, Record<string, any>> };
  /** The role assignments a resource waits for: through time_sleep depends_on, never directly. */
  const waitedGrants = (stack: ReturnType<typeof parsed>, dependsOn: string[] = []) =>
    dependsOn.flatMap((dep) => {
      const [type, name] = dep.split(".");
      expect(type).toBe("time_sleep");
      return (stack.resource.time_sleep[name].depends_on as string[]).map((g) => g.replace(/_[0-9A-F]{8}$/, ""));
    });

  it.each(["azdev", "azprod"])(
    "%s: keys wait for the deployer's role, the workspace and encryption settings for the key-wrapping roles",
    (name) => {
      const stack = parsed(`${name}-azure-workspace`);
      // A private vault's keys also wait for its endpoint (not a grant: checked in the Private Link tests).
      const notEndpoint = (deps: string[]) => deps.filter((d) => !d.startsWith("azurerm_private_endpoint."));
      for (const key of Object.values(stack.resource.azurerm_key_vault_key))
        expect(waitedGrants(stack, notEndpoint(key.depends_on))).toEqual(["azurerm_role_assignment.keys_deployer-crypto-officer"]);
      const [workspace] = Object.values(stack.resource.azurerm_databricks_workspace);
      expect(waitedGrants(stack, workspace.depends_on)).toEqual(["azurerm_role_assignment.keys_databricks-wraps-keys"]);
      const [dbfsKey] = Object.values(stack.resource.azurerm_databricks_workspace_root_dbfs_customer_managed_key);
      expect(waitedGrants(stack, dbfsKey.depends_on)).toEqual(["azurerm_role_assignment.keys_dbfs-root-wrap"]);
      const [storageKey] = Object.values(stack.resource.azurerm_storage_account_customer_managed_key);
      expect(waitedGrants(stack, storageKey.depends_on)).toEqual(["azurerm_role_assignment.keys_lakehouse-storage-wrap"]);
    },
  );

  it.each([
    ["dev", "aws"],
    ["azdev", "azure"],
  ])("%s: what the config stack uses after a grant comes through the wait's triggers", (name, cloud) => {
    const config = stacks[`${name}-workspace-config`];
    const waited = (value: string) =>
      expect(value).toMatch(
        new RegExp(
          `cross-stack-reference-input-${name}-${cloud}-workspace\\.outputs\\.cross-stack-output-time_sleep[^.]+triggers\\.[a-z_]+\\}$`,
        ),
      );
    for (const location of resourcesOf(config, "databricks_external_location"))
      waited(
        cloud === "aws"
          ? location.credential_name
          : location.credential_name.replace(
              /.*/,
              resourcesOf(config, "databricks_storage_credential")[0].azure_managed_identity.access_connector_id,
            ),
      );
    if (cloud === "aws") {
      waited(resourcesOf(config, "databricks_instance_profile")[0].instance_profile_arn);
    } else {
      const [scope] = resourcesOf(config, "databricks_secret_scope");
      waited(scope.keyvault_metadata.resource_id);
      waited(resourcesOf(config, "databricks_mount")[0].abfs.storage_account_name);
    }
  });
});

describe("the shipped pipeline can reach what it deploys", () => {
  it.each(["dev", "prod", "azdev", "azprod"])(
    "%s: the deployers' ranges are an allow list of the workspace, and the vault and storage firewalls admit them",
    (name) => {
      const env = envs[name];
      const lists = resourcesOf(stacks[`${name}-workspace-config`], "databricks_ip_access_list");
      expect(lists.find((l) => l.label === `${name}-deploy-pipeline`)).toMatchObject({
        list_type: "ALLOW",
        ip_addresses: env.security.deployerIpRanges,
      });
      if (env.cloud === "azure" && !env.azure.network.privateConnectivity.storageAndKeyVault) {
        const workspace = stacks[`${name}-azure-workspace`];
        expect(resourcesOf(workspace, "azurerm_key_vault")[0].network_acls.ip_rules).toEqual(
          expect.arrayContaining(env.security.deployerIpRanges),
        );
        expect(resourcesOf(workspace, "azurerm_storage_account")[0].network_rules.ip_rules).toEqual(
          expect.arrayContaining(env.security.deployerIpRanges),
        );
      }
    },
  );

  it("azprod: with everything private, the runners' VNet resolves every private zone, and nothing public is left open", () => {
    const env = envs.azprod;
    if (env.cloud !== "azure") throw new Error("azprod is an Azure environment");
    const workspace = stacks["azprod-azure-workspace"];
    const zones = resourcesOf(workspace, "azurerm_private_dns_zone")
      .map((z) => z.name)
      .sort();
    expect(zones).toEqual([
      "privatelink.azuredatabricks.net",
      "privatelink.blob.core.windows.net",
      "privatelink.dfs.core.windows.net",
      "privatelink.vaultcore.azure.net",
    ]);
    const [runners] = env.azure.network.privateConnectivity.dnsLinkedVnetIds;
    expect(
      resourcesOf(workspace, "azurerm_private_dns_zone_virtual_network_link").filter((l) => l.virtual_network_id === runners),
    ).toHaveLength(zones.length);
    expect(resourcesOf(workspace, "azurerm_key_vault")[0].public_network_access_enabled).toBe(false);
    expect(resourcesOf(workspace, "azurerm_storage_account")[0].public_network_access_enabled).toBe(false);
    expect(resourcesOf(workspace, "azurerm_databricks_workspace")[0].public_network_access_enabled).toBe(false);
  });

  it("plans and deploys only from the runners whose egress those ranges describe", () => {
    const { readFileSync } = jest.requireActual<typeof import("node:fs")>("node:fs");
    const { join } = jest.requireActual<typeof import("node:path")>("node:path");
    const workflow = (file: string) => readFileSync(join(__dirname, "..", ".github", "workflows", file), "utf8");
    const runsOn = (text: string, job: string) => new RegExp(`\\n  ${job}:\\n(?:    .*\\n|\\s*\\n)*?    runs-on: (.+)\\n`).exec(text)?.[1];
    expect(runsOn(workflow("deploy.yml"), "deploy")).toBe("[self-hosted, lakehouse-deployer]");
    expect(runsOn(workflow("pull-request.yml"), "plan")).toBe("[self-hosted, lakehouse-deployer]");
    // The test job touches no cloud and stays on GitHub's runners.
    expect(runsOn(workflow("pull-request.yml"), "test")).toBe("ubuntu-latest");
  });
});
