import { firstFreeBlock, overlaps, parseCidr } from "../cidr";
import { metastoreOf, networkCidr, networkPath, regionOf } from "../placement";
import type { Environment } from "../types";
import { checkAuditLogDelivery } from "./audit-log-delivery";
import { checkDataClassification } from "./data-classification";
import { checkHubsAcrossEnvironments } from "./egress";
import { checkMetastoreStatements } from "./metastores";
import type { AddProblem } from "./problem";
import { checkProdCatalogReaders } from "./prod-catalog-readers";
import { checkProdStoragePaths } from "./prod-storage-path";

// Rules between environments: names that must be unique in a scope wider than one environment (the
// app, a metastore, a Databricks account, all of Azure) and ranges that must not overlap.

type Claim = { readonly index: number; readonly path: (string | number)[]; readonly key: string; readonly value: string };

/** Reports every claim whose key another, earlier claim already holds; `describe` gives the message. */
function firstComeFirstServed(claims: Claim[], add: AddProblem, describe: (claim: Claim, holder: Claim) => string): void {
  const holders = new Map<string, Claim>();
  for (const claim of claims) {
    const holder = holders.get(claim.key);
    if (holder) add([claim.index, ...claim.path], describe(claim, holder));
    else holders.set(claim.key, claim);
  }
}

/**
 * Takes every configured environment (validated one by one); reports duplicate names, overlapping
 * networks, a third audit log delivery in one Databricks account, a catalog name used twice in one
 * metastore, an Azure storage account or Key Vault name used twice (names are global on Azure), one
 * group name for two personas or environments in one Databricks account, one Databricks account on two
 * clouds, statements about one metastore that disagree (./metastores), and a prod catalog read from
 * where it may not be (./prod-catalog-readers) or from a network with no path to its storage
 * (./prod-storage-path).
 */
export function checkAcrossEnvironments(envs: readonly Environment[], add: AddProblem): void {
  const nameOf = (index: number) => envs[index].name;

  firstComeFirstServed(
    envs.map((env, index) => ({ index, path: ["name"], key: env.name, value: env.name })),
    add,
    (claim, holder) =>
      `"${claim.value}" is already used by environment ${holder.index}; stack names would collide. Fix: give each environment a unique name`,
  );

  // Environments are kept routable to each other (peering, transit) so their networks must not overlap.
  envs.forEach((env, i) => {
    // A serverless workspace has no network of its own to overlap.
    const range = networkCidr(env);
    const mine = range === undefined ? undefined : parseCidr(range);
    envs.slice(0, i).forEach((other) => {
      const theirRange = networkCidr(other);
      const theirs = theirRange === undefined ? undefined : parseCidr(theirRange);
      if (mine && theirs && overlaps(mine, theirs)) {
        const free = firstFreeBlock(
          mine.prefix,
          envs.map(networkCidr).filter((cidr): cidr is string => cidr !== undefined),
        );
        add(
          [i, ...networkPath(env)],
          `"${networkCidr(env)}" overlaps ${other.name}'s network "${networkCidr(other)}". Fix: give each environment its own range${free ? `, e.g. "${free}", free in this estate` : ""}`,
        );
      }
    });
  });

  // The Azure egress hubs: one range per subscription and region, outside every network of the estate.
  checkHubsAcrossEnvironments(envs, envs.map(networkCidr), add);

  // A Databricks account lives on one cloud: its account console and API are accounts.cloud.databricks.com
  // (AWS) or accounts.azuredatabricks.net (Azure), never both (stacks/databricks-accounts.ts).
  const cloudOfAccount = new Map<string, Environment>();
  envs.forEach((env, index) => {
    const holder = cloudOfAccount.get(env.databricks.accountId.toLowerCase());
    if (holder === undefined) cloudOfAccount.set(env.databricks.accountId.toLowerCase(), env);
    else if (holder.cloud !== env.cloud) {
      add(
        [index, "databricks", "accountId"],
        `is also ${holder.name}'s Databricks account, which is on ${holder.cloud}; a Databricks account belongs to one cloud (its console is accounts.cloud.databricks.com on AWS, accounts.azuredatabricks.net on Azure), so this ${env.cloud} environment cannot use it. Fix: use the account id shown in the ${env.cloud === "aws" ? "AWS" : "Azure"} Databricks account console`,
      );
    }
  });

  // An S3 bucket lives in one region: environments sharing a state bucket must name that region
  // (the bootstrap creates the bucket once, where the first of them says).
  const bucketRegion = new Map<string, Environment>();
  envs.forEach((env, index) => {
    if (env.state.backend !== "s3") return;
    const holder = bucketRegion.get(env.state.bucket);
    if (holder === undefined) bucketRegion.set(env.state.bucket, env);
    else if (holder.state.backend === "s3" && holder.state.region !== env.state.region) {
      add(
        [index, "state", "region"],
        `the state bucket "${env.state.bucket}" is in ${holder.state.region} (${holder.name}'s state.region); an S3 bucket lives in one region. Fix: set state.region "${holder.state.region}", or use a bucket of ${env.state.region}`,
      );
    }
  });

  checkMetastoreStatements(envs, add);

  // Which dev environment may read which prod catalog, read-only and masked.
  checkProdCatalogReaders(envs, add);
  // An Azure reader's network path to prod's private storage.
  checkProdStoragePaths(envs, add);
  // Data classification only where the job tags the catalog, and where its results can be held.
  checkDataClassification(envs, add);

  // Databricks accepts at most two audit log delivery configurations per account; prod delivers once.
  checkAuditLogDelivery(envs, add);

  // Catalog names are unique within a metastore (Unity Catalog: "Create catalogs"). Environments that
  // bring their own workspace create no catalog.
  firstComeFirstServed(
    envs.flatMap((env, index) =>
      env.databricks.existingWorkspaceHost === undefined
        ? [{ index, path: ["unityCatalog", "catalogName"], key: `${metastoreOf(env)}/${env.catalogName}`, value: env.catalogName }]
        : [],
    ),
    add,
    (claim, holder) =>
      `names the catalog "${claim.value}", which ${nameOf(holder.index)} already creates in the same metastore (Databricks account ${envs[claim.index].databricks.accountId}, ${envs[claim.index].cloud} ${regionOf(envs[claim.index])}); catalog names are unique in a metastore. Fix: set unityCatalog.catalogName to a name of its own, e.g. "${nameOf(claim.index).replace(/-/g, "_")}_lakehouse"`,
  );

  // Storage account and Key Vault names are DNS names (*.blob.core.windows.net, *.vault.azure.net),
  // unique across all of Azure (Azure naming rules). A deleted vault keeps its name for its soft-delete
  // retention. The state backend's account is shared by design, but never with an environment's data.
  const storageClaims: Claim[] = envs.flatMap((env, index) =>
    env.cloud === "azure"
      ? [{ index, path: ["azure", "storageAccountName"], key: env.azure.storageAccountName, value: env.azure.storageAccountName }]
      : [],
  );
  const stateAccounts = new Map(
    envs.flatMap((env) => (env.state.backend === "azurerm" ? [[env.state.storageAccountName, env.name] as const] : [])),
  );
  firstComeFirstServed(
    storageClaims,
    add,
    (claim, holder) =>
      `"${claim.value}" is also ${nameOf(holder.index)}'s storage account; storage account names are unique across Azure, so one apply would fail or take over the other's data. Fix: give each environment its own, e.g. "st${nameOf(claim.index).replace(/-/g, "")}lake01"`,
  );
  storageClaims.forEach((claim) => {
    const owner = stateAccounts.get(claim.value);
    if (owner !== undefined)
      add(
        [claim.index, ...claim.path],
        `"${claim.value}" is the Terraform state account of ${owner} (state.storageAccountName); the lakehouse data would share an account with every environment's state. Fix: give the lakehouse its own storage account name`,
      );
  });
  firstComeFirstServed(
    envs.flatMap((env, index) =>
      env.cloud === "azure"
        ? [{ index, path: ["azure", "keyVaultName"], key: env.azure.keyVaultName.toLowerCase(), value: env.azure.keyVaultName }]
        : [],
    ),
    add,
    (claim, holder) =>
      `"${claim.value}" is also ${nameOf(holder.index)}'s Key Vault; Key Vault names are unique across Azure (and stay taken while a deleted vault is soft-deleted). Fix: give each environment its own, e.g. "kv-lakehouse-${nameOf(claim.index)}"`,
  );

  // Account-level groups: one display name, one group, in a Databricks account (SCIM). Two environments
  // (or two personas) naming the same group would fight over its members and workspace assignments.
  const PERSONAS = {
    admins: "platform-admins",
    dataEngineers: "data-engineers",
    dataScientists: "data-scientists",
    analysts: "analysts",
  } as const;
  firstComeFirstServed(
    envs.flatMap((env, index) =>
      (Object.keys(PERSONAS) as (keyof typeof PERSONAS)[]).map((persona) => ({
        index,
        path: ["identity", persona],
        key: `${env.databricks.accountId}/${env.groups[persona].toLowerCase()}`,
        value: env.groups[persona],
      })),
    ),
    add,
    (claim, holder) => {
      const whose =
        holder.index === claim.index ? `this environment's ${holder.path[1]} group` : `${nameOf(holder.index)}'s ${holder.path[1]} group`;
      return `names the group "${claim.value}", which is already ${whose} in Databricks account ${envs[claim.index].databricks.accountId}; group names are unique in an account, so the environments would share members and grants. Fix: give it a name of its own, e.g. "${nameOf(claim.index)}-${PERSONAS[claim.path[1] as keyof typeof PERSONAS]}", or leave identity.${String(claim.path[1])} unset for the default`;
    },
  );
}
