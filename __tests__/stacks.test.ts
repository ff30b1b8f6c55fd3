import { Testing } from "cdktf";
import { AwsWorkspaceStack } from "../stacks/aws-workspace-stack";
import { WorkspaceConfigStack } from "../stacks/workspace-config-stack";
import { addEnvironment, stackNames } from "../stacks/blueprint";
import { loadEnvironments } from "../config/load";
import { dataSourcesOf, examples, exampleEnvironments, resourcesOf, variant } from "./helpers";

const envs = exampleEnvironments();

function synthWorkspace(name: string): string {
  return Testing.synth(new AwsWorkspaceStack(Testing.app(), `${name}-aws-workspace`, envs[name]));
}
function synthConfig(name: string): string {
  return Testing.synth(new WorkspaceConfigStack(Testing.app(), `${name}-workspace-config`, { env: envs[name], workspaceHost: `https://${name}.cloud.databricks.com` }));
}

const typesIn = (synthesized: string, section: "resource" | "data") => Object.keys((JSON.parse(synthesized) as Record<string, object>)[section] ?? {}).sort();

describe("AWS workspace stack", () => {
  it.each(["dev", "prod"])("%s holds every resource the workspace needs", (name) => {
    const out = synthWorkspace(name);
    expect(typesIn(out, "resource")).toEqual(
      expect.arrayContaining([
        "aws_vpc", "aws_subnet", "aws_nat_gateway", "aws_internet_gateway", "aws_security_group", "aws_vpc_security_group_egress_rule",
        "aws_vpc_security_group_ingress_rule", "aws_vpc_endpoint", "aws_s3_bucket", "aws_s3_bucket_versioning",
        "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block", "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_policy", "aws_iam_role", "aws_iam_role_policy", "aws_kms_key", "aws_kms_alias", "time_sleep",
        "databricks_mws_credentials", "databricks_mws_storage_configurations", "databricks_mws_networks",
        "databricks_mws_customer_managed_keys", "databricks_mws_workspaces",
      ]),
    );
    expect(typesIn(out, "data")).toEqual(["aws_iam_policy_document", "databricks_aws_assume_role_policy", "databricks_aws_bucket_policy", "databricks_aws_crossaccount_policy"]);
    expect(Object.keys(JSON.parse(out).output)).toEqual(["workspace_id", "workspace_url"]);
    expect(resourcesOf(out, "databricks_group").map((g) => g.display_name).sort()).toEqual([`${name}-analysts`, `${name}-data-engineers`, `${name}-data-scientists`, `${name}-platform-admins`]);
    expect(resourcesOf(out, "databricks_mws_permission_assignment")).toHaveLength(5);
  });

  it("delivers audit logs from prod only (one account-wide delivery)", () => {
    expect(resourcesOf(synthWorkspace("prod"), "databricks_mws_log_delivery")).toHaveLength(1);
    expect(resourcesOf(synthWorkspace("dev"), "databricks_mws_log_delivery")).toHaveLength(0);
  });

  it("differs between dev and prod the way the config says", () => {
    const dev = synthWorkspace("dev");
    const prod = synthWorkspace("prod");
    expect(resourcesOf(dev, "aws_nat_gateway")).toHaveLength(1);
    expect(resourcesOf(prod, "aws_nat_gateway")).toHaveLength(3);
    expect(resourcesOf(dev, "aws_vpc")[0].cidr_block).toBe("10.20.0.0/16");
    expect(resourcesOf(prod, "aws_vpc")[0].cidr_block).toBe("10.30.0.0/16");
    // Prod data stores and keys cannot be destroyed by an apply; dev ones can.
    for (const type of ["aws_s3_bucket", "aws_kms_key"]) {
      expect(resourcesOf(prod, type).every((r) => r.lifecycle?.prevent_destroy === true)).toBe(true);
      expect(resourcesOf(dev, type).some((r) => r.lifecycle?.prevent_destroy)).toBe(false);
    }
    expect(resourcesOf(prod, "aws_s3_bucket").some((r) => "force_destroy" in r)).toBe(false);
  });

  it("uses the account-level provider for every Databricks resource and data source", () => {
    const out = synthWorkspace("dev");
    const parsed = JSON.parse(out);
    const databricks = [...Object.entries(parsed.resource), ...Object.entries(parsed.data)].filter(([type]) => type.startsWith("databricks_")).flatMap(([, byName]) => Object.values(byName as object));
    expect(databricks.length).toBeGreaterThan(5);
    expect(databricks.every((r: any) => r.provider === "databricks.account")).toBe(true);
    expect(dataSourcesOf(out, "databricks_aws_bucket_policy")[0].bucket).toBe("dev-lakehouse-root-111111111111");
  });

  it.each(["dev", "prod"])("%s matches the reviewed snapshot", (name) => {
    expect(synthWorkspace(name)).toMatchSnapshot();
  });
});

describe("workspace-config stack", () => {
  it.each(["dev", "prod"])("%s holds groups, policies, pool, shared cluster and their permissions", (name) => {
    const out = synthConfig(name);
    expect(typesIn(out, "resource")).toEqual([
      "databricks_cluster", "databricks_cluster_policy", "databricks_disable_legacy_access_setting", "databricks_disable_legacy_dbfs_setting",
      "databricks_entitlements", "databricks_instance_pool", "databricks_ip_access_list", "databricks_permissions", "databricks_workspace_conf",
    ]);
    expect(typesIn(out, "data")).toEqual(["databricks_group"]);
    expect(resourcesOf(out, "databricks_cluster_policy").map((p) => p.name).sort()).toEqual([`${name}-jobs`, `${name}-personal`, `${name}-shared`]);
    expect(JSON.parse(out).provider.databricks).toEqual([{ host: `https://${name}.cloud.databricks.com` }]);
  });

  it("grants analysts attach on the shared cluster and nothing to manage", () => {
    const out = synthConfig("dev");
    const levels = resourcesOf(out, "databricks_permissions").flatMap((p) => p.access_control as Array<{ group_name: string; permission_level: string }>);
    const analystLevels = levels.filter((a) => a.group_name === "dev-analysts").map((a) => a.permission_level);
    expect(analystLevels).toEqual(["CAN_ATTACH_TO"]);
    const managers = levels.filter((a) => a.permission_level === "CAN_MANAGE").map((a) => a.group_name);
    expect(managers.length).toBeGreaterThan(0);
    expect(new Set(managers)).toEqual(new Set(["dev-platform-admins"]));
  });

  it.each(["dev", "prod"])("%s matches the reviewed snapshot", (name) => {
    expect(synthConfig(name)).toMatchSnapshot();
  });
});

describe("blueprint", () => {
  it("wires the config stack's provider to the workspace stack's URL", () => {
    const app = Testing.app();
    addEnvironment(app, envs.dev);
    const names = stackNames(envs.dev);
    expect(app.node.children.map((c) => c.node.id)).toEqual([names.workspace, names.config]);
  });

  it("configures an existing workspace without creating one", () => {
    const app = Testing.app();
    const [byo] = loadEnvironments([variant(examples.dev, (e) => (e.databricks.existingWorkspaceHost = "https://dbc-1234.cloud.databricks.com"))]);
    addEnvironment(app, byo);
    expect(app.node.children.map((c) => c.node.id)).toEqual(["dev-workspace-config"]);
  });
});
