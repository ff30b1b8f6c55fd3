import { basename, dirname, join } from "node:path";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { TerraformStack, Token } from "cdktn";
import type { Construct } from "constructs";
import type { Environment } from "../config/schema";
import { CodeAndJobs } from "../constructs/databricks/workspace/concerns/code-and-jobs";
import { WorkspaceCompute } from "../constructs/databricks/workspace/concerns/compute";
import { WorkspaceData } from "../constructs/databricks/workspace/concerns/data";
import { IdentityAndHardening } from "../constructs/databricks/workspace/concerns/identity-and-hardening";
import { ObservabilityAndCost } from "../constructs/databricks/workspace/concerns/observability-and-cost";
import { ProdDataForDevelopers } from "../constructs/databricks/workspace/concerns/prod-data-for-developers";
import { readJobRequirements } from "../constructs/databricks/workspace/job-requirements";
import { readerWorkspaceId } from "./reader-workspace";
import { useStateBackend } from "./state-backend";
import type { WorkspaceHandoff } from "./workspace-handoff";

export { MODEL_NAME, NOTEBOOKS } from "../constructs/databricks/workspace/concerns/code-and-jobs";

export interface WorkspaceConfigStackProps {
  readonly env: Environment;
  /** From the workspace stack, or from config for an existing workspace. */
  readonly handoff: WorkspaceHandoff;
  /**
   * Given to exactly one environment per Unity Catalog metastore (stacks/blueprint.ts decides): it
   * enables the metastore's system schemas and grants them to these groups.
   */
  readonly systemTables?: { readonly readers: readonly string[] };
  /**
   * Prod: the dev (or test) environments whose workspaces read this catalog, masked and read-only
   * (config unityCatalog.readsProdCatalogOf; docs/production-data-in-dev.md). Empty or unset: none.
   */
  readonly developerReaders?: readonly Environment[];
  /** Creates the account's governed tag `sensitivity` (exactly one stack per Databricks account; blueprint.ts). */
  readonly createsSensitivityTag?: boolean;
}

/**
 * The environment's workspace id as the audit alerts compare it with `workspace_id` (a string): the
 * workspace stack's output (a cross-stack reference), or `databricks.existingWorkspaceId` for a
 * bring-your-own workspace. Throws naming the field when neither is there (config validation
 * requires the field with existingWorkspaceHost, so only a hand-made environment gets here).
 */
export function auditedWorkspaceId(env: Environment, handoff: WorkspaceHandoff): string {
  if (handoff.workspaceId !== undefined) return Token.asString(handoff.workspaceId);
  const configured = env.databricks.existingWorkspaceId;
  if (configured === undefined) {
    throw new Error(
      `Environment "${env.name}": databricks.existingWorkspaceId is missing, so its audit alerts could not tell its workspace's events from the rest of the account's. Fix: set it to the workspace's numeric id (the digits after "?o=" in the workspace URL)`,
    );
  }
  return configured;
}

// This file runs from stacks/ (ts-node, jest) or compiled from .build/stacks/ (scripts/app/build.js,
// which `cdktf synth` runs); the detection files stay in the repository's notebooks/ either way.
const APP_ROOT = join(__dirname, "..");
const REPOSITORY_ROOT = basename(APP_ROOT) === ".build" ? dirname(APP_ROOT) : APP_ROOT;

/** The governance functions' reviewed SQL files, run in name order before the ABAC policies. */
export const GOVERNANCE_DIRECTORY = join(REPOSITORY_ROOT, "notebooks", "governance");

/** The audit detections the alerts are made of, one `.sql` file each. */
export const DETECTIONS_DIRECTORY = join(REPOSITORY_ROOT, "notebooks", "detections");

/** The notebooks' run-time pins, which serverless notebook tasks install with %pip (the local tests install the same file). */
export const JOB_REQUIREMENTS = join(REPOSITORY_ROOT, "notebooks", "requirements-jobs.txt");

/**
 * What lives inside a workspace, on any cloud, grouped by concern: who works there and the settings
 * that fence them in; where code runs (clusters, pool, serverless SQL); the data and its secrets; the
 * code and the jobs; what watches it all (audit alerts, system tables). The
 * workspace-level provider authenticates with DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET from
 * the environment. Each concern carries its resources' state from the addresses they had before the
 * stack was grouped (`moved` blocks), so a deployed estate is not replaced.
 */
export class WorkspaceConfigStack extends TerraformStack {
  readonly identity: IdentityAndHardening;
  readonly compute: WorkspaceCompute;
  readonly data: WorkspaceData;
  readonly code: CodeAndJobs;
  readonly observability: ObservabilityAndCost;
  /** Prod read by developers: governed tag, functions, ABAC policies, read-only bindings and grants. */
  readonly prodDataForDevelopers?: ProdDataForDevelopers;

  constructor(scope: Construct, id: string, props: WorkspaceConfigStackProps) {
    super(scope, id);
    const { env, handoff } = props;
    useStateBackend(this, env.state);
    const provider = new DatabricksProvider(this, "databricks", { host: handoff.host });

    this.identity = new IdentityAndHardening(this, "identity", { env, provider });
    const { groups, cicd, cicdApplicationId } = this.identity;
    this.compute = new WorkspaceCompute(this, "compute", { env, provider, groups, cicd });
    this.data = new WorkspaceData(this, "data", { env, provider, groups, cicd, handoff });
    const catalog = this.data.catalog;
    const readers = props.developerReaders ?? [];
    if (catalog && readers.length > 0) {
      this.prodDataForDevelopers = new ProdDataForDevelopers(this, "prod-data-for-developers", {
        provider,
        catalog,
        catalogName: env.catalogName,
        readers: readers.map((reader) => ({
          name: reader.name,
          workspaceId: readerWorkspaceId(this, reader),
          developerGroups: [reader.groups.dataEngineers, reader.groups.dataScientists],
        })),
        piiReadersGroup: env.piiReadersGroup,
        pipelinesApplicationId: cicdApplicationId,
        host: handoff.host,
        warehouseId: this.compute.sqlWarehouse.warehouse.id,
        governanceDirectory: GOVERNANCE_DIRECTORY,
        createsSensitivityTag: props.createsSensitivityTag ?? false,
        dataClassification: env.unityCatalog.dataClassification,
      });
    }
    this.code = new CodeAndJobs(this, "code", {
      env,
      provider,
      groups,
      cicd,
      cicdApplicationId,
      classic: this.compute.classic && { jobsPolicy: this.compute.classic.policies.jobs, pool: this.compute.classic.pool },
      jobRequirements: readJobRequirements(JOB_REQUIREMENTS),
      budgetPolicyId: handoff.serverlessBudgetPolicyId,
      lakehouse: catalog && handoff.storage ? { catalog, storage: handoff.storage } : undefined,
      classify: this.prodDataForDevelopers !== undefined,
    });
    this.observability = new ObservabilityAndCost(this, "observability", {
      env,
      provider,
      groups,
      cicdApplicationId,
      warehouse: this.compute.sqlWarehouse,
      detectionsDirectory: DETECTIONS_DIRECTORY,
      catalogName: catalog ? env.catalogName : undefined,
      auditedWorkspaceId: auditedWorkspaceId(env, handoff),
      // config/rules/data-classification.ts keeps classification to the holder of the system tables
      systemTables:
        props.systemTables && this.prodDataForDevelopers?.classification
          ? { ...props.systemTables, classificationReaders: [env.piiReadersGroup, cicdApplicationId] }
          : props.systemTables,
      readOnlyWorkspaceIds: this.prodDataForDevelopers?.readers.map((reader) => reader.workspaceId),
      dataClassification: this.prodDataForDevelopers?.classification !== undefined,
    });
  }
}
