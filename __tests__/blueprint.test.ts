// How the blueprint composes stacks: per environment, per shared metastore, and for serverless egress.
import { Testing } from "cdktn";
import { loadEnvironments } from "../config/load";
import { addEnvironment, stackNames, systemTablesOwnedBy } from "../stacks/blueprint";
import { exampleEnvironments, examples, resourcesOf, standalone, synthBlueprint, variant } from "./helpers";

const envs = exampleEnvironments();
const stacks = synthBlueprint(Object.values(envs));

describe("serverless egress", () => {
  it("puts one network connectivity configuration per region in the shared stack, only when an environment there enables serverless egress", () => {
    for (const [stack, region] of [
      ["metastore-aws-eu-west-1-00000000", "eu-west-1"],
      ["metastore-azure-westeurope-00000000", "westeurope"],
    ]) {
      expect(resourcesOf(stacks[stack], "databricks_mws_network_connectivity_config")).toEqual([
        expect.objectContaining({ name: `lakehouse-${region}`, region, provider: "databricks.account" }),
      ]);
    }
    const devOnly = loadEnvironments([standalone(examples.dev)]);
    expect(
      resourcesOf(synthBlueprint(devOnly)["metastore-aws-eu-west-1-00000000"], "databricks_mws_network_connectivity_config"),
    ).toHaveLength(0);
  });

  it.each([
    ["prod", "aws"],
    ["azprod", "azure"],
  ])("%s binds its workspace to the region's NCC and to its own restricted policy", (name, cloud) => {
    const out = stacks[`${name}-${cloud}-workspace`];
    const [binding] = resourcesOf(out, "databricks_mws_ncc_binding");
    expect(binding.network_connectivity_config_id).toMatch(
      new RegExp(
        `cross-stack-reference-input-metastore-${cloud}-[a-z0-9-]+\\.outputs\\.cross-stack-output-databricks_mws_network_connectivity_config`,
      ),
    );
    const [policy] = resourcesOf(out, "databricks_account_network_policy");
    expect(policy).toMatchObject({ network_policy_id: `${name}-egress`, provider: "databricks.account" });
    const access = policy.egress.network_access;
    expect(access).toMatchObject({ restriction_mode: "RESTRICTED_ACCESS", policy_enforcement: { enforcement_mode: "ENFORCED" } });
    expect(access.allowed_internet_destinations).toEqual([
      { destination: "pypi.org", internet_destination_type: "DNS_NAME" },
      { destination: "files.pythonhosted.org", internet_destination_type: "DNS_NAME" },
    ]);
    const storageTypes = access.allowed_storage_destinations.map((d: { storage_destination_type: string }) => d.storage_destination_type);
    expect(new Set(storageTypes)).toEqual(new Set([cloud === "aws" ? "AWS_S3" : "AZURE_STORAGE"]));
    const [option] = resourcesOf(out, "databricks_workspace_network_option");
    expect(option.network_policy_id).toMatch(/^\$\{databricks_account_network_policy\.[^}]+\.network_policy_id\}$/);
    expect(option.workspace_id).toBe(binding.workspace_id);
  });

  it("azprod asks for serverless private endpoints (dfs, blob) to its own storage account and names them for approval", () => {
    const out = stacks["azprod-azure-workspace"];
    const rules = resourcesOf(out, "databricks_mws_ncc_private_endpoint_rule");
    expect(rules.map((r) => r.group_id).sort()).toEqual(["blob", "dfs"]);
    expect(rules.every((r) => /^\$\{azurerm_storage_account\.lakehouse-storage_account_[0-9A-F]+\.id\}$/.test(r.resource_id))).toBe(true);
    expect(JSON.parse(out).output.serverless_storage_endpoints.value).toHaveLength(2);
  });

  it.each(["dev-aws-workspace", "azdev-azure-workspace"])("%s (dev) has no endpoint, rule or policy: its cost is unchanged", (name) => {
    for (const type of [
      "azurerm_private_endpoint",
      "azurerm_private_dns_zone",
      "databricks_mws_ncc_private_endpoint_rule",
      "databricks_account_network_policy",
      "databricks_workspace_network_option",
    ]) {
      expect(resourcesOf(stacks[name], type)).toHaveLength(0);
    }
  });

  it("binds azdev, which reads azprod's private storage, to the region's NCC alone (its rules to azprod's account serve it); dev stays unbound", () => {
    expect(resourcesOf(stacks["dev-aws-workspace"], "databricks_mws_ncc_binding")).toHaveLength(0);
    const [binding, ...more] = resourcesOf(stacks["azdev-azure-workspace"], "databricks_mws_ncc_binding");
    expect(more).toHaveLength(0);
    expect(binding.network_connectivity_config_id).toMatch(
      /cross-stack-reference-input-metastore-azure-westeurope-[a-z0-9-]+\.outputs\.cross-stack-output-databricks_mws_network_connectivity_config/,
    );
    expect(binding.network_connectivity_config_id).toBe(
      resourcesOf(stacks["azprod-azure-workspace"], "databricks_mws_ncc_private_endpoint_rule")[0].network_connectivity_config_id,
    );
  });
});

describe("blueprint", () => {
  it("adds the metastore stack once per account and region", () => {
    const app = Testing.app();
    addEnvironment(app, envs.dev, [envs.dev, envs.prod]);
    addEnvironment(app, envs.prod, [envs.dev, envs.prod]);
    expect(app.node.children.map((c) => c.node.id)).toEqual([
      "metastore-aws-eu-west-1-00000000",
      "dev-aws-workspace",
      "dev-workspace-config",
      "prod-aws-workspace",
      "prod-workspace-config",
    ]);
    expect(stackNames(envs.azdev)).toEqual({
      workspace: "azdev-azure-workspace",
      config: "azdev-workspace-config",
      prodDataPath: "azdev-prod-data-path",
    });
  });

  it("refuses a shared stack derived from fewer environments than one of them needs (no NCC for serverless egress)", () => {
    const app = Testing.app();
    addEnvironment(app, envs.dev);
    expect(() => addEnvironment(app, envs.prod)).toThrow(
      /built without the network connectivity configuration that prod .* Fix: pass every configured environment as `all`/,
    );
  });

  it("adopts an existing metastore without a metastore stack", () => {
    const app = Testing.app();
    const [adopting] = loadEnvironments([
      variant(examples.dev, (e) => (e.unityCatalog = { metastore: { mode: "adopt", id: "11111111-2222-4333-8444-555555555555" } })),
    ]);
    addEnvironment(app, adopting);
    expect(app.node.children.map((c) => c.node.id)).toEqual(["dev-aws-workspace", "dev-workspace-config"]);
  });

  it("counts a metastore adopted by id as the region's one metastore: one environment there holds the system tables", () => {
    // Every environment of an account and region states the same choice (config/rules/metastores.ts).
    const adopt = { mode: "adopt", id: "11111111-2222-4333-8444-555555555555" };
    const dev = variant(examples.dev, (e) => (e.unityCatalog = { metastore: adopt }));
    const qa = variant(examples.dev, (e) => {
      e.name = "qa";
      e.stage = "test";
      e.aws.network.vpcCidr = "10.60.0.0/16";
      e.unityCatalog = { metastore: adopt };
    });
    const loaded = loadEnvironments([dev, qa]);
    expect(systemTablesOwnedBy(loaded[0], loaded)?.readers).toEqual([
      "dev-platform-admins",
      "dev-auditors",
      "qa-platform-admins",
      "qa-auditors",
    ]);
    expect(systemTablesOwnedBy(loaded[1], loaded)).toBeUndefined();
  });

  it("configures an existing workspace without creating one", () => {
    const app = Testing.app();
    const [byo] = loadEnvironments([
      variant(
        standalone(examples.dev),
        (e) => (
          (e.databricks.existingWorkspaceHost = "https://dbc-1234.cloud.databricks.com"),
          (e.databricks.existingWorkspaceId = "1234567890123456")
        ),
      ),
    ]);
    addEnvironment(app, byo);
    expect(app.node.children.map((c) => c.node.id)).toEqual(["dev-workspace-config"]);
  });
});
