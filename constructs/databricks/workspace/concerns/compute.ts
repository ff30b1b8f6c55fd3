import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { type ClassicCompute, classicCompute } from "../../../../config/compute-mode";
import type { Environment } from "../../../../config/schema";
import { costTags } from "../../../cost-tags";
import { AutoscalingCluster } from "../autoscaling-cluster";
import { ClusterPolicy, type Persona } from "../cluster-policy";
import { InstancePool } from "../instance-pool";
import type { PersonaEntitlements } from "../persona-entitlements";
import type { Principal } from "../principal";
import { ServerlessSqlWarehouse } from "../serverless-sql-warehouse";

export interface WorkspaceComputeProps {
  readonly env: Environment;
  readonly provider: TerraformProvider;
  readonly groups: PersonaEntitlements;
  /** The CI/CD principal, which runs the audit alerts on the SQL warehouse. */
  readonly cicd: Principal;
}

/** The classic compute of a classic workspace: the pool, the persona policies and the shared cluster. */
export interface ClassicWorkspaceCompute {
  readonly pool: InstancePool;
  readonly policies: Record<Persona, ClusterPolicy>;
  readonly sharedCluster: AutoscalingCluster;
}

/**
 * Where code runs. In a classic workspace: the general instance pool, one cluster policy per persona
 * (jobs, shared, personal) and the shared autoscaling cluster under its policy, each with its grants:
 * engineers use every policy and attach to the pool, scientists get the personal policy, analysts
 * attach to the shared cluster, admins manage pool and cluster. In a serverless workspace none of
 * these exists (config refuses them: config/rules/compute-mode.ts); people run notebooks on
 * serverless compute, which needs no grant beyond workspace access. In both, the serverless SQL
 * warehouse: CAN_USE for analysts, engineers, auditors and the CI/CD principal, CAN_MANAGE for admins.
 */
export class WorkspaceCompute extends Construct {
  /** Classic workspaces only. */
  readonly classic?: ClassicWorkspaceCompute;
  readonly sqlWarehouse: ServerlessSqlWarehouse;

  constructor(scope: Construct, id: string, props: WorkspaceComputeProps) {
    super(scope, id);
    const { env, provider } = props;
    const { admins, dataEngineers, analysts } = props.groups;
    const tags = costTags(env.tags, env.name);
    const compute = classicCompute(env.compute);
    // Ids stay those of the stack before serverless mode existed: the classic pieces are children of this construct.
    if (compute) this.classic = this.classicCompute(env, compute, props);
    // SQL users' compute: analysts query gold through it, auditors the system tables, engineers both;
    // the CI/CD principal runs the audit alerts on it.
    const warehouse = env.compute.sqlWarehouse;
    this.sqlWarehouse = new ServerlessSqlWarehouse(this, "sql-warehouse", {
      provider,
      name: `${env.name}-sql`,
      clusterSize: warehouse.clusterSize,
      minClusters: warehouse.minClusters,
      maxClusters: warehouse.maxClusters,
      autoStopMinutes: warehouse.autoStopMinutes,
      tags,
    });
    for (const user of [analysts, dataEngineers, props.groups.auditors, props.cicd]) this.sqlWarehouse.grantUse(user);
    this.sqlWarehouse.grantManage(admins);
  }

  private classicCompute(env: Environment, compute: ClassicCompute, props: WorkspaceComputeProps): ClassicWorkspaceCompute {
    const { provider } = props;
    const { admins, dataEngineers, dataScientists, analysts } = props.groups;
    const cloud = env.cloud;
    const tags = costTags(env.tags, env.name);
    const pool = new InstancePool(this, "pool", {
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

    const common = { environment: env.name, cloud, provider, nodeTypes: compute.allowedNodeTypes, tags: env.tags };
    const policies = {
      jobs: new ClusterPolicy(this, "jobs-policy", {
        ...common,
        persona: "jobs",
        ...compute.policies.jobs,
        sparkVersions: [compute.sparkVersion, compute.mlSparkVersion],
        instancePoolId: pool.id,
      }),
      shared: new ClusterPolicy(this, "shared-policy", {
        ...common,
        persona: "shared",
        ...compute.policies.shared,
        sparkVersions: [compute.sparkVersion],
      }),
      personal: new ClusterPolicy(this, "personal-policy", {
        ...common,
        persona: "personal",
        ...compute.policies.personal,
        sparkVersions: [compute.sparkVersion, compute.mlSparkVersion],
      }),
    };
    policies.jobs.grantUse(dataEngineers);
    policies.shared.grantUse(dataEngineers);
    policies.personal.grantUse(dataEngineers);
    policies.personal.grantUse(dataScientists);
    pool.grantAttach(dataEngineers);
    pool.grantManage(admins);

    const shared = compute.sharedCluster;
    const sharedCluster = new AutoscalingCluster(this, "shared-cluster", {
      name: `${env.name}-shared`,
      cloud,
      provider,
      policy: policies.shared,
      sparkVersion: compute.sparkVersion,
      nodeType: shared.nodeType,
      workers: { min: shared.minWorkers, max: shared.maxWorkers },
      autoterminationMinutes: shared.autoterminationMinutes,
      photon: shared.photon,
      spotBidPricePercent: shared.spotBidPricePercent,
      tags,
    });
    sharedCluster.grantAttach(analysts);
    sharedCluster.grantRestart(dataScientists);
    sharedCluster.grantRestart(dataEngineers);
    sharedCluster.grantManage(admins);
    return { pool, policies, sharedCluster };
  }
}
