import { metastoreOf, regionOf, systemTablesHolderOf } from "../placement";
import type { Environment } from "../types";
import type { AddProblem } from "./problem";

// Data classification on a prod catalog: where it makes sense, and where its raw findings can be kept
// to the few who may see personal data
// (docs/production-data-in-dev.md#data-classification-findings-checked-against-the-contract).

const FIELD = ["unityCatalog", "dataClassification"];

/**
 * Takes every configured environment; reports each `unityCatalog.dataClassification: true` that is
 * set where no transformation tags the catalog's columns, or outside the environment that holds its
 * metastore's system tables:
 * - on an environment whose catalog no dev (or test) environment reads (`readsProdCatalogOf`), dev
 *   and unpaired prod environments alike: only a paired prod's job tags columns, so elsewhere every
 *   personal column the scan finds is "untagged", its alert has nothing to compare with (its
 *   parameters are empty there), and the scan would store raw samples of personal data for nothing;
 * - on a prod environment that does not hold its metastore's system schemas (a second prod of the
 *   same account and region): `system.data_classification.results` is one table for the whole
 *   metastore, enabled and granted by that holder only, and a second stack granting it would fight
 *   over the same authoritative grants.
 */
export function checkDataClassification(envs: readonly Environment[], add: AddProblem): void {
  envs.forEach((env, index) => {
    if (!env.unityCatalog.dataClassification) return;
    const path = [index, ...FIELD];
    const readers = envs.filter((peer) => peer.name !== env.name && peer.unityCatalog.readsProdCatalogOf === env.name);
    if (env.stage !== "prod" || readers.length === 0) {
      // Suggest the paired prod environments of the same metastore, the only ones where it can be on.
      const paired = envs.filter(
        (peer) =>
          peer.stage === "prod" &&
          metastoreOf(peer) === metastoreOf(env) &&
          envs.some((reader) => reader.name !== peer.name && reader.unityCatalog.readsProdCatalogOf === peer.name),
      );
      const where =
        paired.length > 0
          ? `set it on ${paired.map((peer) => peer.name).join(" or ")} instead`
          : env.stage === "prod"
            ? `first set unityCatalog.readsProdCatalogOf: "${env.name}" on a dev environment of its metastore`
            : "first pair a prod environment with a dev environment (unityCatalog.readsProdCatalogOf on the dev one)";
      add(
        path,
        `is on in ${env.name}, ${env.stage === "prod" ? "a prod environment whose catalog no dev environment reads" : `a ${env.stage} environment`}; only the catalog of a prod environment that a dev environment reads (unityCatalog.readsProdCatalogOf) has its columns tagged by the transformation, so elsewhere every personal column found would be reported as untagged and the scan would keep raw samples of personal data for nothing. Fix: remove the field, or ${where} (docs/production-data-in-dev.md)`,
      );
      return;
    }
    const holder = systemTablesHolderOf(env, envs);
    if (holder !== undefined && holder.name !== env.name) {
      add(
        path,
        `is on in ${env.name}, but ${holder.name} holds the system tables of the ${env.cloud} ${regionOf(env)} metastore they share; the classification results (system.data_classification.results) are one table per metastore, enabled and granted there only. Fix: remove the field, or turn classification on in ${holder.name} instead`,
      );
    }
  });
}
