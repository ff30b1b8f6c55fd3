import { Catalog } from "@cdktn/provider-databricks/lib/catalog";
import { Mount } from "@cdktn/provider-databricks/lib/mount";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { Repo } from "@cdktn/provider-databricks/lib/repo";
import { SecretScope as SecretScopeResource } from "@cdktn/provider-databricks/lib/secret-scope";
import { StorageCredential } from "@cdktn/provider-databricks/lib/storage-credential";
import { Volume } from "@cdktn/provider-databricks/lib/volume";
import { Testing } from "cdktn";
import { ProviderComputedPolicies } from "../../constructs/aws/databricks-policies";
import { MountInstanceProfile } from "../../constructs/aws/mount-instance-profile";
import { UnityCatalogStorage } from "../../constructs/aws/unity-catalog-storage";
import { UnityCatalogCredential } from "../../constructs/databricks/account/unity-catalog-credential";
import { ClusterPolicy } from "../../constructs/databricks/workspace/cluster-policy";
import { GitFolders } from "../../constructs/databricks/workspace/git-folders";
import { MlAssets } from "../../constructs/databricks/workspace/ml-assets";
import { NotebookJob } from "../../constructs/databricks/workspace/notebook-job";
import { group } from "../../constructs/databricks/workspace/principal";
import { SecretScope } from "../../constructs/databricks/workspace/secret-scope";
import { StorageMount } from "../../constructs/databricks/workspace/storage-mount";
import { LakehouseCatalog } from "../../constructs/databricks/workspace/unity-catalog/lakehouse-catalog";
import type { LakehouseStorage } from "../../constructs/lakehouse-storage";
import { dataSourcesOf, resourcesOf, synthWorkspaceScope } from "../helpers";

const engineers = group("de");
const analysts = group("an");
const admins = group("admins");
const storage: LakehouseStorage = {
  credential: { kind: "existing", name: "dev-lakehouse" },
  urls: {
    landing: "s3://b/landing/",
    bronze: "s3://b/bronze/",
    silver: "s3://b/silver/",
    gold: "s3://b/gold/",
    checkpoints: "s3://b/checkpoints/",
  },
};

describe("LakehouseCatalog", () => {
  const build = (grant: (c: LakehouseCatalog) => void = () => undefined) =>
    synthWorkspaceScope((scope, provider) =>
      grant(
        new LakehouseCatalog(scope, "uc", {
          provider,
          environment: "dev",
          catalogName: "dev_lakehouse",
          storage,
          workspaceId: 42,
          deletionProtection: false,
        }),
      ),
    );

  it("binds the credential, every external location and the catalog to the environment's workspace only", () => {
    const out = build();
    // The AWS credential exists already (workspace stack): used by name, bound, never created here.
    expect(resourcesOf(out, "databricks_storage_credential")).toHaveLength(0);
    expect(resourcesOf(out, "databricks_external_location").every((l) => l.credential_name === "dev-lakehouse")).toBe(true);
    expect(resourcesOf(out, "databricks_workspace_binding").find((b) => b.securable_type === "storage_credential")?.securable_name).toBe(
      "dev-lakehouse",
    );
    expect(
      resourcesOf(out, "databricks_external_location")
        .map((l) => l.url)
        .sort(),
    ).toEqual(Object.values(storage.urls).sort());
    expect(out).toHaveResourceWithProperties(Catalog, {
      name: "dev_lakehouse",
      isolation_mode: "ISOLATED",
      storage_root: "s3://b/bronze/_catalog",
    });
    const bindings = resourcesOf(out, "databricks_workspace_binding");
    expect(bindings).toHaveLength(7);
    expect(bindings.every((b) => b.workspace_id === 42)).toBe(true);
    expect(resourcesOf(out, "databricks_schema").map((s) => [s.name, s.storage_root])).toEqual(
      expect.arrayContaining([
        ["bronze", "s3://b/bronze/"],
        ["silver", "s3://b/silver/"],
        ["gold", "s3://b/gold/"],
      ]),
    );
    expect(out).toHaveResourceWithProperties(Volume, { name: "landing", volume_type: "EXTERNAL", storage_location: "s3://b/landing/" });
    expect(resourcesOf(out, "databricks_grants")).toHaveLength(0);
  });

  it("makes the Azure credential of the access connector itself, isolated and bound", () => {
    const azure: LakehouseStorage = {
      ...storage,
      credential: {
        kind: "azure-managed-identity",
        accessConnectorId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/accessConnectors/ac",
      },
    };
    const out = synthWorkspaceScope(
      (scope, provider) =>
        new LakehouseCatalog(scope, "uc", {
          provider,
          environment: "azdev",
          catalogName: "azdev_lakehouse",
          storage: azure,
          workspaceId: 7,
          deletionProtection: false,
        }),
    );
    expect(out).toHaveResourceWithProperties(StorageCredential, {
      name: "azdev-lakehouse",
      isolation_mode: "ISOLATION_MODE_ISOLATED",
      azure_managed_identity: {
        access_connector_id: azure.credential.kind === "azure-managed-identity" ? azure.credential.accessConnectorId : "",
      },
    });
    expect(resourcesOf(out, "databricks_workspace_binding").find((b) => b.securable_type === "storage_credential")?.securable_name).toMatch(
      /^\$\{databricks_storage_credential\./,
    );
  });

  it("expresses persona access as grant sets on the right securables", () => {
    const out = build((c) => {
      c.grantAdmin(admins);
      c.grantIngest(engineers);
      c.grantWriteSchema(engineers, "silver");
      c.grantReadSchema(analysts, "gold");
    });
    const grants = resourcesOf(out, "databricks_grants");
    const on = (key: string) => grants.find((g) => String(g.catalog ?? g.schema ?? g.volume ?? g.external_location).includes(key));
    expect(on("databricks_catalog.")?.grant).toEqual([
      { principal: "admins", privileges: ["ALL_PRIVILEGES"] },
      { principal: "de", privileges: ["USE_CATALOG"] },
      { principal: "an", privileges: ["USE_CATALOG"] },
    ]);
    expect(on("silver-schema")?.grant).toEqual([
      {
        principal: "de",
        privileges: ["CREATE_FUNCTION", "CREATE_TABLE", "EXECUTE", "MODIFY", "READ_VOLUME", "SELECT", "USE_SCHEMA", "WRITE_VOLUME"],
      },
    ]);
    expect(on("gold-schema")?.grant).toEqual([{ principal: "an", privileges: ["EXECUTE", "READ_VOLUME", "SELECT", "USE_SCHEMA"] }]);
    expect(on("landing-volume")?.grant).toEqual([{ principal: "de", privileges: ["READ_VOLUME", "WRITE_VOLUME"] }]);
    expect(on("landing-location")?.grant).toEqual([{ principal: "de", privileges: ["READ_FILES"] }]);
  });
});

describe("SecretScope", () => {
  it("takes secret values only from sensitive variables and keeps MANAGE for admins", () => {
    const out = synthWorkspaceScope((scope, provider) => {
      const secrets = new SecretScope(scope, "s", { provider, name: "dev-pipelines" });
      secrets.addSecretFromVariable("jdbc-password", "jdbc_password", "Source database password");
      secrets.grantRead(engineers);
      secrets.grantRead(engineers);
      secrets.grantManage(admins);
    });
    expect(out).toHaveResourceWithProperties(SecretScopeResource, { name: "dev-pipelines", backend_type: "DATABRICKS" });
    expect(resourcesOf(out, "databricks_secret")[0]).toMatchObject({ key: "jdbc-password", string_value: "${var.jdbc_password}" });
    expect(JSON.parse(out).variable.jdbc_password).toMatchObject({ sensitive: true, nullable: false });
    expect(
      resourcesOf(out, "databricks_secret_acl")
        .map((a) => `${a.principal}:${a.permission}`)
        .sort(),
    ).toEqual(["admins:MANAGE", "de:READ"]);
  });

  it("backs the scope with Key Vault on Azure and refuses Terraform-managed secrets there", () => {
    expect(() =>
      synthWorkspaceScope((scope, provider) => {
        const secrets = new SecretScope(scope, "s", {
          provider,
          name: "kv",
          keyVault: { resourceId: "/vaults/kv", dnsName: "https://kv.vault.azure.net/" },
        });
        secrets.addSecretFromVariable("x", "x", "x");
      }),
    ).toThrow('secret "x" belongs in Key Vault');
    const out = synthWorkspaceScope(
      (scope, provider) =>
        new SecretScope(scope, "s", {
          provider,
          name: "kv",
          keyVault: { resourceId: "/vaults/kv", dnsName: "https://kv.vault.azure.net/" },
        }),
    );
    expect(out).toHaveResourceWithProperties(SecretScopeResource, {
      backend_type: "AZURE_KEYVAULT",
      keyvault_metadata: { resource_id: "/vaults/kv", dns_name: "https://kv.vault.azure.net/" },
    });
  });
});

describe("StorageMount", () => {
  it("mounts S3 through a registered instance profile", () => {
    const out = synthWorkspaceScope(
      (scope, provider) =>
        new StorageMount(scope, "m", {
          provider,
          name: "landing",
          mount: { kind: "s3", bucket: "b", instanceProfileArn: "arn:aws:iam::1:instance-profile/p" },
        }),
    );
    expect(resourcesOf(out, "databricks_instance_profile")[0].instance_profile_arn).toBe("arn:aws:iam::1:instance-profile/p");
    expect(resourcesOf(out, "databricks_mount")[0].s3.bucket_name).toBe("b");
  });

  it("mounts ADLS with a service principal whose secret is read from the scope, and refuses without one", () => {
    const mount = { kind: "abfs", storageAccountName: "st", container: "landing", tenantId: "t" } as const;
    const out = synthWorkspaceScope(
      (scope, provider) =>
        new StorageMount(scope, "m", {
          provider,
          name: "landing",
          mount,
          servicePrincipal: { clientId: "c", secretScope: "scope", secretKey: "key" },
        }),
    );
    expect(out).toHaveResourceWithProperties(Mount, {
      abfs: {
        storage_account_name: "st",
        container_name: "landing",
        tenant_id: "t",
        client_id: "c",
        client_secret_scope: "scope",
        client_secret_key: "key",
        initialize_file_system: false,
      },
    });
    expect(() => synthWorkspaceScope((scope, provider) => new StorageMount(scope, "m", { provider, name: "landing", mount }))).toThrow(
      "an ADLS mount needs servicePrincipal",
    );
  });
});

describe("GitFolders", () => {
  it("checks the release out once for everyone and gives each developer an editable folder", () => {
    const out = synthWorkspaceScope((scope, provider) => {
      const folders = new GitFolders(scope, "git", {
        provider,
        url: "https://github.com/o/r.git",
        gitProvider: "gitHub",
        branch: "release",
        developers: ["ana@example.com"],
      });
      folders.grantRun(engineers);
      folders.grantRead(analysts);
    });
    expect(out).toHaveResourceWithProperties(Repo, { path: "/Repos/shared/lakehouse", branch: "release" });
    expect(out).toHaveResourceWithProperties(Repo, { path: "/Repos/ana@example.com/lakehouse" });
    expect(resourcesOf(out, "databricks_git_credential")[0].personal_access_token).toBe("${var.git_token}");
    const access = resourcesOf(out, "databricks_permissions").map((p) => p.access_control);
    expect(access).toEqual(
      expect.arrayContaining([
        [{ user_name: "ana@example.com", permission_level: "CAN_EDIT" }],
        [
          { group_name: "de", permission_level: "CAN_RUN" },
          { group_name: "an", permission_level: "CAN_READ" },
        ],
      ]),
    );
  });
});

describe("NotebookJob and MlAssets", () => {
  it("builds a job cluster under the policy and wires tasks, dependencies, trigger and run-as", () => {
    const out = synthWorkspaceScope((scope, provider) => {
      const policy = new ClusterPolicy(scope, "jobs", {
        persona: "jobs",
        environment: "dev",
        cloud: "aws",
        provider,
        maxWorkers: 4,
        maxDbuPerHour: 10,
        sparkVersions: ["16.4.x-scala2.12"],
        nodeTypes: ["m5d.large"],
        tags: { owner: "o", costCenter: "c" },
      });
      const job = new NotebookJob(scope, "job", {
        provider,
        name: "dev-ingestion",
        compute: {
          kind: "job-cluster",
          cloud: "aws",
          policy,
          sparkVersion: "16.4.x-scala2.12",
          instancePoolId: "pool-1",
          workers: { min: 1, max: 4 },
        },
        git: { url: "https://github.com/o/r.git", provider: "gitHub", branch: "main" },
        tasks: [
          { key: "a", notebook: "notebooks/a" },
          { key: "b", notebook: "notebooks/b", dependsOn: ["a"], parameters: { catalog: "c" } },
        ],
        trigger: { fileArrivalUrl: "/Volumes/c/bronze/landing/" },
        runAsServicePrincipal: "sp-app-id",
        notificationEmails: ["oncall@example.com"],
        tags: { Owner: "o" },
      });
      job.grantManageRun(engineers);
    });
    const [job] = resourcesOf(out, "databricks_job");
    expect(job.job_cluster[0].new_cluster).toMatchObject({
      instance_pool_id: "pool-1",
      data_security_mode: "USER_ISOLATION",
      autoscale: { min_workers: 1, max_workers: 4 },
    });
    expect(job.job_cluster[0].new_cluster.policy_id).toMatch(/databricks_cluster_policy\.jobs_policy/);
    expect(job.task[1]).toMatchObject({
      task_key: "b",
      depends_on: [{ task_key: "a" }],
      notebook_task: { notebook_path: "notebooks/b", source: "GIT", base_parameters: { catalog: "c" } },
    });
    expect(job.trigger.file_arrival.url).toBe("/Volumes/c/bronze/landing/");
    expect(job.schedule).toBeUndefined();
    expect(job.run_as).toEqual({ service_principal_name: "sp-app-id" });
    expect(resourcesOf(out, "databricks_permissions").find((p) => p.job_id)?.access_control).toEqual([
      { group_name: "de", permission_level: "CAN_MANAGE_RUN" },
    ]);
  });

  it("creates the team folder, the experiment inside it and the registered model with grants", () => {
    const out = synthWorkspaceScope((scope, provider) => {
      const ml = new MlAssets(scope, "ml", {
        provider,
        environment: "dev",
        folder: "/Shared/dev-lakehouse",
        experimentName: "m",
        catalogName: "c",
        schemaName: "gold",
        modelName: "m",
        modelOwner: "sp",
        tags: { Owner: "o" },
      });
      ml.grantExperimentEdit(engineers);
      ml.grantModelUse(analysts);
      ml.grantFolder(analysts, "CAN_READ");
    });
    expect(resourcesOf(out, "databricks_directory")[0].path).toBe("/Shared/dev-lakehouse");
    expect(resourcesOf(out, "databricks_mlflow_experiment")[0]).toMatchObject({
      tags: [
        { key: "mlflow.note.content", value: "Training runs of m in dev" },
        { key: "Owner", value: "o" },
      ],
    });
    expect(resourcesOf(out, "databricks_mlflow_experiment")[0].description).toBeUndefined();
    expect(resourcesOf(out, "databricks_registered_model")[0]).toMatchObject({
      catalog_name: "c",
      schema_name: "gold",
      name: "m",
      owner: "sp",
    });
    expect(resourcesOf(out, "databricks_grants")[0].grant).toEqual([{ principal: "an", privileges: ["EXECUTE"] }]);
  });
});

describe("AWS Unity Catalog storage and mount profile", () => {
  it("builds the self-assuming UC role from the Databricks data sources, scoped to the bucket and the key's ARN, trusting the credential's external id", () => {
    const out = Testing.synthScope((scope) => {
      const account = new DatabricksProvider(scope, "account", { alias: "account", host: "https://accounts.cloud.databricks.com" });
      const credential = new UnityCatalogCredential(scope, "credential", {
        provider: account,
        metastoreId: "11111111-2222-4333-8444-555555555555",
        name: "dev-lakehouse",
        comment: "c",
        roleArn: `arn:aws:iam::111111111111:role/${UnityCatalogStorage.roleName("dev-lakehouse")}`,
      });
      new UnityCatalogStorage(scope, "uc", {
        name: "dev-lakehouse",
        awsAccountId: "111111111111",
        policies: new ProviderComputedPolicies(account, "acct"),
        deletionProtection: false,
        credential: { name: credential.credential.name, externalId: credential.externalId },
      });
    });
    const [access] = dataSourcesOf(out, "databricks_aws_unity_catalog_policy");
    expect(access).toMatchObject({
      bucket_name: "dev-lakehouse-data-111111111111",
      role_name: "dev-lakehouse-unity-catalog",
      aws_account_id: "111111111111",
    });
    // The ARN of the bucket's key, which the data source pastes into the kms:Decrypt statement as is.
    expect(access.kms_name).toMatch(/^\$\{aws_kms_key\.uc_key_[0-9A-F]+\.arn\}$/);
    const [trust] = dataSourcesOf(out, "databricks_aws_unity_catalog_assume_role_policy");
    expect(trust).toMatchObject({ role_name: "dev-lakehouse-unity-catalog" });
    expect(trust.external_id).toMatch(/^\$\{databricks_storage_credential\.credential_[0-9A-F]+\.aws_iam_role\[0\]\.external_id\}$/);
    const [credential] = resourcesOf(out, "databricks_storage_credential");
    expect(credential).toMatchObject({
      name: "dev-lakehouse",
      metastore_id: "11111111-2222-4333-8444-555555555555",
      aws_iam_role: { role_arn: "arn:aws:iam::111111111111:role/dev-lakehouse-unity-catalog" },
    });
    expect(resourcesOf(out, "aws_iam_role")[0].name).toBe("dev-lakehouse-unity-catalog");
  });

  it("lets the mount role read only the landing prefix", () => {
    const out = Testing.synthScope(
      (scope) => new MountInstanceProfile(scope, "m", { name: "dev", bucketArn: "arn:aws:s3:::b", kmsKeyArn: "arn:key" }),
    );
    const read = dataSourcesOf(out, "aws_iam_policy_document").find((d) => d.statement.some((s: any) => s.sid === "ReadLanding"));
    expect(read?.statement.find((s: any) => s.sid === "ReadLanding").resources).toEqual(["arn:aws:s3:::b/landing/*"]);
    expect(resourcesOf(out, "aws_iam_instance_profile")[0].name).toBe("dev-s3-mount");
  });
});
