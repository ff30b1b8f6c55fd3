import type { App, TerraformStack } from "cdktn";
import { type CiSettings, loadCi } from "../config/ci";
import { github } from "../config/github";
import { metastoreOf, regionOf, systemTablesHolderOf } from "../config/placement";
import type { Environment } from "../config/schema";
import { REQUIRED_TAGS } from "../constructs/cost-tags";
import { Guardrails } from "../constructs/guardrails/guardrails";
import { AwsServerlessWorkspaceStack } from "./aws-serverless-workspace-stack";
import { AwsWorkspaceStack } from "./aws-workspace-stack";
import { AzureWorkspaceStack } from "./azure-workspace-stack";
import { BootstrapStack } from "./bootstrap-stack";
import { EgressHubStack } from "./egress-hub-stack";
import { egressHubOf } from "./egress-hubs";
import { developerReadersOf, privateProdStorageReadBy, sharedMetastoreOf } from "./estate-stacks";
import type { MetastoreRef } from "./metastore-ref";
import { MetastoreStack } from "./metastore-stack";
import { ProdDataPathStack } from "./prod-data-path-stack";
import { stackNames } from "./stack-names";
import { WorkspaceConfigStack } from "./workspace-config-stack";
import type { WorkspaceHandoff } from "./workspace-handoff";

export { stackNames };

function guard(stack: TerraformStack, env: Environment): void {
  Guardrails.applyTo(stack, { stage: env.stage, adminPrincipals: [env.groups.admins], requiredTags: REQUIRED_TAGS });
}

/** Whether the environment configures a workspace it does not create (bring your own host). */
const bringsOwnWorkspace = (env: Environment): boolean => env.databricks.existingWorkspaceHost !== undefined;

/**
 * The shared metastore stack of an environment's account and region, created on first use. Everything
 * about it is derived from ALL configured environments that share it (`all`), never from the ones
 * selected for this run, so that `LAKEHOUSE_ENVIRONMENTS=dev` and `=prod` synthesize it byte for byte
 * the same: its state goes where the region's prod environment keeps state (it outlives any one
 * environment), else where the first sharing environment does.
 */
function sharedMetastore(app: App, env: Environment, all: readonly Environment[]): MetastoreStack {
  const shared = sharedMetastoreOf(env, all);
  if (!shared?.sharing.some((peer) => peer.name === env.name)) {
    throw new Error(
      `Environment "${env.name}" is not among the configured environments passed to buildBlueprint. Fix: pass every configured environment as \`all\``,
    );
  }
  const props = {
    cloud: env.cloud,
    region: regionOf(env),
    databricksAccountId: env.databricks.accountId,
    state: shared.state,
    networkConnectivity: shared.sharing.some((peer) => peer.security.serverlessEgress.enabled),
  };
  const name = MetastoreStack.stackName(props);
  const existing = app.node.tryFindChild(name) as MetastoreStack | undefined;
  if (existing) {
    if (existing.databricksAccountId !== props.databricksAccountId) {
      throw new Error(
        `Databricks accounts ${existing.databricksAccountId} and ${props.databricksAccountId} begin with the same block, so their metastore stacks would share the name ${name} (and one state). Fix: check databricks.accountId of ${env.name}; two real accounts in one cloud and region rarely share it, and if they do, give MetastoreStack.stackName the whole account id`,
      );
    }
    if (props.networkConnectivity && existing.networkConnectivityConfigId === undefined) {
      throw new Error(
        `The shared stack ${name} was built without the network connectivity configuration that ${env.name} (security.serverlessEgress) needs: it was derived from fewer environments than are configured. Fix: pass every configured environment as \`all\` to addEnvironment / buildBlueprint`,
      );
    }
    return existing;
  }
  const stack = new MetastoreStack(app, name, props);
  // Shared by every environment of the region: treated as prod.
  Guardrails.applyTo(stack, { stage: "prod", adminPrincipals: [stack.adminGroupName], requiredTags: REQUIRED_TAGS });
  return stack;
}

/**
 * The egress hub stack of an Azure firewall environment's subscription and region, created on first
 * use and derived from ALL configured environments (./egress-hubs.ts), so that any selection
 * synthesizes it byte for byte the same; undefined for every other environment.
 */
function egressHub(app: App, env: Environment, all: readonly Environment[]) {
  const hub = egressHubOf(env, all);
  if (!hub) return undefined;
  if (!hub.sharing.some((peer) => peer.name === env.name)) {
    throw new Error(
      `Environment "${env.name}" is not among the configured environments passed to buildBlueprint. Fix: pass every configured environment as \`all\``,
    );
  }
  const existing = app.node.tryFindChild(hub.name);
  if (existing) {
    const same =
      existing instanceof EgressHubStack &&
      existing.subscriptionId.toLowerCase() === hub.props.subscriptionId.toLowerCase() &&
      existing.location === hub.props.location;
    if (!same) {
      const holder =
        existing instanceof EgressHubStack ? `the hub of subscription ${existing.subscriptionId} in ${existing.location}` : "another stack";
      throw new Error(
        `The egress hub of subscription ${hub.props.subscriptionId} in ${hub.props.location} (${env.name}) would take the stack name ${hub.name}, which ${holder} already holds; one of them would be dropped. Fix: make EgressHubStack.stackName unique per subscription and region`,
      );
    }
  } else {
    const stack = new EgressHubStack(app, hub.name, hub.props);
    // Shared by every firewall environment of the region: treated as prod.
    Guardrails.applyTo(stack, { stage: "prod", adminPrincipals: [], requiredTags: REQUIRED_TAGS });
  }
  return hub;
}

/**
 * System schemas and their grants are metastore-wide, so exactly one environment per metastore holds
 * them. A metastore is one per Databricks account and region (config/placement.ts, metastoreOf), whether
 * the blueprint's shared one or one adopted by id. The holder is chosen from ALL configured environments
 * (never the selection), as the shared metastore's state owner is: the metastore's prod environment,
 * else the first on it. Takes the environment and all configured ones; gives the readers (the admins and
 * auditors groups of every environment on the metastore) to the holder, undefined to the others and to a
 * bring-your-own workspace, whose metastore assignment the blueprint does not know.
 */
export function systemTablesOwnedBy(env: Environment, all: readonly Environment[]): { readers: string[] } | undefined {
  if (systemTablesHolderOf(env, all)?.name !== env.name) return undefined;
  const sharing = all.filter((peer) => !bringsOwnWorkspace(peer) && metastoreOf(peer) === metastoreOf(env));
  return { readers: (sharing.length > 0 ? sharing : [env]).flatMap((peer) => [peer.groups.admins, peer.groups.auditors]) };
}

/**
 * Whether `env` creates its Databricks account's governed tag `sensitivity`: governed tags are
 * account-wide, so of the environments whose catalog developers read (the ones with ABAC policies),
 * the first in config order creates it, and it deploys before the others (prod stage, config order).
 * Derived from ALL configured environments, so two prod environments never both create it.
 */
export function sensitivityTagOwnedBy(env: Environment, all: readonly Environment[]): boolean {
  const governed = all.filter(
    (peer) =>
      peer.databricks.accountId.toLowerCase() === env.databricks.accountId.toLowerCase() && developerReadersOf(peer, all).length > 0,
  );
  return governed[0]?.name === env.name;
}

/**
 * Adds one environment's stacks to the app, all under the guardrails: the workspace stack of its cloud
 * (unless it brings its own workspace) and the workspace-config stack, plus the shared metastore stack
 * of its region when it uses one, and for an Azure reader of a prod catalog on private storage its
 * network path to that storage (./prod-data-path-stack.ts).
 */
export function addEnvironment(
  app: App,
  env: Environment,
  all: readonly Environment[] = [env],
  ci: CiSettings = loadCi(github, all),
): void {
  const names = stackNames(env);
  let handoff: WorkspaceHandoff;
  if (env.databricks.existingWorkspaceHost !== undefined) {
    handoff = { host: env.databricks.existingWorkspaceHost };
  } else {
    const choice = env.unityCatalog.metastore;
    const metastore: MetastoreRef = choice.mode === "create" ? sharedMetastore(app, env, all).ref : { id: choice.id };
    // A serverless workspace (AWS only: config/rules/compute-mode.ts) has its own, network-free stack.
    const prodStorage = privateProdStorageReadBy(env, all);
    const workspace =
      env.cloud === "azure"
        ? new AzureWorkspaceStack(app, names.workspace, env, metastore, egressHub(app, env, all), prodStorage)
        : env.compute.mode === "serverless"
          ? new AwsServerlessWorkspaceStack(app, names.workspace, env, metastore, ci)
          : new AwsWorkspaceStack(app, names.workspace, env, metastore, ci);
    guard(workspace, env);
    handoff = workspace.handoff;
    if (env.cloud === "azure" && prodStorage) guard(new ProdDataPathStack(app, names.prodDataPath, env, prodStorage), env);
  }
  guard(
    new WorkspaceConfigStack(app, names.config, {
      env,
      handoff,
      systemTables: systemTablesOwnedBy(env, all),
      developerReaders: developerReadersOf(env, all),
      createsSensitivityTag: sensitivityTagOwnedBy(env, all),
    }),
    env,
  );
}

/**
 * The bootstrap stack of `env`'s Databricks account (its CI identities), created on first use and
 * derived from ALL configured environments of that account, never from the selection.
 */
function bootstrapOf(app: App, env: Environment, all: readonly Environment[], ci: CiSettings): void {
  const name = BootstrapStack.stackName(env.cloud, env.databricks.accountId);
  const existing = app.node.tryFindChild(name) as BootstrapStack | undefined;
  if (existing) {
    if (existing.databricksAccountId !== env.databricks.accountId) {
      throw new Error(
        `Databricks accounts ${existing.databricksAccountId} and ${env.databricks.accountId} begin with the same block, so their bootstrap stacks would share the name ${name} (and one state). Fix: check databricks.accountId of ${env.name}`,
      );
    }
    return;
  }
  const environments = all.filter((peer) => peer.databricks.accountId === env.databricks.accountId && peer.cloud === env.cloud);
  const stack = new BootstrapStack(app, name, { cloud: env.cloud, databricksAccountId: env.databricks.accountId, environments, all, ci });
  // Identities of every environment of the account, prod's included: treated as prod.
  Guardrails.applyTo(stack, {
    stage: "prod",
    adminPrincipals: environments.map((peer) => peer.groups.admins),
    requiredTags: REQUIRED_TAGS,
  });
}

/**
 * The selected environments' stacks, the metastore stacks they share and the bootstrap stacks of
 * their Databricks accounts. `all` is every configured environment (validated), whatever the
 * selection: shared stacks are derived from it alone. `ci` says where CI runs (config/github.ts,
 * validated against `all`).
 */
export function buildBlueprint(
  app: App,
  selected: readonly Environment[],
  all: readonly Environment[] = selected,
  ci: CiSettings = loadCi(github, all),
): void {
  for (const env of selected) addEnvironment(app, env, all, ci);
  for (const env of selected) bootstrapOf(app, env, all, ci);
}
