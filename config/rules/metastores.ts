import { describeChoice, sameChoice } from "../metastore";
import { metastoreOf, regionOf } from "../placement";
import type { Environment } from "../types";
import type { AddProblem } from "./problem";

/**
 * Takes every configured environment; reports statements about one metastore that disagree. The
 * environments of one Databricks account, cloud and region share its one metastore (Databricks: "You
 * can create one metastore per region", "Enable a workspace for Unity Catalog"), so they must all say
 * { mode: "create" } or all adopt the same id; and one adopted metastore cannot serve two regions or two
 * accounts. The first environment's statement stands; each later one that differs is reported.
 */
export function checkMetastoreStatements(envs: readonly Environment[], add: AddProblem): void {
  const path = ["unityCatalog", "metastore"];
  const first = new Map<string, Environment>();
  const adoptedBy = new Map<string, Environment>();
  envs.forEach((env, index) => {
    const choice = env.unityCatalog.metastore;
    const key = metastoreOf(env);
    const where = `Databricks account ${env.databricks.accountId} in ${env.cloud} ${regionOf(env)}`;
    const holder = first.get(key);
    if (holder === undefined) first.set(key, env);
    else if (!sameChoice(holder.unityCatalog.metastore, choice)) {
      const theirs = describeChoice(holder.unityCatalog.metastore);
      add(
        [index, ...path],
        `states ${describeChoice(choice)} for the metastore of ${where}, while ${holder.name} states ${theirs}; Databricks allows one metastore per region per account, so every environment there shares it. Fix: state the same in both, e.g. ${theirs} (npm run preflight:metastore tells which holds)`,
      );
      return;
    }
    if (choice.mode !== "adopt") return;
    const owner = adoptedBy.get(choice.id.toLowerCase());
    if (owner === undefined) adoptedBy.set(choice.id.toLowerCase(), env);
    else if (metastoreOf(owner) !== key) {
      add(
        [index, ...path, "id"],
        `"${choice.id}" is also the metastore ${owner.name} adopts in Databricks account ${owner.databricks.accountId}, ${owner.cloud} ${regionOf(owner)}; a metastore serves one region of one account, and a workspace can only be assigned one of its own region. Fix: adopt the metastore of ${where} (npm run preflight:metastore lists it), or { mode: "create" } if there is none`,
      );
    }
  });
}
