import { metastoreOf, regionOf } from "../placement";
import type { Environment } from "../types";
import type { AddProblem } from "./problem";

// Dev reads prod (docs/production-data-in-dev.md): which environment may read which prod catalog.
// A catalog can be bound only to workspaces of its own metastore ("Limit catalog access to specific
// workspaces", Unity Catalog docs), and a metastore is one per Databricks account and region.

const FIELD = ["unityCatalog", "readsProdCatalogOf"];

/**
 * Takes every configured environment; reports each `unityCatalog.readsProdCatalogOf` that names no
 * environment, names one that is not prod (only a prod catalog carries the masks and filters this
 * sets up), is set on a prod environment (prod data stays in prod workspaces; a second prod reads it
 * through its own pipelines), names itself, names a prod environment that brings its own workspace
 * (the blueprint creates no catalog there to bind), or names one in another Databricks account or
 * metastore (a catalog cannot be bound to a workspace of another metastore); and a reader whose state
 * is local (the prod config stack reads the reader's workspace id from it, stacks/reader-workspace.ts,
 * and CI sees no local file) unless it brings its own workspace, whose id config gives.
 */
export function checkProdCatalogReaders(envs: readonly Environment[], add: AddProblem): void {
  const byName = new Map(envs.map((env) => [env.name, env]));
  envs.forEach((reader, index) => {
    const target = reader.unityCatalog.readsProdCatalogOf;
    if (target === undefined) return;
    const path = [index, ...FIELD];
    // Only the prod environments this reader could be paired with: same account and metastore, a workspace the blueprint creates.
    const prods = envs
      .filter(
        (env) =>
          env.stage === "prod" &&
          env.name !== reader.name &&
          env.databricks.existingWorkspaceHost === undefined &&
          env.databricks.accountId.toLowerCase() === reader.databricks.accountId.toLowerCase() &&
          metastoreOf(env) === metastoreOf(reader),
      )
      .map((env) => `"${env.name}"`);
    const someProd =
      prods.length > 0
        ? `name one of ${prods.join(", ")}`
        : `name a prod environment of Databricks account ${reader.databricks.accountId} and the ${reader.cloud} ${regionOf(reader)} metastore (this estate has none)`;
    if (reader.stage === "prod") {
      add(
        path,
        `is set on a prod environment; prod data is read in dev or test workspaces only, masked, and another prod environment gets its own copy through its pipelines. Fix: remove unityCatalog.readsProdCatalogOf from ${reader.name}, and set it on the dev environment that needs the data`,
      );
      return;
    }
    const prod = byName.get(target);
    if (prod === undefined) {
      add(path, `names no environment of this estate. Fix: ${someProd}, or remove the field`);
      return;
    }
    if (prod.stage !== "prod") {
      add(
        path,
        `names ${prod.name}, a ${prod.stage} environment; only a prod catalog carries the masks and row filters this sets up, and a ${prod.stage} catalog is read through its own workspace. Fix: ${someProd}, or remove the field`,
      );
      return;
    }
    if (prod.databricks.existingWorkspaceHost !== undefined) {
      add(
        path,
        `names ${prod.name}, which brings its own workspace, so the blueprint creates no catalog there to bind read-only. Fix: ${someProd} whose workspace the blueprint creates, or remove the field`,
      );
      return;
    }
    if (prod.databricks.accountId.toLowerCase() !== reader.databricks.accountId.toLowerCase()) {
      add(
        path,
        `names ${prod.name}, which is in Databricks account ${prod.databricks.accountId} while ${reader.name} is in ${reader.databricks.accountId}; a catalog can be bound only to workspaces of its own metastore, and a metastore belongs to one account. Fix: read from a prod environment of account ${reader.databricks.accountId}, or remove the field`,
      );
      return;
    }
    if (metastoreOf(prod) !== metastoreOf(reader)) {
      add(
        path,
        `names ${prod.name}, whose catalog is in the ${prod.cloud} ${regionOf(prod)} metastore while ${reader.name} uses the ${reader.cloud} ${regionOf(reader)} one; a catalog can be bound only to workspaces of its own metastore. Fix: read from a prod environment of ${regionOf(reader)}, or remove the field`,
      );
      return;
    }
    // prod's config stack reads this workspace's id from its workspace stack's state
    // (stacks/reader-workspace.ts); CI deploys prod, and a runner never has another job's local files.
    const bringsOwnId = reader.databricks.existingWorkspaceHost !== undefined && reader.databricks.existingWorkspaceId !== undefined;
    if (reader.state.backend === "local" && !bringsOwnId) {
      const store =
        reader.cloud === "aws"
          ? `{ backend: "s3", bucket, region, keyPrefix: "lakehouse/${reader.name}" }`
          : `{ backend: "azurerm", resourceGroupName, storageAccountName, keyPrefix: "lakehouse/${reader.name}" }`;
      add(
        [index, "state"],
        `keeps ${reader.name}'s Terraform state in local files while ${reader.name} reads ${prod.name}'s catalog (unityCatalog.readsProdCatalogOf): ${prod.name}'s config stack reads ${reader.name}'s workspace id from that state, and CI, which deploys ${prod.name}, never sees local files (nor deploys ${reader.name}). Fix: give ${reader.name} remote state: state: ${store} (docs/remote-state.md), and deploy it from CI before ${prod.name}; or remove unityCatalog.readsProdCatalogOf`,
      );
    }
  });
}
