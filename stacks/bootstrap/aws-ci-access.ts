import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { CiSettings } from "../../config/ci";
import type { AwsEnvironment, Environment } from "../../config/schema";
import type { ActionStatement } from "../../constructs/aws/deploy-actions";
import { CI_ROLE_NAMES, GitHubCiRoles } from "../../constructs/aws/github-ci-roles";
import {
  type StateUse as BucketUse,
  type StateAccess,
  stateAccessStatements,
  TerraformStateBucket,
} from "../../constructs/aws/terraform-state-bucket";
import { costTags } from "../../constructs/cost-tags";
import { type RemoteState, type StateUse, stateReadsOf, stateUsesOf, storeId, storeOwner } from "./state-uses";

export interface AwsCiAccessProps {
  readonly accountId: string;
  /** The environments of this Databricks account that live in this AWS account. */
  readonly environments: readonly AwsEnvironment[];
  /** Every configured environment (state stores shared across accounts). */
  readonly all: readonly Environment[];
  readonly ci: CiSettings;
}

/** A store and the state keys of it that some roles use. */
interface StoreKeys {
  readonly store: RemoteState;
  readonly keys: Set<string>;
}

/** `uses` merged store by store, leaving out the keys `except` already holds for the same store. */
function keysOf(uses: readonly StateUse[], except?: Map<string, StoreKeys>): Map<string, StoreKeys> {
  const byStore = new Map<string, StoreKeys>();
  for (const use of uses) {
    const entry = byStore.get(use.id) ?? { store: use.store, keys: new Set<string>() };
    for (const key of use.keys) if (!except?.get(use.id)?.keys.has(key)) entry.keys.add(key);
    if (entry.keys.size > 0) byStore.set(use.id, entry);
  }
  return byStore;
}

const roleArn = (accountId: string, use: "plan" | "deploy") => `arn:aws:iam::${accountId}:role/${CI_ROLE_NAMES[use]}`;

/**
 * Everything CI needs in one AWS account: GitHub's identity provider, the plan and deploy roles of
 * its environments (scoped to their names and regions), their access to exactly the state keys their
 * pipelines use (read-only to the keys they only read: a developer-reader's workspace state), and
 * the state buckets whose owning environment lives here. The provider refuses any
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
    // The environments whose workspace stack builds a VPC (classic compute on a workspace of the
    // blueprint's), and those of them that route egress through the firewall.
    const withVpc = environments.filter(
      (env) => env.compute.mode === "classic" && env.aws.network !== undefined && env.databricks.existingWorkspaceHost === undefined,
    );
    const withFirewall = withVpc.filter((env) => env.aws.network?.egress.mode === "firewall");
    this.roles = new GitHubCiRoles(this, "github", {
      provider: this.provider(regions[0]),
      repository: ci.repository,
      planEnvironments: environments.map((env) => ci.githubEnvironments[env.name].plan),
      deployEnvironments: environments.map((env) => ci.githubEnvironments[env.name].deploy),
      scope: {
        accountId,
        regions,
        namePrefixes: environments.map(prefix),
        networkPrefixes: withVpc.map(prefix),
        firewallPrefixes: withFirewall.map(prefix),
        disposablePrefixes: environments.filter((env) => !env.deletionProtection).map(prefix),
      },
    });

    // State: every key the account's pipelines touch, store by store, and the keys they only read
    // (a dev workspace's state read by a prod config stack) that they do not touch already.
    const keysByStore = keysOf(environments.flatMap((env) => stateUsesOf(env, all)));
    const readsByStore = keysOf(
      environments.flatMap((env) => stateReadsOf(env, all)),
      keysByStore,
    );
    const s3Stores = [...keysByStore.values()].filter((entry) => entry.store.backend === "s3");
    const s3Reads = [...readsByStore.values()].filter((entry) => entry.store.backend === "s3");
    const numbered = (statements: ActionStatement[], n: number) => statements.map((s) => ({ ...s, sid: `${s.sid}${n}` }));
    const statements = (entries: StoreKeys[], access: StateAccess) =>
      entries.flatMap(({ store, keys }, n) =>
        store.backend === "s3" ? numbered(stateAccessStatements(store, [...keys].sort(), access), n) : [],
      );
    if (s3Stores.length + s3Reads.length > 0) {
      // The config stack, which reads the other state, runs as the job's role: plan or deploy.
      this.roles.grant(this.roles.planRole, [...statements(s3Stores, "plan"), ...statements(s3Reads, "read")], "State");
      this.roles.grant(this.roles.deployRole, [...statements(s3Stores, "deploy"), ...statements(s3Reads, "read")], "State");
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

  /**
   * Uses of the store `id` by the CI roles of other AWS accounts: their environments' keys there, and,
   * read-only, the keys they only read (that they do not use already).
   */
  private crossAccountUses(id: string): BucketUse[] {
    const accounts = new Map<string, AwsEnvironment[]>();
    for (const env of this.props.all) {
      if (env.cloud !== "aws" || env.aws.accountId === this.props.accountId) continue;
      accounts.set(env.aws.accountId, [...(accounts.get(env.aws.accountId) ?? []), env]);
    }
    const all = this.props.all;
    return [...accounts].flatMap(([account, envs]) => {
      const used = keysOf(envs.flatMap((env) => stateUsesOf(env, all)).filter((u) => u.id === id));
      const read = keysOf(
        envs.flatMap((env) => stateReadsOf(env, all)).filter((u) => u.id === id),
        used,
      );
      const keys = [...(used.get(id)?.keys ?? [])].sort();
      const readOnly = [...(read.get(id)?.keys ?? [])].sort();
      return [
        ...(keys.length > 0
          ? [
              { roleArn: roleArn(account, "plan"), keys, access: "plan" as const },
              { roleArn: roleArn(account, "deploy"), keys, access: "deploy" as const },
            ]
          : []),
        ...(readOnly.length > 0
          ? [
              { roleArn: roleArn(account, "plan"), keys: readOnly, access: "read" as const },
              { roleArn: roleArn(account, "deploy"), keys: readOnly, access: "read" as const },
            ]
          : []),
      ];
    });
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
