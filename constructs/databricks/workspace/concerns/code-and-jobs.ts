import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { classicCompute, type JobName, jobComputeOf } from "../../../../config/compute-mode";
import type { Environment } from "../../../../config/schema";
import { costTags } from "../../../cost-tags";
import type { LakehouseStorage } from "../../../lakehouse-storage";
import type { ClusterPolicy } from "../cluster-policy";
import { GitFolders } from "../git-folders";
import type { InstancePool } from "../instance-pool";
import type { JobRequirements } from "../job-requirements";
import { MlAssets } from "../ml-assets";
import { type JobClusterCompute, NotebookJob, type ServerlessJobCompute } from "../notebook-job";
import type { PersonaEntitlements } from "../persona-entitlements";
import type { Principal } from "../principal";
import type { LakehouseCatalog } from "../unity-catalog/lakehouse-catalog";

/** Notebooks of the repository the jobs run, by task (paths without the .py extension). */
export const NOTEBOOKS = {
  ingestFiles: "notebooks/01_ingest_autoloader",
  ingestJdbc: "notebooks/02_ingest_jdbc",
  silverGold: "notebooks/03_silver_gold",
  trainModel: "notebooks/04_train_model",
} as const;

export const MODEL_NAME = "bad_review_risk";

export interface CodeAndJobsProps {
  readonly env: Environment;
  readonly provider: TerraformProvider;
  readonly groups: PersonaEntitlements;
  readonly cicd: Principal;
  /** The CI/CD principal's application id: the jobs run as it and it owns the model. */
  readonly cicdApplicationId: string;
  /** Classic workspaces: the job policy and the pool job clusters draw from; absent in a serverless workspace. */
  readonly classic?: { readonly jobsPolicy: ClusterPolicy; readonly pool: InstancePool };
  /** The notebooks' pins, which serverless notebook tasks install themselves (../job-requirements). */
  readonly jobRequirements: JobRequirements;
  /** The serverless budget policy serverless jobs are billed under (the workspace stack's), where the blueprint creates the workspace. */
  readonly budgetPolicyId?: string;
  /** With a catalog (and its storage) the jobs and ML assets are added; without, only the Git folders. */
  readonly lakehouse?: { readonly catalog: LakehouseCatalog; readonly storage: LakehouseStorage };
  /** Tag the written tables' columns with the governed tag `sensitivity` (a prod catalog developers read). */
  readonly classify?: boolean;
}

/**
 * The code and what runs it: Git folders of the team repository (shared, and one per developer in
 * dev-like stages), the ingestion, silver/gold and training jobs running the repository's notebooks
 * at the configured branch or tag as the CI/CD principal, and the ML folder, experiment and model.
 */
export class CodeAndJobs extends Construct {
  readonly gitFolders: GitFolders;
  readonly jobs?: Record<"ingestion" | "lakehouse" | "training", NotebookJob>;
  readonly ml?: MlAssets;

  constructor(scope: Construct, id: string, props: CodeAndJobsProps) {
    super(scope, id);
    const { env, provider, cicd } = props;
    const { admins, dataEngineers, dataScientists, analysts } = props.groups;
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

    if (props.lakehouse) {
      const { catalog, storage } = props.lakehouse;
      const compute = env.compute;
      const classic = classicCompute(compute);
      const tags = costTags(env.tags, env.name);
      const maxJobWorkers = classic?.policies.jobs.maxWorkers ?? 0;
      // Where each job runs (config/compute-mode.ts): a job cluster under the jobs policy, or serverless.
      const computeFor = (
        job: JobName,
        cluster: Omit<JobClusterCompute, "kind" | "cloud" | "policy" | "instancePoolId" | "sparkVersion"> & { sparkVersion?: string },
      ): JobClusterCompute | ServerlessJobCompute => {
        if (jobComputeOf(compute, job) === "job-cluster") {
          // Config requires the pool and policies of a classic workspace (config/rules/compute-mode.ts).
          if (!props.classic)
            throw new Error(`${this.node.path}: the ${job} job runs on a job cluster, but the workspace has no jobs policy or pool`);
          return {
            kind: "job-cluster",
            cloud: env.cloud,
            policy: props.classic.jobsPolicy,
            instancePoolId: props.classic.pool.id,
            ...cluster,
            sparkVersion: cluster.sparkVersion ?? compute.sparkVersion,
          };
        }
        return {
          kind: "serverless",
          requirements: props.jobRequirements,
          performanceTarget: compute.serverless.performanceTarget,
          budgetPolicyId: props.budgetPolicyId,
        };
      };
      // Jobs run the repository's notebooks at the configured branch or tag, as the CI/CD principal.
      const jobCommon = {
        provider,
        git: { url: repo.url, provider: repo.provider, branch: repo.branch, tag: repo.tag },
        runAsServicePrincipal: props.cicdApplicationId,
        notificationEmails: env.jobs.notificationEmails,
        tags,
      };
      const catalogParam = { catalog: env.catalogName };
      const landingVolume = `/Volumes/${env.catalogName}/bronze/landing/`;
      const ingestion = new NotebookJob(this, "ingestion-job", {
        ...jobCommon,
        name: `${env.name}-ingestion`,
        compute: computeFor("ingestion", { workers: { min: 1, max: Math.min(4, maxJobWorkers) } }),
        tasks: [
          {
            key: "ingest_files",
            notebook: NOTEBOOKS.ingestFiles,
            parameters: {
              ...catalogParam,
              landing_path: landingVolume,
              checkpoint_path: `${storage.urls.checkpoints}autoloader`,
              source: "cloudFiles",
            },
          },
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
        trigger:
          env.jobs.ingestionTrigger === "file-arrival"
            ? { fileArrivalUrl: landingVolume }
            : { cron: env.jobs.ingestionTrigger, timezone: env.jobs.timezone },
      });
      const lakehouse = new NotebookJob(this, "lakehouse-job", {
        ...jobCommon,
        name: `${env.name}-silver-gold`,
        compute: computeFor("transformation", { workers: { min: 1, max: maxJobWorkers } }),
        // A prod catalog developers read tags its columns for the ABAC policies (docs/production-data-in-dev.md).
        tasks: [
          {
            key: "silver_gold",
            notebook: NOTEBOOKS.silverGold,
            parameters: props.classify ? { ...catalogParam, classify: "true" } : catalogParam,
          },
        ],
        trigger: { cron: env.jobs.transformSchedule, timezone: env.jobs.timezone },
      });
      const ml = new MlAssets(this, "ml", {
        provider,
        environment: env.name,
        folder: `/Shared/${env.name}-lakehouse`,
        experimentName: MODEL_NAME,
        catalogName: catalog.catalog.name,
        schemaName: catalog.schemas.gold.name,
        modelName: MODEL_NAME,
        modelOwner: props.cicdApplicationId,
        tags,
      });
      this.ml = ml;
      const training = new NotebookJob(this, "training-job", {
        ...jobCommon,
        name: `${env.name}-train-${MODEL_NAME}`,
        // pyspark.ml and mlflow.spark run on serverless from environment version 4 (docs/compute-modes.md),
        // within its limits (100 MB per model); classic workspaces keep training on an ML runtime by default.
        compute: computeFor("training", {
          sparkVersion: compute.mlSparkVersion,
          nodeType: classic?.pool.nodeType,
          dedicated: true,
          workers: { min: 1, max: Math.min(4, maxJobWorkers) },
        }),
        tasks: [
          {
            key: "train",
            notebook: NOTEBOOKS.trainModel,
            parameters: {
              ...catalogParam,
              gold_schema: "gold",
              model_schema: "gold",
              model_name: MODEL_NAME,
              experiment_path: ml.experiment.name,
            },
          },
        ],
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

      ml.grantFolder(admins, "CAN_MANAGE");
      ml.grantFolder(dataEngineers, "CAN_EDIT");
      ml.grantFolder(dataScientists, "CAN_EDIT");
      ml.grantFolder(analysts, "CAN_READ");
      ml.grantExperimentManage(admins);
      ml.grantExperimentEdit(dataScientists);
      ml.grantExperimentEdit(cicd);
      ml.grantExperimentRead(dataEngineers);
      ml.grantModelUse(dataScientists);
    }
  }
}
