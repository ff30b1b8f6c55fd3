// Application (client) ids of Microsoft's first-party applications: the same in every Entra tenant, so
// they are what an internet search or a portal page shows first. Where config asks for an object id (a
// service principal in the team's tenant), one of these is a mix-up. Sources: Microsoft Learn, "Verify
// first-party Microsoft applications in sign-in reports"; Azure Databricks docs for AzureDatabricks.

export const FIRST_PARTY_APPS: ReadonlyMap<string, string> = new Map([
  ["2ff814a6-3304-4ab8-85cb-cd0e6f879c1d", "AzureDatabricks"],
  ["00000003-0000-0000-c000-000000000000", "Microsoft Graph"],
  ["00000002-0000-0000-c000-000000000000", "Azure Active Directory Graph"],
  ["797f4846-ba00-4fd7-ba43-dac1f8f63013", "Azure Resource Manager (Windows Azure Service Management API)"],
  ["cfa8b339-82a2-471a-a3c9-0fc0be7a4093", "Azure Key Vault"],
  ["e406a681-f3d4-42a8-90b6-c2b029497af1", "Azure Storage"],
  ["04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Microsoft Azure CLI"],
  ["1950a258-227b-4e31-a9cf-717495945fc2", "Microsoft Azure PowerShell"],
]);

/** The name of the first-party application whose application id `id` is, if it is one. */
export const firstPartyApp = (id: string): string | undefined => FIRST_PARTY_APPS.get(id.toLowerCase());
