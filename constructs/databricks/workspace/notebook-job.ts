import { Job, type JobJobCluster, type JobSchedule, type JobTask, type JobTrigger } from "@cdktn/provider-databricks/lib/job";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import type { Cloud } from "../../../config/node-types";
import { PERFORMANCE_SPARK_CONF } from "./autoscaling-cluster";
import type { ClusterPolicy } from "./cluster-policy";
import type { JobRequirements } from "./job-requirements";
import { ObjectPermissions } from "./object-permissions";
import type { Principal } from "./principal";

export interface NotebookTaskSpec {
  readonly key: string;
  /** Path of the notebook inside the repository, without extension (e.g. "notebooks/01_ingest_autoloader"). */
  readonly notebook: string;
  readonly parameters?: Record<string, string>;
  readonly dependsOn?: string[];
}

/** A job cluster created for each run under the job policy (classic workspaces). */
export interface JobClusterCompute {
  readonly kind: "job-cluster";
  readonly cloud: Cloud;
  /** The job policy: job clusters are always created under it. */
  readonly policy: ClusterPolicy;
  readonly sparkVersion: string;
  /** Nodes come from the pool (fast starts) unless a node type is given (e.g. ML). */
  readonly instancePoolId?: string;
  readonly nodeType?: string;
  readonly workers: { readonly min: number; readonly max: number };
  /** Dedicated (single user) access mode, required by ML runtimes; Standard otherwise. */
  readonly dedicated?: boolean;
}

/**
 * Serverless compute for jobs: no cluster and no job environment (the Jobs API refuses a task
 * environment on a notebook task and asks for %pip instead); each task passes the notebooks' pin file
 * as the `pip_requirements` parameter, and the notebook installs it notebook-scoped in its first cells.
 * Usage is attributed by the serverless budget policy.
 */
export interface ServerlessJobCompute {
  readonly kind: "serverless";
  readonly requirements: JobRequirements;
  /** Jobs API performance_target: "STANDARD" or "PERFORMANCE_OPTIMIZED". */
  readonly performanceTarget: string;
  /** The serverless budget policy the job's usage is billed under (its tags attribute the cost). */
  readonly budgetPolicyId?: string;
}

export interface NotebookJobProps {
  readonly provider: TerraformProvider;
  readonly name: string;
  readonly compute: JobClusterCompute | ServerlessJobCompute;
  readonly git: { readonly url: string; readonly provider: string; readonly branch?: string; readonly tag?: string };
  readonly tasks: NotebookTaskSpec[];
  readonly trigger?: { readonly fileArrivalUrl: string } | { readonly cron: string; readonly timezone: string };
  readonly runAsServicePrincipal: string;
  readonly notificationEmails: string[];
  readonly tags: Record<string, string>;
  readonly timeoutSeconds?: number;
}

/**
 * A job of notebook tasks read from the team repository at a pinned branch or tag, run as the CI/CD
 * service principal, with failure notifications; on a job cluster created under the job policy, or
 * on serverless compute (no cluster: provider docs, databricks_job, "If no job_cluster_key,
 * existing_cluster_id, or new_cluster were specified in task definition, then task will executed using
 * serverless compute"), each task naming the pins its notebook installs with %pip.
 */
export class NotebookJob extends Construct {
  readonly job: Job;
  readonly permissions: ObjectPermissions;

  constructor(scope: Construct, id: string, props: NotebookJobProps) {
    super(scope, id);
    const clusterKey = "main";
    const { compute } = props;
    const serverless = compute.kind === "serverless" ? compute : undefined;
    const tasks: JobTask[] = props.tasks.map((task) => ({
      taskKey: task.key,
      jobClusterKey: serverless ? undefined : clusterKey,
      notebookTask: {
        notebookPath: task.notebook,
        source: "GIT",
        // Only serverless tasks install packages: a job cluster (maybe in an estate without internet) never reaches an index.
        baseParameters: serverless ? { ...task.parameters, [PIP_REQUIREMENTS_PARAMETER]: serverless.requirements.file } : task.parameters,
      },
      dependsOn: task.dependsOn?.map((taskKey) => ({ taskKey })),
      maxRetries: 1,
      minRetryIntervalMillis: 60_000,
    }));
    const trigger: JobTrigger | undefined =
      props.trigger && "fileArrivalUrl" in props.trigger
        ? { fileArrival: { url: props.trigger.fileArrivalUrl, minTimeBetweenTriggersSeconds: 300 } }
        : undefined;
    const schedule: JobSchedule | undefined =
      props.trigger && "cron" in props.trigger
        ? { quartzCronExpression: props.trigger.cron, timezoneId: props.trigger.timezone }
        : undefined;

    this.job = new Job(this, "job", {
      provider: props.provider,
      name: props.name,
      maxConcurrentRuns: 1,
      timeoutSeconds: props.timeoutSeconds ?? 4 * 3600,
      gitSource: {
        url: props.git.url,
        provider: props.git.provider,
        branch: props.git.tag ? undefined : props.git.branch,
        tag: props.git.tag,
      },
      jobCluster: compute.kind === "job-cluster" ? [jobCluster(clusterKey, compute, props)] : undefined,
      performanceTarget: serverless?.performanceTarget,
      budgetPolicyId: serverless?.budgetPolicyId,
      task: tasks,
      trigger,
      schedule,
      runAs: { servicePrincipalName: props.runAsServicePrincipal },
      emailNotifications: { onFailure: props.notificationEmails, noAlertForSkippedRuns: true },
      tags: props.tags,
    });
    this.permissions = new ObjectPermissions(this, "access", {
      provider: props.provider,
      target: { jobId: this.job.id },
      levels: ["CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE"],
    });
  }

  /** See runs and their output. */
  grantView(principal: Principal): void {
    this.permissions.grant(principal, "CAN_VIEW");
  }

  /** Trigger and cancel runs (the job's definition stays in code). */
  grantManageRun(principal: Principal): void {
    this.permissions.grant(principal, "CAN_MANAGE_RUN");
  }

  grantManage(principal: Principal): void {
    this.permissions.grant(principal, "CAN_MANAGE");
  }
}

/** The notebook parameter (widget) naming the pin file a serverless task installs; job clusters never get it. */
export const PIP_REQUIREMENTS_PARAMETER = "pip_requirements";

function jobCluster(key: string, compute: JobClusterCompute, props: NotebookJobProps): JobJobCluster {
  return {
    jobClusterKey: key,
    newCluster: {
      policyId: compute.policy.id,
      applyPolicyDefaultValues: true,
      sparkVersion: compute.sparkVersion,
      instancePoolId: compute.nodeType ? undefined : compute.instancePoolId,
      nodeTypeId: compute.nodeType,
      autoscale: { minWorkers: compute.workers.min, maxWorkers: compute.workers.max },
      dataSecurityMode: compute.dedicated ? "SINGLE_USER" : "USER_ISOLATION",
      singleUserName: compute.dedicated ? props.runAsServicePrincipal : undefined,
      runtimeEngine: compute.dedicated ? "STANDARD" : "PHOTON",
      enableLocalDiskEncryption: true,
      sparkConf: PERFORMANCE_SPARK_CONF,
      customTags: props.tags,
      awsAttributes:
        compute.cloud === "aws" && compute.nodeType ? { availability: "SPOT_WITH_FALLBACK", firstOnDemand: 1, zoneId: "auto" } : undefined,
      azureAttributes:
        compute.cloud === "azure" && compute.nodeType ? { availability: "SPOT_WITH_FALLBACK_AZURE", firstOnDemand: 1 } : undefined,
    },
  };
}
