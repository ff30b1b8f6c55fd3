import type { Environment } from "./types";

/** The network range of an environment (VPC or VNet), kept apart from every other environment's; undefined for a serverless workspace, which has none. */
export const networkCidr = (env: Environment): string | undefined =>
  env.cloud === "aws" ? env.aws.network?.vpcCidr : env.azure.network.vnetCidr;
/** Where that range is set in config. */
export const networkPath = (env: Environment): string[] =>
  env.cloud === "aws" ? ["aws", "network", "vpcCidr"] : ["azure", "network", "vnetCidr"];
/** Where the environment runs: the region its metastore must be in. */
export const regionOf = (env: Environment): string => (env.cloud === "aws" ? env.aws.region : env.azure.location);
/**
 * The Unity Catalog metastore an environment's catalog lives in: Databricks allows one metastore per
 * account and region, so the one the blueprint creates and an adopted one of that region are the same.
 */
export const metastoreOf = (env: Environment): string => `${env.databricks.accountId}/${env.cloud}/${regionOf(env)}`;

/**
 * The environment that holds the system schemas of `env`'s metastore, and their grants: they are
 * metastore-wide, so exactly one environment per metastore holds them, chosen from ALL configured
 * environments (never a selection): the metastore's first prod environment, else the first sharing it.
 * Undefined for a bring-your-own workspace, whose metastore assignment the blueprint does not know.
 */
export function systemTablesHolderOf(env: Environment, all: readonly Environment[]): Environment | undefined {
  const bringsOwnWorkspace = (peer: Environment) => peer.databricks.existingWorkspaceHost !== undefined;
  if (bringsOwnWorkspace(env)) return undefined;
  const sharing = all.filter((peer) => !bringsOwnWorkspace(peer) && metastoreOf(peer) === metastoreOf(env));
  return sharing.find((peer) => peer.stage === "prod") ?? sharing[0] ?? env;
}
