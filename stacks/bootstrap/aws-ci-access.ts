import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { CiSettings } from "../../config/ci";
import type { AwsEnvironment, Environment } from "../../config/schema";
import type { ActionStatement } from "../../constructs/aws/deploy-actions";
import { CI_ROLE_NAMES, GitHubCiRoles } from "../../constructs/aws/github-ci-roles";
import { type StateUse as BucketUse, stateAccessStatements, TerraformStateBucket } from "../../constructs/aws/terraform-state-bucket";
import { costTags } from "../../constructs/cost-tags";
import { type RemoteState, stateUsesOf, storeId, storeOwner } from "./state-uses";

export interface AwsCiAccessProps {
  readonly accountId: string;
  /** The environments of this Databricks account that live in this AWS account. */
  readonly environments: readonly AwsEnvironment[];
  /** Every configured environment (state stores shared across accounts). */
  readonly all: readonly Environment[];
  readonly ci: CiSettings;
}

const roleArn = (accountId: string, use: "plan" | "deploy") => `arn:aws:iam::${accountId}:role/${CI_ROLE_NAMES[use]}`;

/**
 * Everything CI needs in one AWS account: GitHub's identity provider, the plan and deploy roles of
 * its environments (scoped to their names and regions), their access to exactly the state keys their
 * pipelines use, and the state buckets whose owning environment lives here. The provider refuses any
 * other account; with `ci.awsAdminRoleName` it assumes that role in the account first.
 */
export class AwsCiAccess extends Construct {
  readonly roles: GitHubCiRoles;
  private readonly providers = new Map<string, AwsProvider>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: AwsCiAccessProps,
  ) {
    super(scope, id);
    const { accountId, environments, all, ci } = props;
    const regions = [...new Set(environments.map((env) => env.aws.region))];
    const prefix = (env: Environment) => `${env.name}-lakehouse`;
    this.roles = new GitHubCiRoles(this, "github", {
      provider: this.provider(regions[0]),
      repository: ci.repository,
      planEnvironments: environments.map((env) => ci.githubEnvironments[env.name].plan),
      deployEnvironments: environments.map((env) => ci.githubEnvironments[env.name].deploy),
      scope: {
        accountId,
        regions,
        namePrefixes: environments.map(prefix),
        disposablePrefixes: environments.filter((env) => !env.deletionProtection).map(prefix),
      },
    });

    // State: every key the account's pipelines touch, store by store.
    const keysByStore = new Map<string, { store: RemoteState; keys: Set<string> }>();
    for (const use of environments.flatMap((env) => stateUsesOf(env, all))) {
      const entry = keysByStore.get(use.id) ?? { store: use.store, keys: new Set<string>() };
      for (const key of use.keys) entry.keys.add(key);
      keysByStore.set(use.id, entry);
    }
    const s3Stores = [...keysByStore.values()].filter((entry) => entry.store.backend === "s3");
    const numbered = (statements: ActionStatement[], n: number) => statements.map((s) => ({ ...s, sid: `${s.sid}${n}` }));
    if (s3Stores.length > 0) {
      const grant = (write: boolean) =>
        s3Stores.flatMap(({ store, keys }, n) =>
          store.backend === "s3" ? numbered(stateAccessStatements(store, [...keys].sort(), write), n) : [],
        );
      this.roles.grant(this.roles.planRole, grant(false), "State");
      this.roles.grant(this.roles.deployRole, grant(true), "State");
    }
    for (const { store } of s3Stores) {
      if (store.backend !== "s3" || !environments.some((env) => env.name === storeOwner(storeId(store), all)?.name)) continue;
      new TerraformStateBucket(this, `state-${store.bucket}`, {
        provider: this.provider(store.region),
        store,
        accountId,
        crossAccountUses: this.crossAccountUses(storeId(store)),
      });
    }
  }

  /** Uses of the store `id` by the CI roles of other AWS accounts (their environments' keys there). */
  private crossAccountUses(id: string): BucketUse[] {
    const byAccount = new Map<string, Set<string>>();
    for (const env of this.props.all) {
      if (env.cloud !== "aws" || env.aws.accountId === this.props.accountId) continue;
      for (const use of stateUsesOf(env, this.props.all).filter((u) => u.id === id)) {
        const keys = byAccount.get(env.aws.accountId) ?? new Set<string>();
        for (const key of use.keys) keys.add(key);
        byAccount.set(env.aws.accountId, keys);
      }
    }
    return [...byAccount].flatMap(([account, keys]) => [
      { roleArn: roleArn(account, "plan"), keys: [...keys].sort(), write: false },
      { roleArn: roleArn(account, "deploy"), keys: [...keys].sort(), write: true },
    ]);
  }

  /** The account's provider in `region`, made on first use. */
  private provider(region: string): AwsProvider {
    const existing = this.providers.get(region);
    if (existing) return existing;
    const { accountId, ci, environments } = this.props;
    const provider = new AwsProvider(this, `aws-${region}`, {
      alias: `aws_${accountId}_${region.replace(/-/g, "_")}`,
      region,
      allowedAccountIds: [accountId],
      assumeRole: ci.awsAdminRoleName
        ? [{ roleArn: `arn:aws:iam::${accountId}:role/${ci.awsAdminRoleName}`, sessionName: "lakehouse-bootstrap" }]
        : undefined,
      defaultTags: [{ tags: costTags(environments[0].tags, "ci") }],
    });
    this.providers.set(region, provider);
    return provider;
  }

  /** The GitHub variables each environment's workflows need from this account. */
  githubVariables(): Record<string, Record<string, string>> {
    const variables: Record<string, Record<string, string>> = {};
    for (const env of this.props.environments) {
      const names = this.props.ci.githubEnvironments[env.name];
      variables[names.plan] = { AWS_PLAN_ROLE_ARN: this.roles.planRole.arn };
      variables[names.deploy] = { AWS_DEPLOY_ROLE_ARN: this.roles.deployRole.arn };
    }
    return variables;
  }
}
