import type { Environment, StateConfig } from "../../config/schema";
import {
  dataPathStackOf,
  deployOrder,
  developerReadersOf,
  type EstateStack,
  inDeployOrder,
  type StackKind,
  stateKeyOf,
} from "../estate-stacks";

/** A remote state store as config names it. */
export type RemoteState = Exclude<StateConfig, { backend: "local" }>;

/** One store, and the state keys in it that one environment's pipeline plans and applies. */
export interface StateUse {
  readonly id: string;
  readonly store: RemoteState;
  readonly keys: string[];
}

/** A store's identity: the bucket, or the storage account and container. */
export function storeId(state: RemoteState): string {
  return state.backend === "s3"
    ? `s3:${state.bucket}`
    : `azurerm:${state.resourceGroupName}/${state.storageAccountName}/${state.containerName}`;
}

/**
 * The state `env`'s pipeline reads and writes, store by store: the state of each stack of its deploy
 * order (its own stacks, and the shared metastore's, which may live in another environment's store)
 * and of its data-path stack, which CI applies in a later entry of the same pipeline.
 * Local state is left out: CI never uses it (scripts/ci/matrix.ts skips such environments). `kinds`
 * keeps the stacks of those kinds only (the CI/CD principal applies the config stack, which reads
 * the workspace stack's state, and never touches the metastore's).
 */
export function stateUsesOf(env: Environment, all: readonly Environment[], kinds?: readonly StackKind[]): StateUse[] {
  const dataPath = dataPathStackOf(env, all);
  return byStore([...deployOrder(env, all), ...(dataPath ? [dataPath] : [])].filter((s) => kinds === undefined || kinds.includes(s.kind)));
}

/**
 * The state `env`'s pipeline only reads, store by store: the workspace stack's state of each dev (or
 * test) environment whose workspace reads `env`'s prod catalog (unityCatalog.readsProdCatalogOf),
 * which env's config stack reads for its `workspace_id` output (stacks/reader-workspace.ts, the same
 * key). Empty without such a pairing. A reader that brings its own workspace gives its id in config,
 * so it is read from no store; config refuses any other reader with local state
 * (config/rules/prod-catalog-readers.ts).
 */
export function stateReadsOf(env: Environment, all: readonly Environment[]): StateUse[] {
  return byStore(developerReadersOf(env, all).flatMap((reader) => deployOrder(reader, all).filter((s) => s.kind === "workspace")));
}

/** The remote state keys of `stacks`, grouped by store in first-seen order. */
function byStore(stacks: readonly EstateStack[]): StateUse[] {
  const uses = new Map<string, StateUse>();
  for (const stack of stacks) {
    const key = stateKeyOf(stack);
    if (key === undefined || stack.state.backend === "local") continue;
    const id = storeId(stack.state);
    const use = uses.get(id) ?? { id, store: stack.state, keys: [] };
    if (!use.keys.includes(key)) use.keys.push(key);
    uses.set(id, use);
  }
  return [...uses.values()];
}

/**
 * The environment whose bootstrap creates the store `id`: among the environments whose own state is
 * there, the first to deploy of the prod ones, else the first of all (the same rule that places the
 * shared metastore's state). Undefined when no environment keeps its own state there.
 */
export function storeOwner(id: string, all: readonly Environment[]): Environment | undefined {
  const keeping = all.filter((env) => env.state.backend !== "local" && storeId(env.state) === id);
  return keeping.find((env) => env.stage === "prod") ?? inDeployOrder(keeping)[0];
}
