// The workspace stacks of the example estate (and the shared metastore stacks they use), read from a
// real synth of every example environment.
import { loadEnvironments } from "../config/load";
import {
  dataSourcesOf,
  exampleEnvironments,
  examples,
  resourcesOf,
  sha256,
  standalone,
  synthBlueprint,
  synthBlueprintSelected,
  typesOf,
  variant,
} from "./helpers";

const stacks = synthBlueprint(Object.values(exampleEnvironments()));

describe("metastore stacks", () => {
  it("hold one protected metastore per region, without a storage root, owned by an admins group", () => {
    const out = stacks["metastore-aws-eu-west-1-00000000"];
    const [metastore] = resourcesOf(out, "databricks_metastore");
    expect(metastore).toMatchObject({
      name: "lakehouse-eu-west-1",
      region: "eu-west-1",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
      provider: "databricks.account",
    });
    expect(metastore.storage_root).toBeUndefined();
    // Owned by a group, not by whoever applied the stack: its members may create Unity Catalog objects.
    const [admins] = Object.entries(JSON.parse(out).resource.databricks_group as Record<string, any>);
    expect(admins[1]).toMatchObject({ display_name: "lakehouse-eu-west-1-metastore-admins", provider: "databricks.account" });
    expect(metastore.owner).toBe(`\${databricks_group.${admins[0]}.display_name}`);
  });

  it("each environment's deploying principal and admins join the metastore admins, so the config stack can create its Unity Catalog objects", () => {
    for (const name of ["dev", "prod"]) {
      const all = resourcesOf(stacks[`${name}-aws-workspace`], "databricks_group_member");
      // Besides these, the CI/CD principal joins the environment's own auditors group (for the audit alerts).
      expect(all.filter((m) => /databricks_group\.enrollment_identity_auditors_/.test(m.group_id))).toHaveLength(1);
      const members = all.filter((m) => /cross-stack-reference-input-metastore-aws-eu-west-1-00000000\.outputs\./.test(m.group_id));
      expect(members).toHaveLength(2);
      expect(members.map((m) => m.member_id.replace(/_[0-9A-F]{8}\.id\}$/, "")).sort()).toEqual([
        "${databricks_group.enrollment_identity_admins",
        "${databricks_service_principal.enrollment_identity_cicd",
      ]);
    }
  });

  it("are the same byte for byte whichever environment is selected (compared by SHA-256)", () => {
    const all = loadEnvironments(Object.values(examples));
    for (const env of all) {
      const alone = synthBlueprintSelected([env], all);
      const [shared, ...more] = Object.keys(alone).filter((n) => n.startsWith("metastore-"));
      expect(more).toEqual([]);
      expect({ selected: env.name, stack: shared, sha256: sha256(alone[shared]) }).toEqual({
        selected: env.name,
        stack: shared,
        sha256: sha256(stacks[shared]),
      });
    }
  });

  it("are named and kept apart by Databricks account: a second account in the same region gets its own", () => {
    const other = variant(standalone(examples.dev), (e) => {
      e.name = "other";
      e.databricks.accountId = "0d1c2b3a-4e5f-6789-abcd-ef0123456789"; // an id the examples may hold (config/example-values.ts)
      e.aws.network.vpcCidr = "10.90.0.0/16";
      e.identity = { admins: "other-admins" };
    });
    const all = loadEnvironments([...Object.values(examples), other]);
    const out = synthBlueprintSelected(all, all);
    expect(
      Object.keys(out)
        .filter((n) => n.startsWith("metastore-aws"))
        .sort(),
    ).toEqual(["metastore-aws-eu-west-1-00000000", "metastore-aws-eu-west-1-0d1c2b3a"]);
    const [assignment] = resourcesOf(out["other-aws-workspace"], "databricks_metastore_assignment");
    expect(assignment.metastore_id).toMatch(/cross-stack-reference-input-metastore-aws-eu-west-1-0d1c2b3a\.outputs\./);
  });
});

describe("AWS workspace stack", () => {
  it.each(["dev", "prod"])("%s holds every resource the workspace needs", (name) => {
    const out = stacks[`${name}-aws-workspace`];
    expect(typesOf(out, "resource")).toEqual(
      expect.arrayContaining([
        "aws_vpc",
        "aws_subnet",
        "aws_nat_gateway",
        "aws_internet_gateway",
        "aws_security_group",
        "aws_vpc_security_group_egress_rule",
        "aws_vpc_security_group_ingress_rule",
        "aws_vpc_endpoint",
        "aws_s3_bucket",
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_policy",
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_kms_key",
        "aws_kms_alias",
        "time_sleep",
        "databricks_mws_credentials",
        "databricks_mws_storage_configurations",
        "databricks_mws_networks",
        "databricks_mws_customer_managed_keys",
        "databricks_mws_workspaces",
        "databricks_metastore_assignment",
      ]),
    );
    expect(typesOf(out, "data")).toEqual(
      expect.arrayContaining([
        "aws_iam_policy_document",
        "databricks_aws_assume_role_policy",
        "databricks_aws_bucket_policy",
        "databricks_aws_crossaccount_policy",
        "databricks_aws_unity_catalog_assume_role_policy",
        "databricks_aws_unity_catalog_policy",
      ]),
    );
    expect(Object.keys(JSON.parse(out).output)).toEqual(expect.arrayContaining(["workspace_id", "workspace_url"]));
    expect(
      resourcesOf(out, "databricks_group")
        .map((g) => g.display_name)
        .sort(),
    ).toEqual([
      `${name}-analysts`,
      `${name}-auditors`,
      `${name}-data-engineers`,
      `${name}-data-scientists`,
      // prod's pii-readers group: the ABAC policies' exception (docs/production-data-in-dev.md); assigned to no workspace
      ...(name === "prod" ? ["prod-pii-readers"] : []),
      `${name}-platform-admins`,
    ]);
    expect(resourcesOf(out, "databricks_mws_permission_assignment")).toHaveLength(6);
  });

  it("assigns the region's shared metastore through a cross-stack reference", () => {
    const [assignment] = resourcesOf(stacks["dev-aws-workspace"], "databricks_metastore_assignment");
    expect(assignment.metastore_id).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-metastore-aws-eu-west-1-00000000\.outputs\./,
    );
  });

  it("creates the Unity Catalog credential at account level and trusts its own external id in the role", () => {
    const out = stacks["dev-aws-workspace"];
    const [credential] = Object.entries(JSON.parse(out).resource.databricks_storage_credential as Record<string, any>);
    expect(credential[1]).toMatchObject({
      name: "dev-lakehouse",
      provider: "databricks.account",
      owner: "lakehouse-eu-west-1-metastore-admins",
      isolation_mode: "ISOLATION_MODE_ISOLATED",
      aws_iam_role: { role_arn: "arn:aws:iam::111111111111:role/dev-lakehouse-unity-catalog" },
    });
    const [trust] = dataSourcesOf(out, "databricks_aws_unity_catalog_assume_role_policy");
    expect(trust.external_id).toBe(`\${databricks_storage_credential.${credential[0]}.aws_iam_role[0].external_id}`);
    const [access] = dataSourcesOf(out, "databricks_aws_unity_catalog_policy");
    expect(access.kms_name).toMatch(/^\$\{aws_kms_key\.lakehouse-storage_key_[0-9A-F]+\.arn\}$/);
  });

  it("delivers audit logs from prod only (one account-wide delivery)", () => {
    expect(resourcesOf(stacks["prod-aws-workspace"], "databricks_mws_log_delivery")).toHaveLength(1);
    expect(resourcesOf(stacks["dev-aws-workspace"], "databricks_mws_log_delivery")).toHaveLength(0);
  });

  it("differs between dev and prod the way the config says", () => {
    const dev = stacks["dev-aws-workspace"];
    const prod = stacks["prod-aws-workspace"];
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
    const parsed = JSON.parse(stacks["dev-aws-workspace"]);
    const databricks = [...Object.entries(parsed.resource), ...Object.entries(parsed.data)]
      .filter(([type]) => type.startsWith("databricks_"))
      .flatMap(([, byName]) => Object.values(byName as object));
    expect(databricks.length).toBeGreaterThan(5);
    expect(databricks.every((r: any) => r.provider === "databricks.account")).toBe(true);
    expect(dataSourcesOf(stacks["dev-aws-workspace"], "databricks_aws_bucket_policy").map((p) => p.bucket)).toEqual([
      "dev-lakehouse-root-111111111111",
    ]);
  });
});

describe("Azure workspace stack", () => {
  it.each(["azdev", "azprod"])("%s holds every resource the workspace needs", (name) => {
    const out = stacks[`${name}-azure-workspace`];
    // azdev leaves through a NAT gateway; azprod (egress mode firewall) through the hub, peered and routed.
    const egress =
      name === "azdev"
        ? ["azurerm_nat_gateway"]
        : [
            "azurerm_virtual_network_peering",
            "azurerm_route_table",
            "azurerm_subnet_route_table_association",
            "azurerm_firewall_policy_rule_collection_group",
          ];
    expect(typesOf(out, "resource")).toEqual(
      expect.arrayContaining([
        "azurerm_resource_group",
        "azurerm_virtual_network",
        "azurerm_subnet",
        "azurerm_network_security_group",
        "azurerm_subnet_network_security_group_association",
        ...egress,
        "azurerm_databricks_workspace",
        "azurerm_key_vault",
        "azurerm_key_vault_key",
        "azurerm_databricks_workspace_root_dbfs_customer_managed_key",
        "azurerm_log_analytics_workspace",
        "azurerm_monitor_diagnostic_setting",
        "azurerm_storage_account",
        "azurerm_storage_container",
        "azurerm_databricks_access_connector",
        "azurerm_role_assignment",
        "databricks_metastore_assignment",
        "databricks_group",
        "databricks_mws_permission_assignment",
      ]),
    );
    const [workspace] = resourcesOf(out, "azurerm_databricks_workspace");
    expect(workspace).toMatchObject({
      sku: "premium",
      customer_managed_key_enabled: true,
      infrastructure_encryption_enabled: true,
      custom_parameters: { no_public_ip: true },
    });
    expect(workspace.managed_services_cmk_key_vault_key_id).toMatch(/azurerm_key_vault_key\.keys_managed-services/);
    expect(workspace.managed_disk_cmk_key_vault_key_id).toMatch(/azurerm_key_vault_key\.keys_managed-disks/);
    const [vault] = resourcesOf(out, "azurerm_key_vault");
    expect(vault).toMatchObject({ purge_protection_enabled: true, rbac_authorization_enabled: true });
    expect(resourcesOf(out, "azurerm_key_vault_key").every((k) => k.rotation_policy?.automatic?.time_before_expiry)).toBe(true);
    const [account] = resourcesOf(out, "azurerm_storage_account");
    expect(account).toMatchObject({
      is_hns_enabled: true,
      min_tls_version: "TLS1_2",
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      infrastructure_encryption_enabled: true,
    });
    expect(
      resourcesOf(out, "azurerm_storage_container")
        .map((c) => c.name)
        .sort(),
    ).toEqual(["bronze", "checkpoints", "gold", "landing", "silver"]);
    const connectorRoles = resourcesOf(out, "azurerm_role_assignment").filter((r) =>
      String(r.principal_id).includes("databricks_access_connector"),
    );
    expect(connectorRoles).toEqual([
      expect.objectContaining({
        role_definition_name: "Storage Blob Data Contributor",
        scope: expect.stringMatching(/^\$\{azurerm_storage_account\./),
      }),
    ]);
    const diagnostics = resourcesOf(out, "azurerm_monitor_diagnostic_setting");
    expect(diagnostics.find((d) => d.name === "databricks-audit")?.enabled_log.map((l: { category: string }) => l.category)).toEqual(
      expect.arrayContaining(["accounts", "clusters", "jobs", "notebook", "secrets", "unityCatalog"]),
    );
    expect(diagnostics.find((d) => d.name === "lakehouse-data-access")?.target_resource_id).toMatch(
      /^\$\{azurerm_storage_account\.[^}]+\.id\}\/blobServices\/default$/,
    );
    const subnets = resourcesOf(out, "azurerm_subnet").filter((s) => /-(host|container)$/.test(s.name));
    expect(subnets).toHaveLength(2);
    expect(subnets.every((s) => s.delegation[0].service_delegation.name === "Microsoft.Databricks/workspaces")).toBe(true);
  });

  it("protects prod's vault, keys and storage and lets dev go", () => {
    for (const type of ["azurerm_key_vault", "azurerm_key_vault_key", "azurerm_storage_account"]) {
      expect(resourcesOf(stacks["azprod-azure-workspace"], type).every((r) => r.lifecycle?.prevent_destroy === true)).toBe(true);
      expect(resourcesOf(stacks["azdev-azure-workspace"], type).some((r) => r.lifecycle?.prevent_destroy)).toBe(false);
    }
  });
});
