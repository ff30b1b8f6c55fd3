import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { Environment } from "../config/schema";
import { costTags } from "../constructs/cost-tags";
import { useStateBackend } from "./state-backend";
import { PersonaEntitlements } from "../constructs/databricks/workspace/persona-entitlements";
import { WorkspaceHardening } from "../constructs/databricks/workspace/workspace-hardening";
import { ClusterPolicy, type Persona } from "../constructs/databricks/workspace/cluster-policy";
import { InstancePool } from "../constructs/databricks/workspace/instance-pool";
import { AutoscalingCluster } from "../constructs/databricks/workspace/autoscaling-cluster";
import { LakehouseCatalog } from "../constructs/databricks/workspace/unity-catalog/lakehouse-catalog";
import { SecretScope } from "../constructs/databricks/workspace/secret-scope";
import { StorageMount } from "../constructs/databricks/workspace/storage-mount";
import { DataDatabricksServicePrincipal } from "@cdktf/provider-databricks/lib/data-databricks-service-principal";
import type { Principal } from "../constructs/databricks/workspace/principal";
import type { WorkspaceHandoff } from "./workspace-handoff";
import { GitFolders } from "../constructs/databricks/workspace/git-folders";
import { NotebookJob } from "../constructs/databricks/workspace/notebook-job";
import { MlAssets } from "../constructs/databricks/workspace/ml-assets";

/** Notebooks of the repository the jobs run, by task (paths without the .py extension). */
export const NOTEBOOKS = {
  ingestFiles: "notebooks/01_ingest_autoloader",
  ingestJdbc: "notebooks/02_ingest_jdbc",
  silverGold: "notebooks/03_silver_gold",
  trainModel: "notebooks/04_train_model",
} as const;

export const MODEL_NAME = "bad_review_risk";

export interface WorkspaceConfigStackProps {
  readonly env: Environment;
  /** From the workspace stack, or from config for an existing workspace. */
  readonly handoff: WorkspaceHandoff;
}

/**
 * What lives inside a workspace, on any cloud: persona entitlements, security settings, cluster
 * policies per persona, the pool and the shared cluster, each with its grants. The workspace-level provider authenticates with
 * DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET from the environment.
 */
export class WorkspaceConfigStack extends TerraformStack {
  readonly groups: PersonaEntitlements;
  readonly hardening: WorkspaceHardening;
  readonly policies: Record<Persona, ClusterPolicy>;
  readonly pool: InstancePool;
  readonly sharedCluster: AutoscalingCluster;
  readonly secrets: SecretScope;
  readonly catalog?: LakehouseCatalog;
  readonly gitFolders: GitFolders;
  readonly jobs: Record<"ingestion" | "lakehouse" | "training", NotebookJob> | undefined;
  readonly ml?: MlAssets;
  /** The CI/CD service principal; deploys this stack and runs the jobs. */
  readonly cicd: Principal;

  constructor(scope: Construct, id: string, props: WorkspaceConfigStackProps) {
    super(scope, id);
    useStateBackend(this, props.env.state);
    const { env } = props;
    const cloud = env.cloud;
    const provider = new DatabricksProvider(this, "databricks", { host: props.handoff.host });
    const tags = costTags(env.tags, env.name);
    const compute = env.compute;

    this.groups = new PersonaEntitlements(this, "groups", { names: env.groups, provider });
    const { admins, dataEngineers, dataScientists, analysts } = this.groups;
    const cicd = new DataDatabricksServicePrincipal(this, "cicd", { provider, displayName: env.cicdServicePrincipal });
    this.cicd = { kind: "service-principal", applicationId: cicd.applicationId, label: "cicd" };

    this.hardening = new WorkspaceHardening(this, "hardening", { provider, environment: env.name, ...env.security, keepDbfsMounts: env.mounts.enabled });
    this.hardening.grantTokenUse(dataEngineers);

    this.pool = new InstancePool(this, "pool", {
      name: `${env.name}-general`,
      cloud,
      provider,
      nodeType: compute.pool.nodeType,
      minIdleInstances: compute.pool.minIdleInstances,
      maxCapacity: compute.pool.maxCapacity,
      idleAutoterminationMinutes: compute.pool.idleAutoterminationMinutes,
      preloadedSparkVersions: [compute.sparkVersion],
      tags,
    });

    const common = {
      environment: env.name,
      cloud,
      provider,
      nodeTypes: compute.allowedNodeTypes,
      tags: env.tags,
    };
    this.policies = {
      jobs: new ClusterPolicy(this, "jobs-policy", {
        ...common,
        persona: "jobs",
        ...compute.policies.jobs,
        sparkVersions: [compute.sparkVersion, compute.mlSparkVersion],
        instancePoolId: this.pool.id,
      }),
      shared: new ClusterPolicy(this, "shared-policy", { ...common, persona: "shared", ...compute.policies.shared, sparkVersions: [compute.sparkVersion] }),
      personal: new ClusterPolicy(this, "personal-policy", {
        ...common,
        persona: "personal",
        ...compute.policies.personal,
        sparkVersions: [compute.sparkVersion, compute.mlSparkVersion],
      }),
    };
    this.policies.jobs.grantUse(dataEngineers);
    this.policies.shared.grantUse(dataEngineers);
    this.policies.personal.grantUse(dataEngineers);
    this.policies.personal.grantUse(dataScientists);
    this.pool.grantAttach(dataEngineers);
    this.pool.grantManage(admins);

    const shared = compute.sharedCluster;
    this.sharedCluster = new AutoscalingCluster(this, "shared-cluster", {
      name: `${env.name}-shared`,
      cloud,
      provider,
      policy: this.policies.shared,
      sparkVersion: compute.sparkVersion,
      nodeType: shared.nodeType,
      workers: { min: shared.minWorkers, max: shared.maxWorkers },
      autoterminationMinutes: shared.autoterminationMinutes,
      photon: shared.photon,
      spotBidPricePercent: shared.spotBidPricePercent,
      tags,
    });
    this.sharedCluster.grantAttach(analysts);
    this.sharedCluster.grantRestart(dataScientists);
    this.sharedCluster.grantRestart(dataEngineers);
    this.sharedCluster.grantManage(admins);

    // Secrets for pipelines (JDBC credentials, the mount's client secret): values from sensitive
    // variables on AWS, from Key Vault on Azure. Jobs run as the CI/CD principal; engineers debug them.
    this.secrets = new SecretScope(this, "secrets", { provider, name: env.secretScope, keyVault: props.handoff.secretVault });
    if (!props.handoff.secretVault) {
      this.secrets.addSecretFromVariable("jdbc-user", "jdbc_user", "User of the source database the JDBC ingestion reads");
      this.secrets.addSecretFromVariable("jdbc-password", "jdbc_password", "Password of the source database the JDBC ingestion reads");
    }
    this.secrets.grantRead(dataEngineers);
    this.secrets.grantRead(this.cicd);
    this.secrets.grantManage(admins);

    const repo = env.repository;
    this.gitFolders = new GitFolders(this, "git-folders", {
      provider,
      url: repo.url,
      gitProvider: repo.provider,
      branch: repo.branch,
      tag: repo.tag,
      developers: repo.developers,
    });
    this.gitFolders.grantManage(admins);
    for (const runner of [dataEngineers, dataScientists]) this.gitFolders.grantRun(runner);
    this.gitFolders.grantRead(analysts);

    const { storage, workspaceId } = props.handoff;
    this.jobs = undefined;
    if (storage && workspaceId !== undefined) {
      this.catalog = new LakehouseCatalog(this, "catalog", {
        provider,
        environment: env.name,
        catalogName: env.catalogName,
        storage,
        workspaceId,
        deletionProtection: env.deletionProtection,
      });
      const catalog = this.catalog;
      catalog.grantAdmin(admins);
      for (const writer of [dataEngineers, this.cicd]) {
        catalog.grantIngest(writer);
        (["bronze", "silver", "gold"] as const).forEach((schema) => catalog.grantWriteSchema(writer, schema));
      }
      catalog.grantCreateModel(this.cicd, "gold");
      catalog.grantReadSchema(dataScientists, "silver");
      catalog.grantReadSchema(dataScientists, "gold");
      catalog.grantCreateModel(dataScientists, "gold");
      catalog.grantReadSchema(analysts, "gold");

      // Jobs run the repository's notebooks at the configured branch or tag, as the CI/CD principal.
      const jobCommon = {
        provider,
        cloud,
        policy: this.policies.jobs,
        sparkVersion: compute.sparkVersion,
        instancePoolId: this.pool.id,
        git: { url: repo.url, provider: repo.provider, branch: repo.branch, tag: repo.tag },
        runAsServicePrincipal: cicd.applicationId,
        notificationEmails: env.jobs.notificationEmails,
        tags,
      };
      const catalogParam = { catalog: env.catalogName };
      const landingVolume = `/Volumes/${env.catalogName}/bronze/landing/`;
      const maxJobWorkers = compute.policies.jobs.maxWorkers;
      const ingestion = new NotebookJob(this, "ingestion-job", {
        ...jobCommon,
        name: `${env.name}-ingestion`,
        workers: { min: 1, max: Math.min(4, maxJobWorkers) },
        tasks: [
          { key: "ingest_files", notebook: NOTEBOOKS.ingestFiles, parameters: { ...catalogParam, landing_path: landingVolume, checkpoint_path: `${storage.urls.checkpoints}autoloader`, source: "cloudFiles" } },
          ...(env.jobs.jdbc
            ? [
                {
                  key: "ingest_jdbc",
                  notebook: NOTEBOOKS.ingestJdbc,
                  parameters: {
                    ...catalogParam,
                    jdbc_url: env.jobs.jdbc.url,
                    source_table: env.jobs.jdbc.sourceTable,
                    partition_column: env.jobs.jdbc.partitionColumn,
                    num_partitions: String(env.jobs.jdbc.numPartitions),
                    secret_scope: env.secretScope,
                    user_secret_key: "jdbc-user",
                    password_secret_key: "jdbc-password",
                  },
                },
              ]
            : []),
        ],
        trigger: env.jobs.ingestionTrigger === "file-arrival" ? { fileArrivalUrl: landingVolume } : { cron: env.jobs.ingestionTrigger, timezone: env.jobs.timezone },
      });
      const lakehouse = new NotebookJob(this, "lakehouse-job", {
        ...jobCommon,
        name: `${env.name}-silver-gold`,
        workers: { min: 1, max: maxJobWorkers },
        tasks: [{ key: "silver_gold", notebook: NOTEBOOKS.silverGold, parameters: catalogParam }],
        trigger: { cron: env.jobs.transformSchedule, timezone: env.jobs.timezone },
      });
      this.ml = new MlAssets(this, "ml", {
        provider,
        environment: env.name,
        folder: `/Shared/${env.name}-lakehouse`,
        experimentName: MODEL_NAME,
        catalogName: catalog.catalog.name,
        schemaName: catalog.schemas.gold.name,
        modelName: MODEL_NAME,
        modelOwner: cicd.applicationId,
        tags,
      });
      const training = new NotebookJob(this, "training-job", {
        ...jobCommon,
        name: `${env.name}-train-${MODEL_NAME}`,
        sparkVersion: compute.mlSparkVersion,
        nodeType: compute.pool.nodeType,
        dedicated: true,
        workers: { min: 1, max: Math.min(4, maxJobWorkers) },
        tasks: [{ key: "train", notebook: NOTEBOOKS.trainModel, parameters: { ...catalogParam, gold_schema: "gold", model_schema: "gold", model_name: MODEL_NAME, experiment_path: this.ml.experiment.name } }],
        trigger: { cron: env.jobs.trainingSchedule, timezone: env.jobs.timezone },
      });
      this.jobs = { ingestion, lakehouse, training };
      for (const job of [ingestion, lakehouse, training]) {
        job.grantManage(admins);
        job.grantView(dataScientists);
      }
      ingestion.grantManageRun(dataEngineers);
      lakehouse.grantManageRun(dataEngineers);
      lakehouse.grantView(analysts);
      training.grantManageRun(dataScientists);
      training.grantView(dataEngineers);

      const ml = this.ml;
      ml.grantFolder(admins, "CAN_MANAGE");
      ml.grantFolder(dataEngineers, "CAN_EDIT");
      ml.grantFolder(dataScientists, "CAN_EDIT");
      ml.grantFolder(analysts, "CAN_READ");
      ml.grantExperimentManage(admins);
      ml.grantExperimentEdit(dataScientists);
      ml.grantExperimentEdit(this.cicd);
      ml.grantExperimentRead(dataEngineers);
      ml.grantModelUse(dataScientists);

      if (env.mounts.enabled && storage.mount) {
        new StorageMount(this, "landing-mount", {
          provider,
          name: `${env.name}-landing`,
          mount: storage.mount,
          servicePrincipal: env.mounts.servicePrincipalClientId
            ? { clientId: env.mounts.servicePrincipalClientId, secretScope: this.secrets.name, secretKey: env.mounts.secretKey }
            : undefined,
        });
      }
    }
  }
}
