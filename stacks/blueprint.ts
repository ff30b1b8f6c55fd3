import type { App } from "cdktf";
import type { Environment } from "../config/schema";
import { AwsWorkspaceStack } from "./aws-workspace-stack";
import { WorkspaceConfigStack } from "./workspace-config-stack";

export const stackNames = (env: Environment) => ({ workspace: `${env.name}-aws-workspace`, config: `${env.name}-workspace-config` });

/** Adds one environment's stacks to the app: the workspace (unless it already exists) and its config. */
export function addEnvironment(app: App, env: Environment): void {
  const names = stackNames(env);
  const host = env.databricks.existingWorkspaceHost ?? new AwsWorkspaceStack(app, names.workspace, env).workspaceUrl;
  new WorkspaceConfigStack(app, names.config, { env, workspaceHost: host });
}
