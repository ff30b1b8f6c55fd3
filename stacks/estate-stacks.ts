import { metastoreOf, regionOf } from "../config/placement";
import type { AzureEnvironment, Environment, StateConfig } from "../config/schema";
import { egressHubOf } from "./egress-hubs";
import { MetastoreStack } from "./metastore-stack";
import { stackNames } from "./stack-names";

// Which stacks an environment consists of, in the order they are applied, and where each keeps its
// state: one answer for the app (blueprint.ts), the bootstrap stacks (which CI role may touch which
// state) and the CI matrix (scripts/ci/matrix.ts).

/** The shared metastore stack an environment uses, when it uses one: its name, where its state lives, who shares it. */
export interface SharedMetastore {
  readonly name: string;
  readonly state: StateConfig;
  /** Every configured environment of its account and region that asks for the shared metastore, in config order. */
  readonly sharing: readonly Environment[];
}

/**
 * The shared metastore stack of `env`'s account and region, derived from ALL configured environments
 * (`all`), never from a selection: its state goes where the region's prod environment keeps state (it
 * outlives any one environment), else where the first sharing environment does. Undefined for an
 * environment that brings its own workspace or adopts an existing metastore.
 */
export function sharedMetastoreOf(env: Environment, all: readonly Environment[]): SharedMetastore | undefined {
  if (env.databricks.existingWorkspaceHost !== undefined || env.unityCatalog.metastore.mode !== "create") return undefined;
  const sharing = all.filter((peer) => peer.unityCatalog.metastore.mode === "create" && metastoreOf(peer) === metastoreOf(env));
  const owner = sharing.find((peer) => peer.stage === "prod") ?? sharing[0] ?? env;
  const name = MetastoreStack.stackName({ cloud: env.cloud, region: regionOf(env), databricksAccountId: env.databricks.accountId });
  return { name, state: owner.state, sharing };
}

/**
 * The dev (or test) environments whose workspaces read `env`'s prod catalog (their
 * unityCatalog.readsProdCatalogOf names it; config/rules/prod-catalog-readers.ts checked the pairs),
 * from ALL configured environments, never the selection.
 */
export function developerReadersOf(env: Environment, all: readonly Environment[]): Environment[] {
  return all.filter((peer) => peer.unityCatalog.readsProdCatalogOf === env.name && peer.name !== env.name);
}

/**
 * The prod environment whose lakehouse storage `reader`'s compute needs a private network path to:
 * `reader` is an Azure environment whose workspace the blueprint creates and reads (its
 * unityCatalog.readsProdCatalogOf) an Azure prod environment whose storage account takes no public
 * traffic (azure.network.privateConnectivity.storageAndKeyVault). Undefined otherwise: on AWS, and
 * for public storage, Unity Catalog's credentials are all a reader needs. From ALL configured
 * environments, never the selection.
 */
export function privateProdStorageReadBy(reader: Environment, all: readonly Environment[]): AzureEnvironment | undefined {
  if (reader.cloud !== "azure" || reader.databricks.existingWorkspaceHost !== undefined) return undefined;
  const prod = all.find((peer) => peer.name === reader.unityCatalog.readsProdCatalogOf && peer.name !== reader.name);
  if (prod?.cloud !== "azure" || prod.stage !== "prod" || !prod.azure.network.privateConnectivity.storageAndKeyVault) return undefined;
  return prod;
}

export type StackKind = "metastore" | "egress-hub" | "workspace" | "config" | "data-path";

/** One stack of an environment as CI plans and applies it. */
export interface EstateStack {
  readonly name: string;
  readonly kind: StackKind;
  readonly state: StateConfig;
}

/**
 * The stacks one environment's pipeline plans and applies, in dependency order: the shared metastore
 * (when it uses it; applied by the first environment of the deploy order, a no-op for the others),
 * the Azure egress hub (firewall mode; shared the same way), the workspace stack (unless it brings its own workspace), then the workspace-config stack.
 */
export function deployOrder(env: Environment, all: readonly Environment[]): EstateStack[] {
  const names = stackNames(env);
  const metastore = sharedMetastoreOf(env, all);
  const hub = egressHubOf(env, all);
  return [
    ...(metastore ? [{ name: metastore.name, kind: "metastore" as const, state: metastore.state }] : []),
    ...(hub ? [{ name: hub.name, kind: "egress-hub" as const, state: hub.state }] : []),
    ...(env.databricks.existingWorkspaceHost === undefined
      ? [{ name: names.workspace, kind: "workspace" as const, state: env.state }]
      : []),
    { name: names.config, kind: "config" as const, state: env.state },
  ];
}

/**
 * The stack `reader` adds after the prod environment it reads (privateProdStorageReadBy) is deployed:
 * its private endpoints to that prod storage need the account to exist. Kept out of deployOrder,
 * since CI applies it in an entry of its own after the prod environment's (scripts/ci/matrix.ts),
 * with the reader's identities and state. Undefined for every other environment.
 */
export function dataPathStackOf(reader: Environment, all: readonly Environment[]): EstateStack | undefined {
  if (!privateProdStorageReadBy(reader, all)) return undefined;
  return { name: stackNames(reader).prodDataPath, kind: "data-path", state: reader.state };
}

/** The object key (or blob name) of a stack's state in a remote store, as useStateBackend names it; undefined for local state. */
export function stateKeyOf(stack: EstateStack): string | undefined {
  return stack.state.backend === "local" ? undefined : `${stack.state.keyPrefix}/${stack.name}.tfstate`;
}

const STAGE_ORDER: Record<string, number> = { dev: 0, test: 1, prod: 2 };

/** Environments in the order CI deploys them: dev stages first, then test, then prod; config order within a stage. */
export function inDeployOrder(envs: readonly Environment[]): Environment[] {
  return envs
    .map((env, index) => ({ env, index }))
    .sort((a, b) => (STAGE_ORDER[a.env.stage] ?? 1) - (STAGE_ORDER[b.env.stage] ?? 1) || a.index - b.index)
    .map(({ env }) => env);
}
