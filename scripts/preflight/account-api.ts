// Reads an account's metastores with the deployer's credentials, as the Databricks provider's
// account-level configuration takes them from the environment: a bearer token in DATABRICKS_TOKEN
// (`databricks auth token --account-id ...`, or on Azure an Entra ID token for the AzureDatabricks
// resource), or a service principal's OAuth secret (DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET:
// OAuth machine-to-machine, token from /oidc/accounts/{account_id}/v1/token). Nothing is stored.

import type { Cloud } from "../../config/node-types";
import { ACCOUNTS_HOST } from "../../stacks/databricks-accounts";
import type { MetastoreListing } from "./metastores";

async function accessToken(host: string, accountId: string): Promise<string> {
  const token = process.env.DATABRICKS_TOKEN;
  if (token) return token;
  const clientId = process.env.DATABRICKS_CLIENT_ID;
  const secret = process.env.DATABRICKS_CLIENT_SECRET;
  if (!clientId || !secret) {
    throw new Error(
      'No Databricks credentials: set DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET of an account admin service principal (docs/deploying.md, "Credentials"). Fix: export them, or check a saved listing with --account ID --listing FILE',
    );
  }
  const response = await fetch(`${host}/oidc/accounts/${accountId}/v1/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "all-apis" }),
  });
  if (!response.ok)
    throw new Error(
      `The account's token endpoint refused the service principal ${clientId} (HTTP ${response.status}). Fix: check DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET, and that the principal belongs to account ${accountId}`,
    );
  return ((await response.json()) as { access_token: string }).access_token;
}

/** GET /api/2.0/accounts/{account_id}/metastores on the account console host of `cloud`. */
export async function listAccountMetastores(cloud: Cloud, accountId: string): Promise<MetastoreListing> {
  const host = ACCOUNTS_HOST[cloud];
  const response = await fetch(`${host}/api/2.0/accounts/${accountId}/metastores`, {
    headers: { Authorization: `Bearer ${await accessToken(host, accountId)}` },
  });
  if (!response.ok)
    throw new Error(
      `Listing the metastores of Databricks account ${accountId} failed (HTTP ${response.status}: ${(await response.text()).slice(0, 200)}). Fix: run it as an account admin of that account`,
    );
  return (await response.json()) as MetastoreListing;
}
