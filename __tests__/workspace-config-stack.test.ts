// The workspace-config stacks of the example estate: compute, security, secrets, Unity Catalog, jobs.
import { exampleEnvironments, resourcesOf, synthBlueprint, typesOf } from "./helpers";

const stacks = synthBlueprint(Object.values(exampleEnvironments()));

describe("workspace-config stack", () => {
  it.each(["dev", "prod", "azdev", "azprod"])("%s holds the workspace's compute, security, secrets and Unity Catalog objects", (name) => {
    const out = stacks[`${name}-workspace-config`];
    expect(typesOf(out, "resource")).toEqual(
      expect.arrayContaining([
        "databricks_cluster",
        "databricks_cluster_policy",
        "databricks_entitlements",
        "databricks_instance_pool",
        "databricks_ip_access_list",
        "databricks_permissions",
        "databricks_workspace_conf",
        "databricks_secret_scope",
        "databricks_secret_acl",
        "databricks_external_location",
        "databricks_catalog",
        "databricks_schema",
        "databricks_volume",
        "databricks_grants",
        "databricks_workspace_binding",
      ]),
    );
    expect(
      resourcesOf(out, "databricks_cluster_policy")
        .map((p) => p.name)
        .sort(),
    ).toEqual([`${name}-jobs`, `${name}-personal`, `${name}-shared`]);
    expect(
      resourcesOf(out, "databricks_schema")
        .map((s) => s.name)
        .sort(),
    ).toEqual(["bronze", "gold", "silver"]);
    const [catalog] = resourcesOf(out, "databricks_catalog");
    expect(catalog).toMatchObject({ name: `${name}_lakehouse`, isolation_mode: "ISOLATED" });
    expect(resourcesOf(out, "databricks_workspace_binding").find((b) => b.securable_type === "catalog")?.workspace_id).toMatch(
      /cross-stack-reference-input/,
    );
    expect(JSON.parse(out).provider.databricks[0].host).toMatch(new RegExp(`cross-stack-reference-input-${name}-(aws|azure)-workspace`));
  });

  it("keeps secrets in variables on AWS and in Key Vault on Azure", () => {
    const aws = stacks["dev-workspace-config"];
    expect(
      resourcesOf(aws, "databricks_secret")
        .map((s) => s.string_value)
        .sort(),
    ).toEqual(["${var.jdbc_password}", "${var.jdbc_user}"]);
    expect(JSON.parse(aws).variable.jdbc_password).toMatchObject({ sensitive: true, type: "string" });
    const azure = stacks["azdev-workspace-config"];
    expect(resourcesOf(azure, "databricks_secret")).toHaveLength(0);
    expect(resourcesOf(azure, "databricks_secret_scope")[0]).toMatchObject({ backend_type: "AZURE_KEYVAULT" });
  });

  it("gives secret scope MANAGE to admins only and READ to the pipelines' principals", () => {
    const acls = resourcesOf(stacks["dev-workspace-config"], "databricks_secret_acl");
    expect(acls.filter((a) => a.permission === "MANAGE").map((a) => a.principal)).toEqual(["dev-platform-admins"]);
    expect(acls.filter((a) => a.permission === "READ").map((a) => a.principal)).toEqual([
      "dev-data-engineers",
      expect.stringMatching(/databricks_service_principal\.identity_cicd_[0-9A-F]+\.application_id/),
    ]);
  });

  it("mounts storage only where config opts in (the dev examples), reading the client secret from the scope", () => {
    const [adls] = resourcesOf(stacks["azdev-workspace-config"], "databricks_mount");
    expect(adls.abfs).toMatchObject({ client_secret_key: "mount-client-secret", container_name: "landing" });
    expect(adls.abfs.client_secret_scope).toMatch(/^\$\{databricks_secret_scope\.data_secrets_scope_[0-9A-F]+\.name\}$/);
    expect(resourcesOf(stacks["azdev-workspace-config"], "databricks_secret_scope")[0].name).toBe("azdev-pipelines");
    const [reader] = resourcesOf(stacks["azdev-azure-workspace"], "azurerm_role_assignment").filter(
      (r) => r.role_definition_name === "Storage Blob Data Reader",
    );
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
    const levels = resourcesOf(out, "databricks_permissions").flatMap(
      (p) => p.access_control as Array<{ group_name?: string; permission_level: string }>,
    );
    // Attach to the shared cluster, use the SQL warehouse, read the shared Git folder and team folder, view the transformation job.
    expect(
      levels
        .filter((a) => a.group_name === "dev-analysts")
        .map((a) => a.permission_level)
        .sort(),
    ).toEqual(["CAN_ATTACH_TO", "CAN_READ", "CAN_READ", "CAN_USE", "CAN_VIEW"]);
    const managers = levels.filter((a) => a.permission_level === "CAN_MANAGE").map((a) => a.group_name);
    expect(new Set(managers)).toEqual(new Set(["dev-platform-admins"]));
    const grants = resourcesOf(out, "databricks_grants").flatMap((g) =>
      (g.grant as Array<{ principal: string; privileges: string[] }>).map((e) => ({
        on: g.catalog ?? g.schema ?? g.volume ?? g.external_location,
        ...e,
      })),
    );
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
    expect(ingestion.task.map((t: any) => t.notebook_task.notebook_path)).toEqual([
      "notebooks/01_ingest_autoloader",
      "notebooks/02_ingest_jdbc",
    ]);
    const training = jobs.find((j) => j.name === "dev-train-bad_review_risk") as Record<string, any>;
    expect(training.job_cluster[0].new_cluster).toMatchObject({
      spark_version: "16.4.x-cpu-ml-scala2.12",
      data_security_mode: "SINGLE_USER",
    });
    expect(training.task[0].notebook_task.base_parameters).toMatchObject({
      catalog: "dev_lakehouse",
      model_schema: "gold",
      model_name: "bad_review_risk",
    });
    expect(ingestion.task[1].notebook_task.base_parameters).toMatchObject({
      jdbc_url: "jdbc:postgresql://orders-db.dev.internal:5432/olist",
      secret_scope: "dev-pipelines",
      user_secret_key: "jdbc-user",
      password_secret_key: "jdbc-password",
    });
    expect(training.schedule.quartz_cron_expression).toBe("0 0 4 ? * MON");
  });

  it("pins prod's Azure jobs and shared Git folder to the release tag", () => {
    const azprod = stacks["azprod-workspace-config"];
    expect(resourcesOf(azprod, "databricks_job").every((j) => j.git_source.tag === "v1.0.0" && j.git_source.branch === undefined)).toBe(
      true,
    );
    expect(resourcesOf(azprod, "databricks_repo")).toEqual([expect.objectContaining({ tag: "v1.0.0", path: "/Repos/shared/lakehouse" })]);
  });

  it("gives each listed developer a Git folder of their own in dev", () => {
    const repos = resourcesOf(out, "databricks_repo");
    expect(repos.map((r) => r.path).sort()).toEqual([
      "/Repos/ana@example.com/lakehouse",
      "/Repos/ben@example.com/lakehouse",
      "/Repos/shared/lakehouse",
    ]);
    expect(resourcesOf(stacks["prod-workspace-config"], "databricks_repo")).toHaveLength(1);
    expect(resourcesOf(out, "databricks_git_credential")[0].personal_access_token).toBe("${var.git_token}");
  });

  it("holds the experiment and the Unity Catalog registered model", () => {
    expect(resourcesOf(out, "databricks_mlflow_experiment")[0].name).toMatch(/\/bad_review_risk$/);
    expect(resourcesOf(out, "databricks_registered_model")[0]).toMatchObject({
      name: "bad_review_risk",
      schema_name: expect.stringMatching(/^\$\{databricks_schema\.data_catalog_gold-schema_[0-9A-F]+\.name\}$/),
    });
  });
});
