import type { Cloud } from "../config/node-types";

/** Account console hosts of the Databricks account-level API, per cloud. */
export const ACCOUNTS_HOST: Record<Cloud, string> = {
  aws: "https://accounts.cloud.databricks.com",
  azure: "https://accounts.azuredatabricks.net",
};
