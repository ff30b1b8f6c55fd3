import { Testing } from "cdktn";
import { addEnvironment, stackNames } from "../stacks/blueprint";
import { loadEnvironments } from "../config/load";
import { dataSourcesOf, examples, exampleEnvironments, resourcesOf, synthBlueprint, synthBlueprintSelected, variant } from "./helpers";

const envs = exampleEnvironments();
const stacks = synthBlueprint(Object.values(envs));
const typesIn = (synthesized: string, section: "resource" | "data") => Object.keys((JSON.parse(synthesized) as Record<string, object>)[section] ?? {}).sort();

describe("the example estate", () => {
  it("has a workspace and a workspace-config stack per environment, one metastore stack per cloud region and one bootstrap stack per Databricks account", () => {
    expect(Object.keys(stacks).sort()).toEqual([
      "azdev-azure-workspace", "azdev-workspace-config", "azprod-azure-workspace", "azprod-workspace-config",
      "bootstrap-aws-00000000", "bootstrap-azure-00000000",
      "dev-aws-workspace", "dev-workspace-config", "metastore-aws-eu-west-1-00000000", "metastore-azure-westeurope-00000000",
      "prod-aws-workspace", "prod-workspace-config",
    ]);
  });

  it.each(Object.keys(stacks))("%s matches the reviewed snapshot", (name) => {
    expect(stacks[name]).toMatchSnapshot();
  });
});

describe("metastore stacks", () => {
  it("hold one protected metastore per region, without a storage root, owned by an admins group", () => {
    const out = stacks["metastore-aws-eu-west-1-00000000"];
    const [metastore] = resourcesOf(out, "databricks_metastore");
    expect(metastore).toMatchObject({ name: "lakehouse-eu-west-1", region: "eu-west-1", force_destroy: false, lifecycle: { prevent_destroy: true }, provider: "databricks.account" });
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
      expect(members.map((m) => m.member_id.replace(/_[0-9A-F]{8}\.id\}$/, "")).sort()).toEqual(["${databricks_group.enrollment_identity_admins", "${databricks_service_principal.enrollment_identity_cicd"]);
    }
  });

  it("are the same byte for byte whichever environments are selected", () => {
    const all = loadEnvironments(Object.values(examples));
    for (const env of all) {
      const alone = synthBlueprintSelected([env], all);
      for (const name of Object.keys(alone).filter((n) => n.startsWith("metastore-"))) expect(alone[name]).toBe(stacks[name]);
    }
  });

  it("are named and kept apart by Databricks account: a second account in the same region gets its own", () => {
    const other = variant(examples.dev, (e) => {
      e.name = "other";
      e.databricks.accountId = "7f3e2d1c-0000-4000-8000-000000000000";
      e.aws.network.vpcCidr = "10.90.0.0/16";
      e.identity = { admins: "other-admins" };
    });
    const all = loadEnvironments([...Object.values(examples), other]);
    const out = synthBlueprintSelected(all, all);
    expect(Object.keys(out).filter((n) => n.startsWith("metastore-aws")).sort()).toEqual(["metastore-aws-eu-west-1-00000000", "metastore-aws-eu-west-1-7f3e2d1c"]);
    const [assignment] = resourcesOf(out["other-aws-workspace"], "databricks_metastore_assignment");
    expect(assignment.metastore_id).toMatch(/cross-stack-reference-input-metastore-aws-eu-west-1-7f3e2d1c\.outputs\./);
  });
});

describe("AWS workspace stack", () => {
  it.each(["dev", "prod"])("%s holds every resource the workspace needs", (name) => {
    const out = stacks[`${name}-aws-workspace`];
    expect(typesIn(out, "resource")).toEqual(
      expect.arrayContaining([
        "aws_vpc", "aws_subnet", "aws_nat_gateway", "aws_internet_gateway", "aws_security_group", "aws_vpc_security_group_egress_rule",
        "aws_vpc_security_group_ingress_rule", "aws_vpc_endpoint", "aws_s3_bucket", "aws_s3_bucket_versioning",
        "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block", "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_policy", "aws_iam_role", "aws_iam_role_policy", "aws_kms_key", "aws_kms_alias", "time_sleep",
        "databricks_mws_credentials", "databricks_mws_storage_configurations", "databricks_mws_networks",
        "databricks_mws_customer_managed_keys", "databricks_mws_workspaces", "databricks_metastore_assignment",
      ]),
    );
    expect(typesIn(out, "data")).toEqual(
      expect.arrayContaining(["aws_iam_policy_document", "databricks_aws_assume_role_policy", "databricks_aws_bucket_policy", "databricks_aws_crossaccount_policy", "databricks_aws_unity_catalog_assume_role_policy", "databricks_aws_unity_catalog_policy"]),
    );
    expect(Object.keys(JSON.parse(out).output)).toEqual(expect.arrayContaining(["workspace_id", "workspace_url"]));
    expect(resourcesOf(out, "databricks_group").map((g) => g.display_name).sort()).toEqual([`${name}-analysts`, `${name}-auditors`, `${name}-data-engineers`, `${name}-data-scientists`, `${name}-platform-admins`]);
    expect(resourcesOf(out, "databricks_mws_permission_assignment")).toHaveLength(6);
  });

  it("assigns the region's shared metastore through a cross-stack reference", () => {
    const [assignment] = resourcesOf(stacks["dev-aws-workspace"], "databricks_metastore_assignment");
    expect(assignment.metastore_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-metastore-aws-eu-west-1-00000000\.outputs\./);
  });

  it("creates the Unity Catalog credential at account level and trusts its own external id in the role", () => {
    const out = stacks["dev-aws-workspace"];
    const [credential] = Object.entries(JSON.parse(out).resource.databricks_storage_credential as Record<string, any>);
    expect(credential[1]).toMatchObject({ name: "dev-lakehouse", provider: "databricks.account", owner: "lakehouse-eu-west-1-metastore-admins", isolation_mode: "ISOLATION_MODE_ISOLATED", aws_iam_role: { role_arn: "arn:aws:iam::111111111111:role/dev-lakehouse-unity-catalog" } });
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
    const databricks = [...Object.entries(parsed.resource), ...Object.entries(parsed.data)].filter(([type]) => type.startsWith("databricks_")).flatMap(([, byName]) => Object.values(byName as object));
    expect(databricks.length).toBeGreaterThan(5);
    expect(databricks.every((r: any) => r.provider === "databricks.account")).toBe(true);
    expect(dataSourcesOf(stacks["dev-aws-workspace"], "databricks_aws_bucket_policy").map((p) => p.bucket)).toEqual(["dev-lakehouse-root-111111111111"]);
  });
});

describe("Azure workspace stack", () => {
  it.each(["azdev", "azprod"])("%s holds every resource the workspace needs", (name) => {
    const out = stacks[`${name}-azure-workspace`];
    expect(typesIn(out, "resource")).toEqual(
      expect.arrayContaining([
        "azurerm_resource_group", "azurerm_virtual_network", "azurerm_subnet", "azurerm_network_security_group", "azurerm_subnet_network_security_group_association",
        "azurerm_nat_gateway", "azurerm_databricks_workspace", "azurerm_key_vault", "azurerm_key_vault_key", "azurerm_databricks_workspace_root_dbfs_customer_managed_key",
        "azurerm_log_analytics_workspace", "azurerm_monitor_diagnostic_setting", "azurerm_storage_account", "azurerm_storage_container",
        "azurerm_databricks_access_connector", "azurerm_role_assignment", "databricks_metastore_assignment", "databricks_group", "databricks_mws_permission_assignment",
      ]),
    );
    const [workspace] = resourcesOf(out, "azurerm_databricks_workspace");
    expect(workspace).toMatchObject({ sku: "premium", customer_managed_key_enabled: true, infrastructure_encryption_enabled: true, custom_parameters: { no_public_ip: true } });
    expect(workspace.managed_services_cmk_key_vault_key_id).toMatch(/azurerm_key_vault_key\.keys_managed-services/);
    expect(workspace.managed_disk_cmk_key_vault_key_id).toMatch(/azurerm_key_vault_key\.keys_managed-disks/);
    const [vault] = resourcesOf(out, "azurerm_key_vault");
    expect(vault).toMatchObject({ purge_protection_enabled: true, rbac_authorization_enabled: true });
    expect(resourcesOf(out, "azurerm_key_vault_key").every((k) => k.rotation_policy?.automatic?.time_before_expiry)).toBe(true);
    const [account] = resourcesOf(out, "azurerm_storage_account");
    expect(account).toMatchObject({ is_hns_enabled: true, min_tls_version: "TLS1_2", allow_nested_items_to_be_public: false, shared_access_key_enabled: false, infrastructure_encryption_enabled: true });
    expect(resourcesOf(out, "azurerm_storage_container").map((c) => c.name).sort()).toEqual(["bronze", "checkpoints", "gold", "landing", "silver"]);
    const connectorRoles = resourcesOf(out, "azurerm_role_assignment").filter((r) => String(r.principal_id).includes("databricks_access_connector"));
    expect(connectorRoles).toEqual([expect.objectContaining({ role_definition_name: "Storage Blob Data Contributor", scope: expect.stringMatching(/^\$\{azurerm_storage_account\./) })]);
    const diagnostics = resourcesOf(out, "azurerm_monitor_diagnostic_setting");
    expect(diagnostics.find((d) => d.name === "databricks-audit")?.enabled_log.map((l: { category: string }) => l.category)).toEqual(expect.arrayContaining(["accounts", "clusters", "jobs", "notebook", "secrets", "unityCatalog"]));
    expect(diagnostics.find((d) => d.name === "lakehouse-data-access")?.target_resource_id).toMatch(/^\$\{azurerm_storage_account\.[^}]+\.id\}\/blobServices\/default$/);
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

describe("workspace-config stack", () => {
  it.each(["dev", "prod", "azdev", "azprod"])("%s holds the workspace's compute, security, secrets and Unity Catalog objects", (name) => {
    const out = stacks[`${name}-workspace-config`];
    expect(typesIn(out, "resource")).toEqual(
      expect.arrayContaining([
        "databricks_cluster", "databricks_cluster_policy", "databricks_entitlements", "databricks_instance_pool", "databricks_ip_access_list", "databricks_permissions",
        "databricks_workspace_conf", "databricks_secret_scope", "databricks_secret_acl", "databricks_external_location",
        "databricks_catalog", "databricks_schema", "databricks_volume", "databricks_grants", "databricks_workspace_binding",
      ]),
    );
    expect(resourcesOf(out, "databricks_cluster_policy").map((p) => p.name).sort()).toEqual([`${name}-jobs`, `${name}-personal`, `${name}-shared`]);
    expect(resourcesOf(out, "databricks_schema").map((s) => s.name).sort()).toEqual(["bronze", "gold", "silver"]);
    const [catalog] = resourcesOf(out, "databricks_catalog");
    expect(catalog).toMatchObject({ name: `${name}_lakehouse`, isolation_mode: "ISOLATED" });
    expect(resourcesOf(out, "databricks_workspace_binding").find((b) => b.securable_type === "catalog")?.workspace_id).toMatch(/cross-stack-reference-input/);
    expect(JSON.parse(out).provider.databricks[0].host).toMatch(new RegExp(`cross-stack-reference-input-${name}-(aws|azure)-workspace`));
  });

  it("keeps secrets in variables on AWS and in Key Vault on Azure", () => {
    const aws = stacks["dev-workspace-config"];
    expect(resourcesOf(aws, "databricks_secret").map((s) => s.string_value).sort()).toEqual(["${var.jdbc_password}", "${var.jdbc_user}"]);
    expect(JSON.parse(aws).variable.jdbc_password).toMatchObject({ sensitive: true, type: "string" });
    const azure = stacks["azdev-workspace-config"];
    expect(resourcesOf(azure, "databricks_secret")).toHaveLength(0);
    expect(resourcesOf(azure, "databricks_secret_scope")[0]).toMatchObject({ backend_type: "AZURE_KEYVAULT" });
  });

  it("gives secret scope MANAGE to admins only and READ to the pipelines' principals", () => {
    const acls = resourcesOf(stacks["dev-workspace-config"], "databricks_secret_acl");
    expect(acls.filter((a) => a.permission === "MANAGE").map((a) => a.principal)).toEqual(["dev-platform-admins"]);
    expect(acls.filter((a) => a.permission === "READ").map((a) => a.principal)).toEqual(["dev-data-engineers", expect.stringMatching(/databricks_service_principal\.identity_cicd_[0-9A-F]+\.application_id/)]);
  });

  it("mounts storage only where config opts in (the dev examples), reading the client secret from the scope", () => {
    const [adls] = resourcesOf(stacks["azdev-workspace-config"], "databricks_mount");
    expect(adls.abfs).toMatchObject({ client_secret_key: "mount-client-secret", container_name: "landing" });
    expect(adls.abfs.client_secret_scope).toMatch(/^\$\{databricks_secret_scope\.data_secrets_scope_[0-9A-F]+\.name\}$/);
    expect(resourcesOf(stacks["azdev-workspace-config"], "databricks_secret_scope")[0].name).toBe("azdev-pipelines");
    const [reader] = resourcesOf(stacks["azdev-azure-workspace"], "azurerm_role_assignment").filter((r) => r.role_definition_name === "Storage Blob Data Reader");
    expect(reader).toMatchObject({ principal_id: "00000000-0000-4000-8000-00000000cc02" });
    expect(reader.scope).toMatch(/^\$\{azurerm_storage_container\.lakehouse-storage_landing_[0-9A-F]+\.id\}$/);

    const [s3] = resourcesOf(stacks["dev-workspace-config"], "databricks_mount");
    expect(s3.s3.bucket_name).toMatch(/dev-lakehouse-data-111111111111|aws_s3_bucket/);
    expect(s3.s3.instance_profile).toMatch(/^\$\{databricks_instance_profile\./);
    expect(resourcesOf(stacks["dev-aws-workspace"], "aws_iam_instance_profile")).toHaveLength(1);

    // Prod keeps every legacy feature off: no mounts, legacy DBFS disabled.
    for (const name of ["prod", "azprod"]) {
      expect(resourcesOf(stacks[`${name}-workspace-config`], "databricks_mount")).toHaveLength(0);
      expect(resourcesOf(stacks[`${name}-workspace-config`], "databricks_disable_legacy_dbfs_setting")).toHaveLength(1);
    }
    for (const name of ["dev", "azdev"]) {
      expect(resourcesOf(stacks[`${name}-workspace-config`], "databricks_disable_legacy_dbfs_setting")).toHaveLength(0);
      expect(resourcesOf(stacks[`${name}-workspace-config`], "databricks_disable_legacy_access_setting")).toHaveLength(1);
    }
  });

  it("grants analysts attach on the shared cluster and read on gold, and nothing to manage", () => {
    const out = stacks["dev-workspace-config"];
    const levels = resourcesOf(out, "databricks_permissions").flatMap((p) => p.access_control as Array<{ group_name?: string; permission_level: string }>);
    // Attach to the shared cluster, use the SQL warehouse, read the shared Git folder and team folder, view the transformation job.
    expect(levels.filter((a) => a.group_name === "dev-analysts").map((a) => a.permission_level).sort()).toEqual(["CAN_ATTACH_TO", "CAN_READ", "CAN_READ", "CAN_USE", "CAN_VIEW"]);
    const managers = levels.filter((a) => a.permission_level === "CAN_MANAGE").map((a) => a.group_name);
    expect(new Set(managers)).toEqual(new Set(["dev-platform-admins"]));
    const grants = resourcesOf(out, "databricks_grants").flatMap((g) => (g.grant as Array<{ principal: string; privileges: string[] }>).map((e) => ({ on: g.catalog ?? g.schema ?? g.volume ?? g.external_location, ...e })));
    const analyst = grants.filter((g) => g.principal === "dev-analysts");
    expect(analyst.map((g) => g.privileges.join(","))).toEqual(["USE_CATALOG", "EXECUTE,READ_VOLUME,SELECT,USE_SCHEMA"]);
    expect(grants.filter((g) => g.privileges.includes("ALL_PRIVILEGES")).map((g) => g.principal)).toEqual(["dev-platform-admins"]);
  });
});

describe("jobs, Git folders and ML assets", () => {
  const out = stacks["dev-workspace-config"];
  const jobs = resourcesOf(out, "databricks_job");

  it("runs every job cluster under the job policy, as the CI/CD principal, from the pinned branch", () => {
    expect(jobs.map((j) => j.name).sort()).toEqual(["dev-ingestion", "dev-silver-gold", "dev-train-bad_review_risk"]);
    const jobsPolicy = resourcesOf(out, "databricks_cluster_policy").find((p) => p.name === "dev-jobs");
    expect(jobsPolicy).toBeDefined();
    for (const job of jobs) {
      expect(job.job_cluster[0].new_cluster.policy_id).toMatch(/^\$\{databricks_cluster_policy\.compute_jobs-policy_[0-9A-F]+\.id\}$/);
      expect(job.git_source).toEqual({ url: "https://github.com/example-org/lakehouse.git", provider: "gitHub", branch: "main" });
      expect(job.run_as.service_principal_name).toMatch(/databricks_service_principal\.identity_cicd_[0-9A-F]+\.application_id/);
      expect(job.email_notifications.on_failure).toEqual(["data-platform@example.com"]);
      expect(job.task.every((t: any) => t.notebook_task.source === "GIT")).toBe(true);
    }
  });

  it("triggers ingestion on file arrival in the landing volume and trains on a Dedicated ML cluster", () => {
    const ingestion = jobs.find((j) => j.name === "dev-ingestion") as Record<string, any>;
    expect(ingestion.trigger.file_arrival.url).toBe("/Volumes/dev_lakehouse/bronze/landing/");
    expect(ingestion.task[0].notebook_task.base_parameters.checkpoint_path).toMatch(/^s3:\/\/\$\{[^}]+\}\/checkpoints\/autoloader$/);
    expect(ingestion.task.map((t: any) => t.notebook_task.notebook_path)).toEqual(["notebooks/01_ingest_autoloader", "notebooks/02_ingest_jdbc"]);
    const training = jobs.find((j) => j.name === "dev-train-bad_review_risk") as Record<string, any>;
    expect(training.job_cluster[0].new_cluster).toMatchObject({ spark_version: "16.4.x-cpu-ml-scala2.12", data_security_mode: "SINGLE_USER" });
    expect(training.task[0].notebook_task.base_parameters).toMatchObject({ catalog: "dev_lakehouse", model_schema: "gold", model_name: "bad_review_risk" });
    expect(ingestion.task[1].notebook_task.base_parameters).toMatchObject({ jdbc_url: "jdbc:postgresql://orders-db.dev.internal:5432/olist", secret_scope: "dev-pipelines", user_secret_key: "jdbc-user", password_secret_key: "jdbc-password" });
    expect(training.schedule.quartz_cron_expression).toBe("0 0 4 ? * MON");
  });

  it("pins prod's Azure jobs and shared Git folder to the release tag", () => {
    const azprod = stacks["azprod-workspace-config"];
    expect(resourcesOf(azprod, "databricks_job").every((j) => j.git_source.tag === "v1.0.0" && j.git_source.branch === undefined)).toBe(true);
    expect(resourcesOf(azprod, "databricks_repo")).toEqual([expect.objectContaining({ tag: "v1.0.0", path: "/Repos/shared/lakehouse" })]);
  });

  it("gives each listed developer a Git folder of their own in dev", () => {
    const repos = resourcesOf(out, "databricks_repo");
    expect(repos.map((r) => r.path).sort()).toEqual(["/Repos/ana@example.com/lakehouse", "/Repos/ben@example.com/lakehouse", "/Repos/shared/lakehouse"]);
    expect(resourcesOf(stacks["prod-workspace-config"], "databricks_repo")).toHaveLength(1);
    expect(resourcesOf(out, "databricks_git_credential")[0].personal_access_token).toBe("${var.git_token}");
  });

  it("holds the experiment and the Unity Catalog registered model", () => {
    expect(resourcesOf(out, "databricks_mlflow_experiment")[0].name).toMatch(/\/bad_review_risk$/);
    expect(resourcesOf(out, "databricks_registered_model")[0]).toMatchObject({ name: "bad_review_risk", schema_name: expect.stringMatching(/^\$\{databricks_schema\.data_catalog_gold-schema_[0-9A-F]+\.name\}$/) });
  });
});

describe("serverless egress", () => {
  it("puts one network connectivity configuration per region in the shared stack, only when an environment there enables serverless egress", () => {
    for (const [stack, region] of [["metastore-aws-eu-west-1-00000000", "eu-west-1"], ["metastore-azure-westeurope-00000000", "westeurope"]]) {
      expect(resourcesOf(stacks[stack], "databricks_mws_network_connectivity_config")).toEqual([expect.objectContaining({ name: `lakehouse-${region}`, region, provider: "databricks.account" })]);
    }
    const devOnly = loadEnvironments([examples.dev]);
    expect(resourcesOf(synthBlueprint(devOnly)["metastore-aws-eu-west-1-00000000"], "databricks_mws_network_connectivity_config")).toHaveLength(0);
  });

  it.each([["prod", "aws"], ["azprod", "azure"]])("%s binds its workspace to the region's NCC and to its own restricted policy", (name, cloud) => {
    const out = stacks[`${name}-${cloud}-workspace`];
    const [binding] = resourcesOf(out, "databricks_mws_ncc_binding");
    expect(binding.network_connectivity_config_id).toMatch(new RegExp(`cross-stack-reference-input-metastore-${cloud}-[a-z0-9-]+\\.outputs\\.cross-stack-output-databricks_mws_network_connectivity_config`));
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

  it.each(["dev-aws-workspace", "azdev-azure-workspace"])("%s (dev) has no endpoint, rule, binding or policy: its cost is unchanged", (name) => {
    for (const type of ["azurerm_private_endpoint", "azurerm_private_dns_zone", "databricks_mws_ncc_private_endpoint_rule", "databricks_mws_ncc_binding", "databricks_account_network_policy", "databricks_workspace_network_option"]) {
      expect(resourcesOf(stacks[name], type)).toHaveLength(0);
    }
  });
});

describe("blueprint", () => {
  it("adds the metastore stack once per account and region", () => {
    const app = Testing.app();
    addEnvironment(app, envs.dev, [envs.dev, envs.prod]);
    addEnvironment(app, envs.prod, [envs.dev, envs.prod]);
    expect(app.node.children.map((c) => c.node.id)).toEqual(["metastore-aws-eu-west-1-00000000", "dev-aws-workspace", "dev-workspace-config", "prod-aws-workspace", "prod-workspace-config"]);
    expect(stackNames(envs.azdev)).toEqual({ workspace: "azdev-azure-workspace", config: "azdev-workspace-config" });
  });

  it("refuses a shared stack derived from fewer environments than one of them needs (no NCC for serverless egress)", () => {
    const app = Testing.app();
    addEnvironment(app, envs.dev);
    expect(() => addEnvironment(app, envs.prod)).toThrow(/built without the network connectivity configuration that prod .* Fix: pass every configured environment as `all`/);
  });

  it("adopts an existing metastore without a metastore stack", () => {
    const app = Testing.app();
    const [adopting] = loadEnvironments([variant(examples.dev, (e) => (e.unityCatalog = { metastore: { existingId: "11111111-2222-4333-8444-555555555555" } }))]);
    addEnvironment(app, adopting);
    expect(app.node.children.map((c) => c.node.id)).toEqual(["dev-aws-workspace", "dev-workspace-config"]);
  });

  it("configures an existing workspace without creating one", () => {
    const app = Testing.app();
    const [byo] = loadEnvironments([variant(examples.dev, (e) => ((e.databricks.existingWorkspaceHost = "https://dbc-1234.cloud.databricks.com"), (e.databricks.existingWorkspaceId = "1234567890123456")))]);
    addEnvironment(app, byo);
    expect(app.node.children.map((c) => c.node.id)).toEqual(["dev-workspace-config"]);
  });
});

describe("grants made in the same apply are in force before they are used", () => {
  const parsed = (name: string) => JSON.parse(stacks[name]) as { resource: Record<string, Record<string, any>> };
  /** The role assignments a resource waits for: through time_sleep depends_on, never directly. */
  const waitedGrants = (stack: ReturnType<typeof parsed>, dependsOn: string[] = []) =>
    dependsOn.flatMap((dep) => {
      const [type, name] = dep.split(".");
      expect(type).toBe("time_sleep");
      return (stack.resource.time_sleep[name].depends_on as string[]).map((g) => g.replace(/_[0-9A-F]{8}$/, ""));
    });

  it.each(["azdev", "azprod"])("%s: keys wait for the deployer's role, the workspace and encryption settings for the key-wrapping roles", (name) => {
    const stack = parsed(`${name}-azure-workspace`);
    // A private vault's keys also wait for its endpoint (not a grant: checked in the Private Link tests).
    const notEndpoint = (deps: string[]) => deps.filter((d) => !d.startsWith("azurerm_private_endpoint."));
    for (const key of Object.values(stack.resource.azurerm_key_vault_key)) expect(waitedGrants(stack, notEndpoint(key.depends_on))).toEqual(["azurerm_role_assignment.keys_deployer-crypto-officer"]);
    const [workspace] = Object.values(stack.resource.azurerm_databricks_workspace);
    expect(waitedGrants(stack, workspace.depends_on)).toEqual(["azurerm_role_assignment.keys_databricks-wraps-keys"]);
    const [dbfsKey] = Object.values(stack.resource.azurerm_databricks_workspace_root_dbfs_customer_managed_key);
    expect(waitedGrants(stack, dbfsKey.depends_on)).toEqual(["azurerm_role_assignment.keys_dbfs-root-wrap"]);
    const [storageKey] = Object.values(stack.resource.azurerm_storage_account_customer_managed_key);
    expect(waitedGrants(stack, storageKey.depends_on)).toEqual(["azurerm_role_assignment.keys_lakehouse-storage-wrap"]);
  });

  it.each([["dev", "aws"], ["azdev", "azure"]])("%s: what the config stack uses after a grant comes through the wait's triggers", (name, cloud) => {
    const config = stacks[`${name}-workspace-config`];
    const waited = (value: string) => expect(value).toMatch(new RegExp(`cross-stack-reference-input-${name}-${cloud}-workspace\\.outputs\\.cross-stack-output-time_sleep[^.]+triggers\\.[a-z_]+\\}$`));
    for (const location of resourcesOf(config, "databricks_external_location")) waited(cloud === "aws" ? location.credential_name : location.credential_name.replace(/.*/, resourcesOf(config, "databricks_storage_credential")[0].azure_managed_identity.access_connector_id));
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
  it.each(["dev", "prod", "azdev", "azprod"])("%s: the deployers' ranges are an allow list of the workspace, and the vault and storage firewalls admit them", (name) => {
    const env = envs[name];
    const lists = resourcesOf(stacks[`${name}-workspace-config`], "databricks_ip_access_list");
    expect(lists.find((l) => l.label === `${name}-deploy-pipeline`)).toMatchObject({ list_type: "ALLOW", ip_addresses: env.security.deployerIpRanges });
    if (env.cloud === "azure" && !env.azure.network.privateConnectivity.storageAndKeyVault) {
      const workspace = stacks[`${name}-azure-workspace`];
      expect(resourcesOf(workspace, "azurerm_key_vault")[0].network_acls.ip_rules).toEqual(expect.arrayContaining(env.security.deployerIpRanges));
      expect(resourcesOf(workspace, "azurerm_storage_account")[0].network_rules.ip_rules).toEqual(expect.arrayContaining(env.security.deployerIpRanges));
    }
  });

  it("azprod: with everything private, the runners' VNet resolves every private zone, and nothing public is left open", () => {
    const env = envs.azprod;
    if (env.cloud !== "azure") throw new Error("azprod is an Azure environment");
    const workspace = stacks["azprod-azure-workspace"];
    const zones = resourcesOf(workspace, "azurerm_private_dns_zone").map((z) => z.name).sort();
    expect(zones).toEqual(["privatelink.azuredatabricks.net", "privatelink.blob.core.windows.net", "privatelink.dfs.core.windows.net", "privatelink.vaultcore.azure.net"]);
    const [runners] = env.azure.network.privateConnectivity.dnsLinkedVnetIds;
    expect(resourcesOf(workspace, "azurerm_private_dns_zone_virtual_network_link").filter((l) => l.virtual_network_id === runners)).toHaveLength(zones.length);
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
