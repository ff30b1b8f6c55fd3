// The plan and deploy matrices of the workflows, from the configured estate: one entry per
// environment, in deploy order (dev stages, then test, then prod), each with its stacks in
// dependency order; right after a prod environment's entry, one per Azure reader of its private
// storage with that reader's data-path stack (stacks/prod-data-path-stack.ts), which needs prod's
// storage account to exist. A new environment in config/environments/ is planned in pull requests and
// deployed on merge with no workflow edit.
// Usage: npm run --silent ci:matrix      (prints {"include": [...]} for fromJSON; notes on stderr)

import { type CiSettings, loadCi } from "../../config/ci";
import { environments } from "../../config/environments";
import { github } from "../../config/github";
import { loadEnvironments } from "../../config/load";
import type { Environment } from "../../config/schema";
import { dataPathStackOf, deployOrder, developerReadersOf, type EstateStack, inDeployOrder } from "../../stacks/estate-stacks";

/** One environment's stacks (all of them, or its data-path stack) as the plan and deploy jobs run them. */
export interface MatrixEntry {
  /** Unique among the entries: names the job's artifacts (the reviewed plan, the plan summary). */
  readonly key: string;
  /** The environment: what the job synthesizes (LAKEHOUSE_ENVIRONMENTS), whose identities and GitHub environments it uses. */
  readonly name: string;
  readonly cloud: "aws" | "azure";
  readonly stage: string;
  /** GitHub environments: `deploy` gates the apply, `plan` the pull request's plan. */
  readonly githubEnvironment: string;
  readonly githubPlanEnvironment: string;
  /** Its stacks in the order they are applied, as "KIND:NAME" separated by spaces (KIND: metastore, egress-hub, workspace, config, data-path). */
  readonly stacks: string;
  /** The Databricks account: the audience of its federation policies (DATABRICKS_TOKEN_AUDIENCE). */
  readonly databricksAccountId: string;
  /** AWS region, or Azure tenant and subscription, of the environment. */
  readonly awsRegion: string;
  readonly azureTenantId: string;
  readonly azureSubscriptionId: string;
  /** The workspace-config stack takes the JDBC credentials as TF_VAR_jdbc_*: jobs.jdbc is set and the scope is Databricks-backed (on Azure, Key Vault holds them). */
  readonly jdbc: boolean;
  /** Brings its own workspace: no workspace stack hands on the CI/CD principal's id (GitHub variable DATABRICKS_CICD_CLIENT_ID instead). */
  readonly bringsOwnWorkspace: boolean;
}

export interface Matrix {
  readonly include: MatrixEntry[];
  /** Environments CI does not plan or deploy, each with the reason and the fix. */
  readonly skipped: { readonly name: string; readonly reason: string }[];
}

/** The matrix of the validated estate `all` with its CI settings. */
export function ciMatrix(all: readonly Environment[], ci: CiSettings): Matrix {
  const include: MatrixEntry[] = [];
  const skipped: Matrix["skipped"] = [];
  const entry = (env: Environment, key: string, stacks: readonly EstateStack[]): MatrixEntry => {
    const bringsOwnWorkspace = env.databricks.existingWorkspaceHost !== undefined;
    const withConfig = stacks.some((stack) => stack.kind === "config");
    return {
      key,
      name: env.name,
      cloud: env.cloud,
      stage: env.stage,
      githubEnvironment: ci.githubEnvironments[env.name].deploy,
      githubPlanEnvironment: ci.githubEnvironments[env.name].plan,
      stacks: stacks.map((stack) => `${stack.kind}:${stack.name}`).join(" "),
      databricksAccountId: env.databricks.accountId,
      awsRegion: env.cloud === "aws" ? env.aws.region : "",
      azureTenantId: env.cloud === "azure" ? env.azure.tenantId : "",
      azureSubscriptionId: env.cloud === "azure" ? env.azure.subscriptionId : "",
      jdbc: withConfig && env.jobs.jdbc !== undefined && (env.cloud === "aws" || bringsOwnWorkspace),
      bringsOwnWorkspace,
    };
  };
  for (const env of inDeployOrder(all)) {
    if (env.state.backend === "local") {
      skipped.push({
        name: env.name,
        reason: `${env.name} keeps local state (state.backend "local"), which a CI runner loses when its job ends, so CI neither plans nor deploys it. Fix: give it remote state (s3 or azurerm; docs/remote-state.md)`,
      });
    } else {
      include.push(entry(env, env.name, deployOrder(env, all)));
    }
    // After the prod environment: the readers' endpoints to its storage need the account. A reader
    // with local state is skipped whole, this stack too (its own notice says so).
    for (const reader of developerReadersOf(env, all)) {
      const dataPath = dataPathStackOf(reader, all);
      if (dataPath && reader.state.backend !== "local") include.push(entry(reader, dataPath.name, [dataPath]));
    }
  }
  return { include, skipped };
}

if (require.main === module) {
  try {
    const all = loadEnvironments(environments);
    const matrix = ciMatrix(all, loadCi(github, all));
    for (const { reason } of matrix.skipped) console.error(`::notice title=Not planned or deployed by CI::${reason}`);
    console.log(JSON.stringify({ include: matrix.include }));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
