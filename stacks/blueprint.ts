import type { App, TerraformStack } from "cdktf";
import { regionOf, type Environment } from "../config/schema";
import { Guardrails } from "../constructs/guardrails/guardrails";
import { REQUIRED_TAGS } from "../constructs/cost-tags";
import { AwsWorkspaceStack } from "./aws-workspace-stack";
import { AzureWorkspaceStack } from "./azure-workspace-stack";
import { MetastoreStack } from "./metastore-stack";
import { WorkspaceConfigStack } from "./workspace-config-stack";
import type { WorkspaceHandoff } from "./workspace-handoff";

export const stackNames = (env: Environment) => ({ workspace: `${env.name}-${env.cloud}-workspace`, config: `${env.name}-workspace-config` });

function guard(stack: TerraformStack, env: Environment): void {
  Guardrails.applyTo(stack, { stage: env.stage, adminPrincipals: [env.groups.admins], requiredTags: REQUIRED_TAGS });
}

const metastoreKey = (env: Environment) => `${env.databricks.accountId}/${env.cloud}/${regionOf(env)}`;

/**
 * The shared metastore stack of an environment's account and region, created on first use. Its state
 * goes where the region's prod environment keeps state (it outlives any one environment).
 */
function sharedMetastore(app: App, env: Environment, peers: readonly Environment[]): MetastoreStack {
  const sharing = peers.filter((peer) => peer.unityCatalog.metastore === "shared" && metastoreKey(peer) === metastoreKey(env));
  const owner = sharing.find((peer) => peer.stage === "prod") ?? env;
  const props = { cloud: env.cloud, region: regionOf(env), databricksAccountId: env.databricks.accountId, state: owner.state };
  const name = MetastoreStack.stackName(props);
  const existing = app.node.tryFindChild(name) as MetastoreStack | undefined;
  if (existing) return existing;
  const stack = new MetastoreStack(app, name, props);
  // Shared by every environment of the region: treated as prod.
  Guardrails.applyTo(stack, { stage: "prod", adminPrincipals: [], requiredTags: REQUIRED_TAGS });
  return stack;
}

/**
 * Adds one environment's stacks to the app, all under the guardrails: the workspace stack of its cloud
 * (unless it brings its own workspace) and the workspace-config stack, plus the shared metastore stack
 * of its region when it uses one.
 */
export function addEnvironment(app: App, env: Environment, peers: readonly Environment[] = [env]): void {
  const names = stackNames(env);
  let handoff: WorkspaceHandoff;
  if (env.databricks.existingWorkspaceHost !== undefined) {
    handoff = { host: env.databricks.existingWorkspaceHost };
  } else {
    const metastoreId = env.unityCatalog.metastore === "shared" ? sharedMetastore(app, env, peers).metastoreId : env.unityCatalog.metastore.existingId;
    const workspace = env.cloud === "aws" ? new AwsWorkspaceStack(app, names.workspace, env, metastoreId) : new AzureWorkspaceStack(app, names.workspace, env, metastoreId);
    guard(workspace, env);
    handoff = workspace.handoff;
  }
  guard(new WorkspaceConfigStack(app, names.config, { env, handoff }), env);
}

/** The whole estate: every environment's stacks and the metastore stacks they share. */
export function buildBlueprint(app: App, envs: readonly Environment[]): void {
  envs.forEach((env) => addEnvironment(app, env, envs));
}
