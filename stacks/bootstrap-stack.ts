import { DataDatabricksServicePrincipal } from "@cdktn/provider-databricks/lib/data-databricks-service-principal";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktn";
import type { Construct } from "constructs";
import type { CiSettings } from "../config/ci";
import type { Cloud } from "../config/node-types";
import type { AwsEnvironment, AzureEnvironment, Environment } from "../config/schema";
import type { TerraformStateStorage } from "../constructs/azure/terraform-state-storage";
import { DeployerPrincipal } from "../constructs/databricks/account/deployer-principal";
import { GitHubFederation } from "../constructs/databricks/account/github-federation";
import { AwsCiAccess } from "./bootstrap/aws-ci-access";
import { AzureCiAccess } from "./bootstrap/azure-ci-access";
import { ACCOUNTS_HOST } from "./databricks-accounts";
import { useStateBackend } from "./state-backend";

export interface BootstrapStackProps {
  readonly cloud: Cloud;
  readonly databricksAccountId: string;
  /** Every configured environment of this Databricks account. */
  readonly environments: readonly Environment[];
  /** Every configured environment (state stores may be shared beyond the account). */
  readonly all: readonly Environment[];
  readonly ci: CiSettings;
}

const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

/**
 * The identities CI runs as, for one Databricks account: applied once, and again whenever an
 * environment is added, by a person who is a Databricks account admin and an administrator of the
 * cloud accounts (AWS) or subscriptions (Azure) of the account's environments, with their own
 * credentials. Nothing in it is applied from CI. It holds:
 * - the deployer service principal (account admin) federated with every plan and deploy GitHub
 *   environment of the account's environments (DeployerPrincipal);
 * - for each environment that brings its own workspace, the federation of the CI/CD principal the
 *   team brought (the blueprint creates the others' in their workspace stacks);
 * - per AWS account: GitHub's identity provider, the plan and deploy roles, the state buckets;
 * - per Azure subscription: the plan, deploy and CI/CD identities, their roles, the state storage.
 * Its state stays local (terraform.bootstrap-*.tfstate, git-ignored): it must exist before the
 * state stores it creates. Keep that file, or import what it created (docs/ci-and-bootstrap.md, "Bootstrap").
 * The `github_variables` output says which GitHub variable to set in which GitHub environment.
 */
export class BootstrapStack extends TerraformStack {
  readonly deployer: DeployerPrincipal;
  readonly databricksAccountId: string;

  /** `bootstrap-CLOUD-ACCOUNT`, ACCOUNT being the first block of the Databricks account id (as the metastore stacks). */
  static stackName(cloud: Cloud, databricksAccountId: string): string {
    return `bootstrap-${cloud}-${databricksAccountId.split("-")[0]}`;
  }

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    useStateBackend(this, { backend: "local" });
    this.databricksAccountId = props.databricksAccountId;
    const { ci, environments } = props;
    const account = new DatabricksProvider(this, "databricks-account", {
      alias: "account",
      host: ACCOUNTS_HOST[props.cloud],
      accountId: props.databricksAccountId,
    });
    const github = (env: Environment) => ci.githubEnvironments[env.name];
    this.deployer = new DeployerPrincipal(this, "deployer", {
      provider: account,
      databricksAccountId: props.databricksAccountId,
      repository: ci.repository,
      githubEnvironments: environments.flatMap((env) => [github(env).plan, github(env).deploy]),
    });
    for (const env of environments.filter((e) => e.databricks.existingWorkspaceHost !== undefined)) {
      const cicd = new DataDatabricksServicePrincipal(this, `${env.name}-cicd`, {
        provider: account,
        displayName: env.cicdServicePrincipal,
      });
      new GitHubFederation(this, `${env.name}-cicd-github`, {
        provider: account,
        servicePrincipalId: cicd.id,
        repository: ci.repository,
        environments: [github(env).plan, github(env).deploy],
        databricksAccountId: props.databricksAccountId,
      });
    }

    const variables: Record<string, Record<string, string>> = {};
    const merge = (more: Record<string, Record<string, string>>) => {
      for (const [name, vars] of Object.entries(more)) variables[name] = { ...variables[name], ...vars };
    };
    for (const env of environments)
      for (const name of [github(env).plan, github(env).deploy]) merge({ [name]: { DATABRICKS_CLIENT_ID: this.deployer.applicationId } });
    if (props.cloud === "aws") {
      for (const [accountId, envs] of groupBy(environments as AwsEnvironment[], (env) => env.aws.accountId)) {
        merge(new AwsCiAccess(this, `aws-${accountId}`, { accountId, environments: envs, all: props.all, ci }).githubVariables());
      }
    } else {
      const storages = new Map<string, TerraformStateStorage>();
      const subscriptions = [...groupBy(environments as AzureEnvironment[], (env) => env.azure.subscriptionId)].map(
        ([subscriptionId, envs]) =>
          new AzureCiAccess(this, `azure-${subscriptionId}`, { subscriptionId, environments: envs, all: props.all, ci, storages }),
      );
      for (const subscription of subscriptions) {
        subscription.grantState();
        merge(subscription.githubVariables());
      }
    }
    new TerraformOutput(this, "deployer_application_id", {
      value: this.deployer.applicationId,
      description: "Application id of the deployer service principal (GitHub variable DATABRICKS_CLIENT_ID)",
    });
    new TerraformOutput(this, "github_variables", {
      value: variables,
      description: "The variables to set in each GitHub environment (Settings > Environments > Environment variables)",
    });
  }
}
