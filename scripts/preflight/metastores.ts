// The metastore preflight's logic: each statement of the estate about a metastore (config's
// unityCatalog.metastore, per Databricks account, cloud and region) held against the account's
// metastores as the account API lists them. No network here: scripts/preflight/account-api.ts fetches,
// and the tests give a recorded listing. Databricks allows one metastore per region per account
// ("Enable a workspace for Unity Catalog": "You can create one metastore per region"), and makes one by
// itself with an account's first workspace in a region (automatic enablement, since November 2023).
import { describeChoice, type MetastoreChoice } from "../../config/metastore";
import { regionOf } from "../../config/placement";
import type { Environment } from "../../config/schema";

/** One metastore as GET /api/2.0/accounts/{account_id}/metastores gives it (the fields read here). */
export interface AccountMetastore {
  readonly metastore_id: string;
  readonly name?: string;
  readonly region?: string;
  readonly cloud?: string;
}

/** The response of GET /api/2.0/accounts/{account_id}/metastores (an account without any omits the list). */
export interface MetastoreListing {
  readonly metastores?: readonly AccountMetastore[];
}

/** What the estate states about the metastore of one account and region, and who states it. */
export interface MetastoreStatement {
  readonly accountId: string;
  readonly cloud: string;
  readonly region: string;
  readonly choice: MetastoreChoice;
  readonly environments: readonly string[];
}

/**
 * Takes validated environments (config has made those of one account and region agree); gives one
 * statement per Databricks account, cloud and region, naming the environments that make it.
 */
export function metastoreStatements(envs: readonly Environment[]): MetastoreStatement[] {
  const byKey = new Map<string, MetastoreStatement>();
  for (const env of envs) {
    const key = `${env.databricks.accountId.toLowerCase()}/${env.cloud}/${regionOf(env)}`;
    const known = byKey.get(key);
    byKey.set(
      key,
      known
        ? { ...known, environments: [...known.environments, env.name] }
        : {
            accountId: env.databricks.accountId,
            cloud: env.cloud,
            region: regionOf(env),
            choice: env.unityCatalog.metastore,
            environments: [env.name],
          },
    );
  }
  return [...byKey.values()];
}

/** The listing's metastores, from the API's response ({ metastores: [...] }) or a plain list of them. */
export function metastoresOf(listing: MetastoreListing | readonly AccountMetastore[]): readonly AccountMetastore[] {
  return Array.isArray(listing) ? listing : ((listing as MetastoreListing).metastores ?? []);
}

const shown = (m: AccountMetastore) => `"${m.name ?? "(unnamed)"}" (${m.metastore_id})`;

/**
 * Takes the statements of one Databricks account and its metastores; gives a line per statement that
 * holds, and a problem (with the fix) per statement that would fail at apply: "create" where the
 * region has a metastore, "adopt" of an id the account does not have, or has in another region.
 */
export function checkStatements(
  statements: readonly MetastoreStatement[],
  listing: MetastoreListing | readonly AccountMetastore[],
): { ok: string[]; problems: string[] } {
  const metastores = metastoresOf(listing);
  const ok: string[] = [];
  const problems: string[] = [];
  for (const statement of statements) {
    const { choice, region, accountId } = statement;
    const who = statement.environments.join(", ");
    const stated = `${who}: unityCatalog.metastore = ${describeChoice(choice)} (Databricks account ${accountId}, ${statement.cloud} ${region})`;
    const inRegion = metastores.find((m) => (m.region ?? "").toLowerCase() === region.toLowerCase());
    if (choice.mode === "create") {
      if (inRegion) {
        problems.push(
          `${stated}: the account already has metastore ${shown(inRegion)} in ${region}, and Databricks allows one metastore per region per account, so the metastore stack's apply would fail. Fix: set unityCatalog.metastore: { mode: "adopt", id: "${inRegion.metastore_id}" } in ${who}`,
        );
      } else {
        ok.push(`${stated}: the account has no metastore in ${region}; the blueprint's metastore stack creates it`);
      }
      continue;
    }
    const adopted = metastores.find((m) => m.metastore_id.toLowerCase() === choice.id.toLowerCase());
    const instead = inRegion
      ? `{ mode: "adopt", id: "${inRegion.metastore_id}" } (the metastore of ${region})`
      : `{ mode: "create" } (the account has no metastore in ${region})`;
    if (!adopted) {
      const listed = metastores.length === 0 ? "none" : metastores.map((m) => `${shown(m)} in ${m.region ?? "?"}`).join(", ");
      problems.push(
        `${stated}: the account has no metastore ${choice.id} (it has: ${listed}), so the workspaces' metastore assignment would fail. Fix: set unityCatalog.metastore: ${instead} in ${who}`,
      );
    } else if ((adopted.region ?? "").toLowerCase() !== region.toLowerCase()) {
      problems.push(
        `${stated}: metastore ${shown(adopted)} is in ${adopted.region ?? "another region"}, not ${region}; a workspace can only be assigned a metastore of its own region. Fix: set unityCatalog.metastore: ${instead} in ${who}`,
      );
    } else {
      ok.push(`${stated}: adopts ${shown(adopted)}, the account's metastore in ${region}`);
    }
  }
  return { ok, problems };
}
