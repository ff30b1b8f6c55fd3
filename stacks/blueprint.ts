import type { App, TerraformStack } from "cdktf";
import type { Environment } from "../config/schema";
import { Guardrails } from "../constructs/guardrails/guardrails";
import { REQUIRED_TAGS } from "../constructs/cost-tags";
import { AwsWorkspaceStack } from "./aws-workspace-stack";
import { WorkspaceConfigStack } from "./workspace-config-stack";

export const stackNames = (env: Environment) => ({ workspace: `${env.name}-aws-workspace`, config: `${env.name}-workspace-config` });

function guard(stack: TerraformStack, env: Environment): void {
  Guardrails.applyTo(stack, { stage: env.stage, adminPrincipals: [env.groups.admins], requiredTags: REQUIRED_TAGS });
}

/** Adds one environment's stacks to the app: the workspace (unless it already exists) and its config, both under the guardrails. */
export function addEnvironment(app: App, env: Environment): void {
  const names = stackNames(env);
  let host = env.databricks.existingWorkspaceHost;
  if (host === undefined) {
    const workspace = new AwsWorkspaceStack(app, names.workspace, env);
    guard(workspace, env);
    host = workspace.workspaceUrl;
  }
  guard(new WorkspaceConfigStack(app, names.config, { env, workspaceHost: host }), env);
}
