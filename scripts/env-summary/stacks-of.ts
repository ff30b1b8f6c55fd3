import { regionOf } from "../../config/placement";
import type { Environment } from "../../config/schema";
import { egressHubOf } from "../../stacks/egress-hubs";
import { dataPathStackOf, privateProdStorageReadBy } from "../../stacks/estate-stacks";
import { stackNames } from "../../stacks/stack-names";

// The synthesized stacks an environment's first deploy applies, in deploy order: the bootstrap stack of
// its Databricks account, the metastore stack of its account and region (when the blueprint creates
// the metastore), the Azure egress hub of its subscription and region (egress mode firewall), its workspace stack (unless it brings its own workspace), its workspace-config stack
// and, for an Azure reader of a prod catalog on private storage, its data path to that storage.

type Json = Record<string, any>;

/** One stack of the environment, and the environments it is shared with. */
export interface EnvironmentStack {
  readonly name: string;
  readonly role: string;
  readonly sharedWith: readonly string[];
}

/**
 * The first block of the Databricks account id names an account's shared stacks, as
 * BootstrapStack.stackName and MetastoreStack.stackName write them (`bootstrap-CLOUD-ACCOUNT`,
 * `metastore-CLOUD-REGION-ACCOUNT`); __tests__/env-summary.test.ts checks the two agree.
 */
const accountBlock = (env: Environment) => env.databricks.accountId.split("-")[0];

/**
 * Takes the environment and every configured one; gives its stacks in deploy order, each with its role
 * and, for the shared ones, the other environments that share it.
 */
export function stacksOf(env: Environment, all: readonly Environment[]): EnvironmentStack[] {
  const ownWorkspace = env.databricks.existingWorkspaceHost === undefined;
  const sameAccount = all.filter(
    (peer) => peer.name !== env.name && peer.cloud === env.cloud && peer.databricks.accountId === env.databricks.accountId,
  );
  const stacks: EnvironmentStack[] = [
    {
      name: `bootstrap-${env.cloud}-${accountBlock(env)}`,
      role: "CI identities of the Databricks account (applied once by an account admin)",
      sharedWith: sameAccount.map((peer) => peer.name),
    },
  ];
  if (ownWorkspace && env.unityCatalog.metastore.mode === "create") {
    const sameMetastore = sameAccount.filter(
      (peer) =>
        regionOf(peer) === regionOf(env) &&
        peer.databricks.existingWorkspaceHost === undefined &&
        peer.unityCatalog.metastore.mode === "create",
    );
    stacks.push({
      name: `metastore-${env.cloud}-${regionOf(env)}-${accountBlock(env)}`,
      role: "the region's Unity Catalog metastore",
      sharedWith: sameMetastore.map((peer) => peer.name),
    });
  }
  const hub = egressHubOf(env, all);
  if (hub) {
    stacks.push({
      name: hub.name,
      role: "the subscription and region's egress hub: Azure Firewall and its policy",
      sharedWith: hub.sharing.filter((peer) => peer.name !== env.name).map((peer) => peer.name),
    });
  }
  const names = stackNames(env);
  const serverless = env.compute.mode === "serverless";
  if (ownWorkspace)
    stacks.push({
      name: names.workspace,
      role: serverless
        ? `keys, storage, serverless workspace, account-level identities${env.security.serverlessEgress.enabled ? ", serverless egress policy" : ""}`
        : "network, keys, storage, workspace, account-level identities",
      sharedWith: [],
    });
  stacks.push({
    name: names.config,
    role: serverless
      ? "inside the workspace: catalog, secrets, jobs on serverless compute, grants, settings"
      : "inside the workspace: policies, compute, catalog, secrets, jobs, grants, settings",
    sharedWith: [],
  });
  const dataPath = dataPathStackOf(env, all);
  const prod = privateProdStorageReadBy(env, all);
  if (dataPath && prod)
    stacks.push({
      name: dataPath.name,
      role: `private endpoints to ${prod.name}'s storage, applied after ${prod.name}; its owner approves them`,
      sharedWith: [],
    });
  return stacks;
}

/** Resources and data sources of a stack, counted by type, most numerous first. */
export function countsByKind(stack: Json, section: "resource" | "data"): Array<[string, number]> {
  const counts = Object.entries((stack[section] ?? {}) as Json).map(
    ([type, byName]) =>
      [
        type,
        Object.values(byName as Json).reduce(
          (n: number, block) => n + (typeof (block as Json).count === "number" ? (block as Json).count : 1),
          0,
        ),
      ] as [string, number],
  );
  return counts.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
