// Wildcards an egress allow-list refuses because they amount to open egress: a "*." over a domain that
// anyone can get a name under. A notebook allowed "*.blob.core.windows.net" can write to any storage
// account in Azure, the attacker's included; one allowed "*.cloud.databricks.com" can call any
// workspace's API with a token of the attacker's. Allow the team's own names instead
// ("mystorage.blob.core.windows.net").
//
// Not exhaustive: every hosting domain (*.azurewebsites.net, *.github.io, ...) is another way out. The
// table holds the storage and workspace domains of the clouds this blueprint runs on, and the
// public suffixes most often met; a reviewer reads every allowedDomains change.

/**
 * Domains under which anyone can create a name that receives data: the clouds' object storage and
 * Databricks workspaces. A wildcard over one of these, or over a parent of one ("*.amazonaws.com",
 * "*.windows.net"), is refused. Sources: the endpoint formats in AWS's "Amazon S3 endpoints and quotas",
 * Azure Storage's "Storage account overview" (standard endpoints), Google Cloud Storage "Request
 * endpoints", Azure Event Hubs "FQDN" and Databricks' workspace URL formats.
 */
export const MULTI_TENANT_DOMAINS: Readonly<Record<string, string>> = {
  "cloud.databricks.com": "Databricks workspaces on AWS",
  "gcp.databricks.com": "Databricks workspaces on Google Cloud",
  "azuredatabricks.net": "Azure Databricks workspaces",
  "blob.core.windows.net": "Azure Blob Storage accounts",
  "dfs.core.windows.net": "Azure Data Lake Storage accounts",
  "file.core.windows.net": "Azure Files shares",
  "queue.core.windows.net": "Azure Queue Storage accounts",
  "table.core.windows.net": "Azure Table Storage accounts",
  "servicebus.windows.net": "Azure Event Hubs and Service Bus namespaces",
  "s3.amazonaws.com": "Amazon S3 buckets",
  "storage.googleapis.com": "Google Cloud Storage buckets",
};

/** Regional Amazon S3 endpoints ("s3.eu-west-1.amazonaws.com", "s3-eu-west-1.amazonaws.com", "s3.dualstack.eu-west-1.amazonaws.com", China's ".com.cn"). */
const REGIONAL_S3 = /^s3([.-][a-z0-9-]+)+\.amazonaws\.com(\.cn)?$/;

/**
 * Public suffixes under which anyone can register a domain (a selection of the ICANN section of the
 * Public Suffix List, https://publicsuffix.org/list/public_suffix_list.dat). "*.co.uk" is every
 * British company's site; a top-level domain ("*.org") is refused on its own rule.
 */
export const PUBLIC_SUFFIXES: readonly string[] = [
  "co.uk",
  "org.uk",
  "ac.uk",
  "gov.uk",
  "com.au",
  "net.au",
  "org.au",
  "co.nz",
  "co.jp",
  "co.in",
  "co.za",
  "com.br",
  "com.cn",
  "com.sg",
  "com.mx",
  "com.tr",
];

/**
 * Why the wildcard "*.`suffix`" amounts to open egress, or undefined when it does not (as far as the
 * tables above know). Takes the part after "*.", lowercase.
 */
export function openWildcardProblem(suffix: string): string | undefined {
  if (!suffix.includes(".")) {
    return `is a wildcard over the top-level domain ".${suffix}": every site under it, anyone's, could receive the data. Fix: list the hosts the jobs need by name, e.g. "pypi.org"`;
  }
  if (PUBLIC_SUFFIXES.includes(suffix)) {
    return `is a wildcard over the public suffix "${suffix}", under which anyone can register a domain. Fix: name the organisation's domain, e.g. "*.example.${suffix}"`;
  }
  const covered = Object.keys(MULTI_TENANT_DOMAINS).find((domain) => domain === suffix || domain.endsWith(`.${suffix}`));
  const what = covered ? MULTI_TENANT_DOMAINS[covered] : REGIONAL_S3.test(suffix) ? "Amazon S3 buckets" : undefined;
  if (what) {
    return `covers every customer's ${what}${covered && covered !== suffix ? ` (${covered})` : ""}, so a notebook could write to storage or a workspace that is not yours. Fix: name your own hosts, e.g. "${covered === "s3.amazonaws.com" || !covered ? "my-bucket.s3.eu-west-1.amazonaws.com" : `myname.${covered}`}"`;
  }
  return undefined;
}
