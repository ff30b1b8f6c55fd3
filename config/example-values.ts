// Every value of the examples (config/examples/) and of the "e.g." in config's messages that names
// something real: ids, globally unique names, state locations, hosts, the repository. They are made
// up, so in a team's environment each is a mistake: a copied file, or a pasted example. One list,
// read by config (./placeholders, ./rules/placeholders) and by anything that writes environments.
// Besides these: the documentation address ranges and the reserved domain names below.

/** One made-up value, and what it stands for (shown in the message). */
export interface ExampleValue {
  readonly value: string;
  readonly what: string;
  /** "contains": also inside a longer text (an id in an ARN or a resource id); "exact": the whole value. */
  readonly match: "exact" | "contains";
  /** Only in fields whose path ("aws.network.privateConnectivity.allowedEgress[0].cidr") matches. */
  readonly fields?: RegExp;
}

const id = (value: string, what: string): ExampleValue => ({ value, what, match: "contains" });
const name = (value: string, what: string): ExampleValue => ({ value, what, match: "exact" });

export const EXAMPLE_VALUES: readonly ExampleValue[] = [
  // Databricks, AWS and Azure identities of the examples.
  id("00000000-0000-4000-8000-000000000000", "the AWS examples' Databricks account id"),
  id("00000000-0000-4000-8000-000000000001", "the Azure examples' Databricks account id"),
  id("111111111111", "the dev example's AWS account id"),
  id("222222222222", "the prod example's AWS account id"),
  id("00000000-0000-4000-8000-00000000aa01", "the azdev example's Azure subscription id"),
  id("00000000-0000-4000-8000-00000000aa02", "the azprod example's Azure subscription id"),
  id("00000000-0000-4000-8000-00000000ee01", "the Azure examples' Entra tenant id"),
  id("00000000-0000-4000-8000-00000000db01", "the Azure examples' AzureDatabricks enterprise application object id"),
  id("00000000-0000-4000-8000-00000000cc01", "the azdev example's mount principal (client) id"),
  id("00000000-0000-4000-8000-00000000cc02", "the azdev example's mount principal object id"),
  // The "e.g." values config's messages and the docs show.
  id("0d1c2b3a-4e5f-6789-abcd-ef0123456789", "the Databricks account id config's messages show as an example"),
  id("0e6d1f43-7f4b-4f0c-9a55-2a3a0c7e2d11", "the application id config's messages show as an example"),
  id("123456789012", "the AWS account id config's messages show as an example"),
  name("1234567890123456", "the workspace id config's messages show as an example"),
  id("dbc-1234abcd-5678", "the workspace host config's messages show as an example"),
  // Globally unique names (Key Vault and storage account names across Azure, S3 buckets across AWS).
  name("kv-lakehouse-azdev", "the azdev example's Key Vault name"),
  name("kv-lakehouse-azprod", "the azprod example's Key Vault name"),
  name("stlakehouseazdev", "the azdev example's storage account name"),
  name("stlakehouseazprod", "the azprod example's storage account name"),
  // State locations.
  name("example-org-terraform-state", "the prod example's state bucket"),
  name("stexampletfstate", "the azprod example's state storage account"),
  name("example-org-terraform-state-dev", "the dev example's state bucket"),
  name("stexampletfstatedev", "the azdev example's state storage account"),
  // The examples' repository, database hosts and the egress rule to that database.
  id("github.com/example-org/", "the examples' repository"),
  id("dev.azure.com/example-org/", "the examples' repository"),
  id("orders-db.dev.internal", "the examples' source database host"),
  id("orders-db.prod.internal", "the examples' source database host"),
  { value: "10.40.8.0/24", what: "the prod example's orders-database network", match: "exact", fields: /allowedEgress\[\d+\]\.cidr$/ },
];

/** Address ranges reserved for documentation: no real network uses them. */
export const DOCUMENTATION_RANGES: readonly { readonly range: string; readonly source: string }[] = [
  { range: "192.0.2.0/24", source: "RFC 5737, TEST-NET-1" },
  { range: "198.51.100.0/24", source: "RFC 5737, TEST-NET-2" },
  { range: "203.0.113.0/24", source: "RFC 5737, TEST-NET-3" },
  { range: "2001:db8::/32", source: "RFC 3849" },
];

/** Domains reserved for examples and tests: no one can own them, no mail reaches them. */
export const RESERVED_DOMAINS: readonly { readonly domain: string; readonly subdomainsOnly: boolean; readonly source: string }[] = [
  { domain: "example.com", subdomainsOnly: false, source: "RFC 2606" },
  { domain: "example.net", subdomainsOnly: false, source: "RFC 2606" },
  { domain: "example.org", subdomainsOnly: false, source: "RFC 2606" },
  { domain: "example", subdomainsOnly: true, source: "RFC 2606" },
  { domain: "test", subdomainsOnly: true, source: "RFC 2606" },
  { domain: "invalid", subdomainsOnly: true, source: "RFC 2606" },
  { domain: "localhost", subdomainsOnly: false, source: "RFC 6761" },
];
