import { ConfigError } from "../config/errors";
import { configProblems, loadEnvironments } from "../config/load";
import type { EnvironmentInput } from "../config/schema";
import { environmentsSchema } from "../config/schema";
import { secretInText } from "../config/secrets";
import { examples, synthBlueprint, synthBlueprintSelected, variant } from "./helpers";

// Mistakes a platform engineer makes when adding or changing an environment, made by mutating the
// example estate (dev, prod, azdev, azprod) or a fifth environment copied from one of them.

type Example = keyof typeof examples;
type Edit = (env: any) => void;

/** The example estate with environment `name` changed by `edit`. */
const estate = (name?: Example, edit?: Edit): EnvironmentInput[] =>
  (Object.keys(examples) as Example[]).map((key) => (key === name && edit ? variant(examples[key], edit) : examples[key]));

// What an engineer changes when copying an example into a new environment "qa".
const OWN_NAMES: Record<Example, Edit> = {
  dev: (e) => ((e.name = "qa"), (e.stage = "test"), (e.aws.network.vpcCidr = "10.60.0.0/16")),
  prod: (e) => ((e.name = "qa"), (e.aws.network.vpcCidr = "10.60.0.0/16"), (e.security.auditLogDelivery = false)),
  azdev: (e) => (
    (e.name = "qa"),
    (e.stage = "test"),
    (e.azure.network.vnetCidr = "10.70.0.0/22"),
    (e.azure.network.privateConnectivity = { endpointSubnetCidr: "10.70.2.0/26" }),
    (e.azure.storageAccountName = "stlakehouseqa"),
    (e.azure.keyVaultName = "kv-lakehouse-qa"),
    (e.mounts.secretScope = "qa-pipelines")
  ),
  azprod: (e) => (
    (e.name = "qa"),
    (e.azure.network.vnetCidr = "10.70.0.0/22"),
    (e.azure.storageAccountName = "stlakehouseqa"),
    (e.azure.keyVaultName = "kv-lakehouse-qa")
  ),
  sandbox: (e) => (e.name = "qa"),
};

/** The estate plus "qa", copied from example `from` with its own names, then changed by `edit`. */
const withCopy = (from: Example, edit: Edit = () => undefined): EnvironmentInput[] => [
  ...estate(),
  variant(examples[from], (e) => (OWN_NAMES[from](e), edit(e))),
];

const dev = (edit: Edit) => estate("dev", edit);
const prod = (edit: Edit) => estate("prod", edit);
const azdev = (edit: Edit) => estate("azdev", edit);
const azprod = (edit: Edit) => estate("azprod", edit);
const sandbox = (edit: Edit) => estate("sandbox", edit);
/** A prod copy "qa" of the serverless sandbox: prod's baseline on, no developers. */
const serverlessProd = (edit: Edit = () => undefined) =>
  withCopy("sandbox", (e) => {
    e.stage = "prod";
    e.repository.developers = [];
    delete e.deletionProtection;
    e.state = { backend: "s3", bucket: "example-org-terraform-state", region: "eu-west-1", keyPrefix: "lakehouse/qa" };
    edit(e);
  });

interface Invalid {
  /** The field, as the message names it. */
  readonly field: string;
  /** The given value as the message shows it (masked where a secret is). */
  readonly value: string;
  /** A fragment of the reason or the fix. */
  readonly says: string;
  /** A secret planted by the mutation: it must appear in no message. */
  readonly secret?: string;
}

const f = (env: string, path: string) => `environments["${env}"].${path}`;

const DAPI = "dapi" + "0123456789abcdef0123456789abcdef";
const GHP = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
const ENTRA = "Xy7" + "8Q~" + "k2LmN4pQ6rS8tU0vW2xY4zA6bC8dE0fG2h";
const DAPI_2 = "dapi" + "fedcba9876543210fedcba9876543210";
const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY";

const invalid: Array<[string, EnvironmentInput[], Invalid]> = [
  // Egress of classic compute (config/schema/egress.ts, config/rules/egress.ts).
  ...(
    [
      ["https://pypi.org", "has a scheme"],
      ["pypi.org/simple", "has a path"],
      ["pypi.org:443", "has a port"],
      ["*", "allows every domain"],
      ["*.", "allows every domain"],
      ["py*.org", 'has a "*" other than a leading "*." label'],
      ["PyPI.org", 'Fix: "pypi.org"'],
      ["pypi", "is not a host name"],
      ["*.org", 'is a wildcard over the top-level domain ".org"'],
      ["*.co.uk", 'is a wildcard over the public suffix "co.uk"'],
      ["*.com.au", 'is a wildcard over the public suffix "com.au"'],
      ["*.cloud.databricks.com", "covers every customer's Databricks workspaces on AWS, so a notebook could write"],
      ["*.databricks.com", "covers every customer's Databricks workspaces on AWS (cloud.databricks.com)"],
      ["*.azuredatabricks.net", "covers every customer's Azure Databricks workspaces"],
      ["*.blob.core.windows.net", "covers every customer's Azure Blob Storage accounts"],
      ["*.dfs.core.windows.net", "covers every customer's Azure Data Lake Storage accounts"],
      ["*.core.windows.net", "covers every customer's Azure Blob Storage accounts (blob.core.windows.net)"],
      [
        "*.s3.amazonaws.com",
        'covers every customer\'s Amazon S3 buckets, so a notebook could write to storage or a workspace that is not yours. Fix: name your own hosts, e.g. "my-bucket.s3.eu-west-1.amazonaws.com"',
      ],
      ["*.s3.eu-west-1.amazonaws.com", "covers every customer's Amazon S3 buckets"],
      ["*.s3-eu-west-1.amazonaws.com", "covers every customer's Amazon S3 buckets"],
      ["*.s3.dualstack.us-east-1.amazonaws.com", "covers every customer's Amazon S3 buckets"],
      ["*.amazonaws.com", "covers every customer's Amazon S3 buckets (s3.amazonaws.com)"],
    ] as const
  ).map(([domain, says]): [string, EnvironmentInput[], Invalid] => [
    `firewall domain ${domain}`,
    prod((e) => (e.aws.network.egress.allowedDomains = ["files.pythonhosted.org", domain])),
    { field: f("prod", "aws.network.egress.allowedDomains[1]"), value: JSON.stringify(domain), says },
  ]),
  [
    "Azure firewall domain with a scheme",
    azprod((e) => (e.azure.network.egress.allowedDomains = ["http://example.org"])),
    { field: f("azprod", "azure.network.egress.allowedDomains[0]"), value: '"http://example.org"', says: "has a scheme" },
  ],
  [
    "an empty allow-list in firewall mode",
    prod((e) => (e.aws.network.egress.allowedDomains = [])),
    { field: f("prod", "aws.network.egress.allowedDomains"), value: "[]", says: "is empty" },
  ],
  [
    "prod egress left open",
    prod((e) => (e.aws.network.egress.mode = "open")),
    {
      field: f("prod", "aws.network.egress.mode"),
      value: '"open"',
      says: "in a prod environment: a notebook could send the data it reads to any host",
    },
  ],
  [
    "Azure prod egress left open",
    azprod((e) => (e.azure.network.egress = { mode: "open" })),
    { field: f("azprod", "azure.network.egress.mode"), value: '"open"', says: 'Fix: set mode: "firewall"' },
  ],
  [
    "AWS firewall without back-end PrivateLink",
    dev((e) => (e.aws.network.egress = { mode: "firewall" })),
    { field: f("dev", "aws.network.egress.mode"), value: '"firewall"', says: "Fix: set aws.network.privateConnectivity.backEnd: true" },
  ],
  [
    "AWS firewall without back-end PrivateLink in prod (no way back to open)",
    prod((e) => (e.aws.network.privateConnectivity.backEnd = false)),
    {
      field: f("prod", "aws.network.egress.mode"),
      value: '"firewall"',
      says: 'Fix: set aws.network.privateConnectivity.backEnd: true (prod refuses mode "open")',
    },
  ],
  [
    "Azure firewall outside prod in a region without an endpoint row",
    azdev((e) => ((e.azure.location = "eastus2"), (e.azure.network.egress = { mode: "firewall", hubVnetCidr: "10.0.1.0/24" }))),
    {
      field: f("azdev", "azure.network.egress.mode"),
      value: '"firewall"',
      says: 'User-defined route settings for Azure Databricks" page points to, or use mode: "open" there',
    },
  ],
  [
    "AWS firewall log retention CloudWatch does not offer",
    prod((e) => (e.aws.network.egress.logRetentionDays = 100)),
    {
      field: f("prod", "aws.network.egress.logRetentionDays"),
      value: "100",
      says: "is not a retention CloudWatch Logs offers (from 30 days: 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653). Fix: use 90 or 120, the nearest",
    },
  ],
  [
    "AWS firewall log retention under a month",
    prod((e) => (e.aws.network.egress.logRetentionDays = 14)),
    { field: f("prod", "aws.network.egress.logRetentionDays"), value: "14", says: "keeps firewall logs under a month. Fix: use 30" },
  ],
  [
    "AWS firewall log retention beyond CloudWatch's longest",
    prod((e) => (e.aws.network.egress.logRetentionDays = 4000)),
    { field: f("prod", "aws.network.egress.logRetentionDays"), value: "4000", says: "Fix: use 3653, the nearest" },
  ],
  [
    "Azure firewall log retention beyond Log Analytics' 730 days",
    azprod((e) => (e.azure.network.egress.logRetentionDays = 731)),
    {
      field: f("azprod", "azure.network.egress.logRetentionDays"),
      value: "731",
      says: "is more than the 730 days a Log Analytics workspace keeps (30 to 730). Fix: use 730",
    },
  ],
  [
    "Azure firewall log retention under a month",
    azprod((e) => (e.azure.network.egress.logRetentionDays = 7)),
    { field: f("azprod", "azure.network.egress.logRetentionDays"), value: "7", says: "keeps firewall logs under a month. Fix: use 30" },
  ],
  [
    "Azure firewall without a hub range",
    azdev((e) => (e.azure.network.egress = { mode: "firewall" })),
    {
      field: f("azdev", "azure.network.egress.hubVnetCidr"),
      value: "(not set)",
      says: 'is missing: the firewall lives in a hub VNet of the subscription and region, peered with this one. Fix: give it a free range, e.g. hubVnetCidr: "10.100.0.0/24", free in this estate',
    },
  ],
  [
    "Azure firewall without a hub range beside a peer of the same hub that gives one",
    withCopy("azprod", (e) => (delete e.azure.network.egress.hubVnetCidr, (e.state.keyPrefix = "lakehouse/qa"))),
    {
      field: f("qa", "azure.network.egress.hubVnetCidr"),
      value: "(not set)",
      says: 'Fix: write hubVnetCidr: "10.250.0.0/24", the range azprod gives for this hub',
    },
  ],
  [
    "Azure firewall in a region without an endpoint row",
    withCopy("azprod", (e) => ((e.azure.location = "eastus2"), (e.state.keyPrefix = "lakehouse/qa"))),
    {
      field: f("qa", "azure.network.egress.mode"),
      value: '"firewall"',
      says: 'has no row for, so the firewall could not allow the endpoints its clusters need. Fix: add the region\'s row to config/azure-databricks-endpoints.ts, transcribed from the endpoint tables Microsoft\'s "User-defined route settings for Azure Databricks" page points to, or choose a region that has one (northeurope, uaenorth, westeurope); prod refuses mode "open"',
    },
  ],
  [
    "hub range overlapping a spoke",
    azprod((e) => (e.azure.network.egress.hubVnetCidr = "10.20.0.0/24")),
    {
      field: f("azprod", "azure.network.egress.hubVnetCidr"),
      value: '"10.20.0.0/24"',
      says: 'overlaps dev\'s network "10.20.0.0/16"; the hub is peered with the workspace VNets. Fix: give the hub its own range, e.g.',
    },
  ],
  [
    "two hub ranges for one subscription and region",
    withCopy("azprod", (e) => ((e.azure.network.egress.hubVnetCidr = "10.251.0.0/24"), (e.state.keyPrefix = "lakehouse/qa"))),
    {
      field: f("qa", "azure.network.egress.hubVnetCidr"),
      value: '"10.251.0.0/24"',
      says: 'differs from "10.250.0.0/24", the hub range azprod gives',
    },
  ],
  [
    "two firewall tiers for one hub",
    withCopy("azprod", (e) => ((e.azure.network.egress.firewallSku = "Premium"), (e.state.keyPrefix = "lakehouse/qa"))),
    {
      field: f("qa", "azure.network.egress.firewallSku"),
      value: '"Premium"',
      says: '"Premium" differs from "Standard", the firewallSku azprod gives for the same subscription and region; they share one hub and its firewall. Fix: write "Standard"',
    },
  ],
  [
    "two log retentions for one hub",
    withCopy("azprod", (e) => ((e.azure.network.egress.logRetentionDays = 90), (e.state.keyPrefix = "lakehouse/qa"))),
    {
      field: f("qa", "azure.network.egress.logRetentionDays"),
      value: "90",
      says: "90 differs from 365, the logRetentionDays azprod gives for the same subscription and region; they share one hub and its firewall. Fix: write 365",
    },
  ],
  // Names and formats: misspelled and unknown fields.
  [
    "misspelled natGatewayPerAz",
    prod((e) => ((e.aws.network.natGatewayPerAZ = true), delete e.aws.network.natGatewayPerAz)),
    {
      field: f("prod", "aws.network.natGatewayPerAZ"),
      value: "true",
      says: "did you mean natGatewayPerAz? Fix: rename it to natGatewayPerAz",
    },
  ],
  [
    "repository.tags for tag",
    azprod((e) => ((e.repository.tags = "v1.0.0"), delete e.repository.tag)),
    { field: f("azprod", "repository.tags"), value: '"v1.0.0"', says: "did you mean tag?" },
  ],
  [
    "tag for tags at the top",
    dev((e) => ((e.tag = e.tags), delete e.tags)),
    { field: f("dev", "tag"), value: '{"owner":"data-platform","costCenter":"cc-4100"}', says: "did you mean tags?" },
  ],
  [
    "maxWorker for maxWorkers",
    dev((e) => (e.compute.sharedCluster.maxWorker = 4)),
    { field: f("dev", "compute.sharedCluster.maxWorker"), value: "4", says: "did you mean maxWorkers?" },
  ],
  [
    "ipAccesList for ipAccessList",
    dev((e) => ((e.security.ipAccesList = e.security.ipAccessList), delete e.security.ipAccessList)),
    { field: f("dev", "security.ipAccesList"), value: '["203.0.113.0/24"]', says: "did you mean ipAccessList?" },
  ],
  [
    "notificationEmail for notificationEmails",
    dev((e) => (e.jobs.notificationEmail = "x@example.com")),
    { field: f("dev", "jobs.notificationEmail"), value: '"x@example.com"', says: "did you mean notificationEmails?" },
  ],
  [
    "mounts.enable for enabled",
    azdev((e) => (e.mounts.enable = true)),
    { field: f("azdev", "mounts.enable"), value: "true", says: "did you mean enabled?" },
  ],
  [
    "accountID for accountId",
    dev((e) => ((e.databricks.accountID = e.databricks.accountId), delete e.databricks.accountId)),
    { field: f("dev", "databricks.accountID"), value: '"00000000-0000-4000-8000-000000000000"', says: "did you mean accountId?" },
  ],
  [
    "keyvaultName for keyVaultName",
    azdev((e) => ((e.azure.keyvaultName = e.azure.keyVaultName), delete e.azure.keyVaultName)),
    { field: f("azdev", "azure.keyvaultName"), value: '"kv-lakehouse-azdev"', says: "did you mean keyVaultName?" },
  ],
  [
    "Terraform's key in the S3 backend",
    prod((e) => (e.state.key = "prod.tfstate")),
    { field: f("prod", "state.key"), value: '"prod.tfstate"', says: "did you mean keyPrefix?" },
  ],
  [
    "unknown field in the S3 backend lists the S3 fields",
    prod((e) => (e.state.dynamodbTable = "locks")),
    { field: f("prod", "state.dynamodbTable"), value: '"locks"', says: "use one of backend, bucket, region, keyPrefix, kmsKeyArn" },
  ],
  [
    "catalog for catalogName",
    dev((e) => (e.unityCatalog = { catalog: "dev_lake" })),
    { field: f("dev", "unityCatalog.catalog"), value: '"dev_lake"', says: "did you mean catalogName?" },
  ],
  [
    "an azure block in an AWS environment",
    dev((e) => (e.azure = { location: "westeurope" })),
    { field: f("dev", "azure"), value: '{"location":"westeurope"}', says: "is not a field of an environment" },
  ],
  [
    "policies.job for jobs",
    dev((e) => ((e.compute.policies.job = e.compute.policies.jobs), delete e.compute.policies.jobs)),
    { field: f("dev", "compute.policies.job"), value: '{"maxWorkers":4,"maxDbuPerHour":10}', says: "did you mean jobs?" },
  ],
  [
    "identity.admin for admins",
    dev((e) => (e.identity = { admin: "dev-admins" })),
    { field: f("dev", "identity.admin"), value: '"dev-admins"', says: "did you mean admins?" },
  ],
  [
    "cost_center for costCenter",
    dev((e) => ((e.tags.cost_center = "cc-4100"), delete e.tags.costCenter)),
    { field: f("dev", "tags.cost_center"), value: '"cc-4100"', says: "did you mean costCenter?" },
  ],
  [
    "privateSubnetNewbits for privateSubnetNewBits",
    dev((e) => (e.aws.network.privateSubnetNewbits = 4)),
    { field: f("dev", "aws.network.privateSubnetNewbits"), value: "4", says: "did you mean privateSubnetNewBits?" },
  ],
  [
    "unknown JDBC field",
    dev((e) => (e.jobs.jdbc.fetchSize = 1000)),
    { field: f("dev", "jobs.jdbc.fetchSize"), value: "1000", says: "is not a field of jobs.jdbc" },
  ],
  [
    "ID in the adopted metastore",
    dev((e) => (e.unityCatalog = { metastore: { mode: "adopt", ID: "00000000-0000-4000-8000-0000000000aa" } })),
    { field: f("dev", "unityCatalog.metastore.ID"), value: '"00000000-0000-4000-8000-0000000000aa"', says: "did you mean id?" },
  ],
  [
    "extra tag key",
    dev((e) => (e.tags.team = "platform")),
    { field: f("dev", "tags.team"), value: '"platform"', says: "is not a field of tags" },
  ],

  // Names and formats: wrong types show what was given.
  [
    "maxWorkers as a string",
    dev((e) => (e.compute.policies.jobs.maxWorkers = "4")),
    {
      field: f("dev", "compute.policies.jobs.maxWorkers"),
      value: '"4"',
      says: "must be a number, got a string. Fix: write it without quotes: 4",
    },
  ],
  [
    "shared cluster maxWorkers as a string",
    dev((e) => (e.compute.sharedCluster.maxWorkers = "4")),
    { field: f("dev", "compute.sharedCluster.maxWorkers"), value: '"4"', says: "must be a number, got a string" },
  ],
  [
    "AWS account id as a number",
    dev((e) => (e.aws.accountId = 111111111111)),
    {
      field: f("dev", "aws.accountId"),
      value: "111111111111",
      says: 'must be a string, got a number. Fix: write it in quotes: "111111111111"',
    },
  ],
  [
    "Databricks account id as a number",
    azdev((e) => (e.databricks.accountId = 1)),
    { field: f("azdev", "databricks.accountId"), value: "1", says: "must be a string, got a number" },
  ],
  [
    "deletionProtection as a string",
    prod((e) => (e.deletionProtection = "true")),
    {
      field: f("prod", "deletionProtection"),
      value: '"true"',
      says: "must be true or false, got a string. Fix: write it without quotes: true",
    },
  ],
  [
    "zones as one string",
    dev((e) => (e.aws.network.availabilityZones = "eu-west-1a")),
    {
      field: f("dev", "aws.network.availabilityZones"),
      value: '"eu-west-1a"',
      says: 'must be a list, got a string. Fix: write it as a list: ["eu-west-1a"]',
    },
  ],
  [
    "notification e-mail as one string",
    dev((e) => (e.jobs.notificationEmails = "oncall@example.com")),
    { field: f("dev", "jobs.notificationEmails"), value: '"oncall@example.com"', says: "must be a list, got a string" },
  ],
  [
    "tags as a string",
    dev((e) => (e.tags = "data-platform")),
    { field: f("dev", "tags"), value: '"data-platform"', says: "must be an object, got a string" },
  ],
  [
    "partitions as a decimal",
    dev((e) => (e.jobs.jdbc.numPartitions = 8.5)),
    { field: f("dev", "jobs.jdbc.numPartitions"), value: "8.5", says: "must be a whole number, got a decimal number" },
  ],
  [
    "subnet bits as a string",
    dev((e) => (e.aws.network.privateSubnetNewBits = "3")),
    { field: f("dev", "aws.network.privateSubnetNewBits"), value: '"3"', says: "write it without quotes: 3" },
  ],
  [
    "NAT per zone as yes",
    prod((e) => (e.aws.network.natGatewayPerAz = "yes")),
    { field: f("prod", "aws.network.natGatewayPerAz"), value: '"yes"', says: "must be true or false, got a string" },
  ],
  [
    "IP access list as one string",
    dev((e) => (e.security.ipAccessList = "203.0.113.0/24")),
    { field: f("dev", "security.ipAccessList"), value: '"203.0.113.0/24"', says: "must be a list, got a string" },
  ],
  [
    "token lifetime as a string",
    dev((e) => (e.security.maxTokenLifetimeDays = "30")),
    { field: f("dev", "security.maxTokenLifetimeDays"), value: '"30"', says: "write it without quotes: 30" },
  ],
  [
    "subscription id as a number",
    azdev((e) => (e.azure.subscriptionId = 42)),
    { field: f("azdev", "azure.subscriptionId"), value: "42", says: "must be a string, got a number" },
  ],
  ["mounts as true", dev((e) => (e.mounts = true)), { field: f("dev", "mounts"), value: "true", says: "must be an object, got a boolean" }],
  [
    "a number that is NaN (JSON would show null)",
    dev((e) => (e.compute.pool.maxCapacity = Number("ten"))),
    {
      field: f("dev", "compute.pool.maxCapacity"),
      value: "NaN",
      says: "must be a number, got NaN (not a number). Fix: write a number literally",
    },
  ],
  [
    "an infinite budget",
    dev((e) => (e.costs.monthlyBudgetUsd = 1 / 0)),
    { field: f("dev", "costs.monthlyBudgetUsd"), value: "Infinity", says: "got an infinite number" },
  ],

  // Names and formats the cloud or Databricks refuse.
  [
    "S3 bucket with two periods",
    prod((e) => (e.state.bucket = "example-org..terraform-state")),
    {
      field: f("prod", "state.bucket"),
      value: '"example-org..terraform-state"',
      says: 'two adjacent periods. Fix: "example-org.terraform-state"',
    },
  ],
  [
    "S3 bucket shaped like an IP address",
    prod((e) => (e.state.bucket = "192.168.5.4")),
    { field: f("prod", "state.bucket"), value: '"192.168.5.4"', says: "shaped like an IP address" },
  ],
  [
    "S3 bucket with a reserved prefix",
    prod((e) => (e.state.bucket = "xn--terraform-state")),
    { field: f("prod", "state.bucket"), value: '"xn--terraform-state"', says: 'starts with "xn--"' },
  ],
  [
    "S3 bucket with a reserved suffix",
    prod((e) => (e.state.bucket = "terraform-state-s3alias")),
    { field: f("prod", "state.bucket"), value: '"terraform-state-s3alias"', says: 'ends with "-s3alias"' },
  ],
  [
    "S3 bucket too short",
    prod((e) => (e.state.bucket = "tf")),
    { field: f("prod", "state.bucket"), value: '"tf"', says: "is 2 characters long (3-63 allowed)" },
  ],
  [
    "S3 bucket ending with a hyphen",
    prod((e) => (e.state.bucket = "terraform-state-")),
    { field: f("prod", "state.bucket"), value: '"terraform-state-"', says: "does not start and end with a letter or digit" },
  ],
  [
    "S3 bucket with a period beside a hyphen",
    prod((e) => (e.state.bucket = "terraform.-state")),
    { field: f("prod", "state.bucket"), value: '"terraform.-state"', says: "period next to a hyphen" },
  ],
  [
    "S3 state bucket too long for its access-log bucket",
    prod((e) => (e.state.bucket = "example-org-terraform-state-of-the-lakehouse-estates")),
    {
      field: f("prod", "state.bucket"),
      value: '"example-org-terraform-state-of-the-lakehouse-estates"',
      says: 'is 52 characters long: the bootstrap keeps its access logs in "example-org-terraform-state-of-the-lakehouse-estates-access-logs" (64 characters), over S3\'s 63. Fix: a state bucket name of at most 51 characters, e.g. "example-org-terraform-state-of-the-lakehouse-estate"',
    },
  ],
  [
    "resource group with spaces",
    azprod((e) => (e.state.resourceGroupName = "rg terraform state")),
    { field: f("azprod", "state.resourceGroupName"), value: '"rg terraform state"', says: "cannot hold (space)" },
  ],
  [
    "resource group ending with a period",
    azprod((e) => (e.state.resourceGroupName = "rg-terraform-state.")),
    { field: f("azprod", "state.resourceGroupName"), value: '"rg-terraform-state."', says: "ends with a period" },
  ],
  [
    "resource group with a slash",
    azprod((e) => (e.state.resourceGroupName = "rg/terraform")),
    { field: f("azprod", "state.resourceGroupName"), value: '"rg/terraform"', says: 'cannot hold ("/")' },
  ],
  [
    "empty resource group",
    azprod((e) => (e.state.resourceGroupName = "")),
    { field: f("azprod", "state.resourceGroupName"), value: '""', says: "resource group names are 1-90" },
  ],
  [
    "state container with capitals",
    azprod((e) => (e.state.containerName = "TFState")),
    { field: f("azprod", "state.containerName"), value: '"TFState"', says: "not a valid container name" },
  ],
  [
    "state key prefix with a space",
    azprod((e) => (e.state.keyPrefix = "lakehouse prod")),
    { field: f("azprod", "state.keyPrefix"), value: '"lakehouse prod"', says: "is not a key prefix" },
  ],
  [
    "KMS alias where an ARN is asked",
    prod((e) => (e.state.kmsKeyArn = "alias/terraform-state")),
    { field: f("prod", "state.kmsKeyArn"), value: '"alias/terraform-state"', says: "not a KMS key ARN" },
  ],
  [
    "Key Vault name with an underscore",
    azdev((e) => (e.azure.keyVaultName = "kv_lakehouse_azdev")),
    { field: f("azdev", "azure.keyVaultName"), value: '"kv_lakehouse_azdev"', says: "not a valid Key Vault name" },
  ],
  [
    "storage account name too long",
    azdev((e) => (e.azure.storageAccountName = "stlakehouseazdevelopment01")),
    { field: f("azdev", "azure.storageAccountName"), value: '"stlakehouseazdevelopment01"', says: "3-24 lowercase letters and digits" },
  ],
  [
    "existing workspace without its id",
    dev((e) => (e.databricks.existingWorkspaceHost = "https://dbc-1234abcd-5678.cloud.databricks.com")),
    { field: f("dev", "databricks.existingWorkspaceId"), value: "(not set)", says: "its audit alerts must keep only its own events" },
  ],
  [
    "workspace id with the host's letters",
    dev(
      (e) => (
        (e.databricks.existingWorkspaceHost = "https://dbc-1234abcd-5678.cloud.databricks.com"),
        (e.databricks.existingWorkspaceId = "dbc-1234abcd-5678")
      ),
    ),
    { field: f("dev", "databricks.existingWorkspaceId"), value: '"dbc-1234abcd-5678"', says: "is not a workspace id" },
  ],
  [
    "workspace host without https",
    dev((e) => (e.databricks.existingWorkspaceHost = "dbc-1234abcd-5678.cloud.databricks.com")),
    {
      field: f("dev", "databricks.existingWorkspaceHost"),
      value: '"dbc-1234abcd-5678.cloud.databricks.com"',
      says: "must be an https URL",
    },
  ],
  [
    "stage production",
    dev((e) => (e.stage = "production")),
    { field: f("dev", "stage"), value: '"production"', says: 'must be "dev", "test" or "prod"' },
  ],
  [
    "pricing tier in lowercase",
    azdev((e) => (e.databricks.pricingTier = "premium")),
    { field: f("azdev", "databricks.pricingTier"), value: '"premium"', says: 'must be one of "PREMIUM", "ENTERPRISE"' },
  ],
  [
    "environment name S3 refuses at the start of a bucket name",
    withCopy("dev", (e) => (e.name = "xn--qa")),
    {
      field: f("xn--qa", "name"),
      value: '"xn--qa"',
      says: 'which S3 refuses: the name starts with "xn--", a prefix S3 reserves. Fix: choose a name S3 accepts at the start of a bucket name, e.g. "qa"',
    },
  ],
  [
    "environment name with an underscore",
    withCopy("dev", (e) => (e.name = "qa_1")),
    { field: f("qa_1", "name"), value: '"qa_1"', says: "lowercase letters, digits" },
  ],
  [
    "tag value with a space at the end",
    dev((e) => (e.tags.owner = "data-platform ")),
    { field: f("dev", "tags.owner"), value: '"data-platform "', says: "without a space at either end" },
  ],
  [
    "cost center with a hash",
    dev((e) => (e.tags.costCenter = "cc#4100")),
    { field: f("dev", "tags.costCenter"), value: '"cc#4100"', says: 'e.g. "cc-1234"' },
  ],
  [
    "repository over ssh",
    dev((e) => (e.repository.url = "git@github.com:example-org/lakehouse.git")),
    { field: f("dev", "repository.url"), value: '"git@github.com:example-org/lakehouse.git"', says: "https clone URL" },
  ],
  [
    "branch name with a space",
    dev((e) => (e.repository.branch = "release 1")),
    { field: f("dev", "repository.branch"), value: '"release 1"', says: "is not a branch name" },
  ],
  [
    "Git provider in the wrong case",
    dev((e) => (e.repository.provider = "github")),
    { field: f("dev", "repository.provider"), value: '"github"', says: "is not a Git provider Databricks knows" },
  ],
  [
    "developer without a domain",
    dev((e) => (e.repository.developers = ["ana"])),
    { field: f("dev", "repository.developers[0]"), value: '"ana"', says: "is not a workspace user name" },
  ],
  [
    "JDBC URL without jdbc:",
    dev((e) => (e.jobs.jdbc.url = "postgresql://orders-db:5432/olist")),
    { field: f("dev", "jobs.jdbc.url"), value: '"postgresql://orders-db:5432/olist"', says: "is not a JDBC URL" },
  ],
  [
    "JDBC URL with a space",
    dev((e) => (e.jobs.jdbc.url = "jdbc:postgresql://orders db:5432/olist")),
    { field: f("dev", "jobs.jdbc.url"), value: '"jdbc:postgresql://orders db:5432/olist"', says: "is not a JDBC URL" },
  ],
  [
    "secret scope name with a space",
    azdev((e) => (e.secrets = { scope: "azdev pipelines" })),
    { field: f("azdev", "secrets.scope"), value: '"azdev pipelines"', says: "must be 1-128 letters" },
  ],
  [
    "empty secret scope name",
    dev((e) => (e.secrets = { scope: "" })),
    { field: f("dev", "secrets.scope"), value: '""', says: "must be 1-128 letters" },
  ],
  [
    "empty secret key name",
    azdev((e) => (e.mounts.secretKey = "")),
    { field: f("azdev", "mounts.secretKey"), value: '""', says: "is empty; the mount reads its client secret from this key" },
  ],
  [
    "secret key name with spaces",
    azdev((e) => (e.mounts.secretKey = "mount client secret")),
    { field: f("azdev", "mounts.secretKey"), value: '"mount client secret"', says: "is not a secret key name" },
  ],

  // Schedules.
  [
    "cron with * in both day fields",
    dev((e) => (e.jobs.transformSchedule = "0 0 2 * * *")),
    {
      field: f("dev", "jobs.transformSchedule"),
      value: '"0 0 2 * * *"',
      says: 'Quartz requires "?" in one of the two day fields. Fix: "0 0 2 * * ?"',
    },
  ],
  [
    "ingestion cron with * in both day fields",
    azdev((e) => (e.jobs.ingestionTrigger = "0 0/30 * * * *")),
    { field: f("azdev", "jobs.ingestionTrigger"), value: '"0 0/30 * * * *"', says: '"*" in both day-of-month and day-of-week' },
  ],
  [
    "Unix cron (five fields)",
    dev((e) => (e.jobs.transformSchedule = "0 2 * * *")),
    { field: f("dev", "jobs.transformSchedule"), value: '"0 2 * * *"', says: "has 5 fields; a Quartz cron expression has 6 or 7" },
  ],
  [
    "? in both day fields",
    dev((e) => (e.jobs.trainingSchedule = "0 0 4 ? * ?")),
    { field: f("dev", "jobs.trainingSchedule"), value: '"0 0 4 ? * ?"', says: '"?" in both day-of-month and day-of-week' },
  ],
  [
    "a day of month and a day of week",
    dev((e) => (e.jobs.trainingSchedule = "0 0 4 1 * MON")),
    { field: f("dev", "jobs.trainingSchedule"), value: '"0 0 4 1 * MON"', says: 'both a day-of-month ("1") and a day-of-week ("MON")' },
  ],
  [
    "hour 24",
    dev((e) => (e.jobs.transformSchedule = "0 0 24 * * ?")),
    { field: f("dev", "jobs.transformSchedule"), value: '"0 0 24 * * ?"', says: 'has "24" as its hours field' },
  ],
  [
    "a day name Quartz does not know",
    dev((e) => (e.jobs.trainingSchedule = "0 0 4 ? * MONDAY")),
    { field: f("dev", "jobs.trainingSchedule"), value: '"0 0 4 ? * MONDAY"', says: "as its day-of-week field" },
  ],
  [
    "file_arrival for file-arrival",
    dev((e) => (e.jobs.ingestionTrigger = "file_arrival")),
    { field: f("dev", "jobs.ingestionTrigger"), value: '"file_arrival"', says: 'is not "file-arrival" and has 1 field' },
  ],
  [
    "minute 60",
    dev((e) => (e.jobs.transformSchedule = "0 60 2 * * ?")),
    { field: f("dev", "jobs.transformSchedule"), value: '"0 60 2 * * ?"', says: "as its minutes field" },
  ],
  [
    "year out of range",
    dev((e) => (e.jobs.transformSchedule = "0 0 2 * * ? 1900")),
    { field: f("dev", "jobs.transformSchedule"), value: '"0 0 2 * * ? 1900"', says: "as its year field" },
  ],
  [
    "misspelled time zone",
    dev((e) => (e.jobs.timezone = "Europe/Berln")),
    { field: f("dev", "jobs.timezone"), value: '"Europe/Berln"', says: 'did you mean "Europe/Berlin"?' },
  ],
  [
    "time zone in lowercase",
    dev((e) => (e.jobs.timezone = "europe/berlin")),
    { field: f("dev", "jobs.timezone"), value: '"europe/berlin"', says: 'did you mean "Europe/Berlin"?' },
  ],
  [
    "made-up time zone",
    dev((e) => (e.jobs.timezone = "Mars/Olympus_Mons")),
    { field: f("dev", "jobs.timezone"), value: '"Mars/Olympus_Mons"', says: "is not a time zone name" },
  ],

  // Networks.
  [
    "octal-looking VPC beside dev's",
    prod((e) => (e.aws.network.vpcCidr = "10.020.0.0/16")),
    {
      field: f("prod", "aws.network.vpcCidr"),
      value: '"10.020.0.0/16"',
      says: 'some tools read as octal (ipaddr.js reads "010" as 8) while Terraform reads it as decimal. Fix: write "10.20.0.0/16"',
    },
  ],
  [
    "leading zero in an access list address",
    dev((e) => (e.security.ipAccessList = ["198.051.100.7"])),
    { field: f("dev", "security.ipAccessList[0]"), value: '"198.051.100.7"', says: 'Fix: write "198.51.100.7"' },
  ],
  [
    "leading zero in a prefix",
    dev((e) => (e.aws.network.vpcCidr = "10.20.0.0/016")),
    { field: f("dev", "aws.network.vpcCidr"), value: '"10.20.0.0/016"', says: "leading zero" },
  ],
  [
    "five zones of /26 with a NAT gateway each",
    dev(
      (e) => (
        (e.aws.region = "us-east-1"),
        (e.aws.network = {
          vpcCidr: "10.20.0.0/23",
          availabilityZones: ["a", "b", "c", "d", "e"].map((z) => `us-east-1${z}`),
          natGatewayPerAz: true,
        })
      ),
    ),
    {
      field: f("dev", "aws.network.natGatewayPerAz"),
      value: "true",
      says: "puts 5 NAT gateways in /28 public subnets carved from the last /26 block, which holds 4",
    },
  ],
  [
    "four zones in four blocks (no room for the NAT block)",
    dev(
      (e) => (
        (e.aws.region = "us-east-1"),
        (e.aws.network = {
          vpcCidr: "10.20.0.0/16",
          availabilityZones: ["a", "b", "c", "d"].map((z) => `us-east-1${z}`),
          privateSubnetNewBits: 2,
        })
      ),
    ),
    { field: f("dev", "aws.network.privateSubnetNewBits"), value: "2", says: "too few for 4 private subnets and the NAT block" },
  ],
  // AWS PrivateLink (aws.network.privateConnectivity).
  [
    "front-end PrivateLink without back-end",
    dev((e) => (e.aws.network.privateConnectivity = { frontEnd: { transitVpcCidr: "10.21.0.0/24" } })),
    {
      field: f("dev", "aws.network.privateConnectivity.frontEnd"),
      value: '{"transitVpcCidr":"10.21.0.0/24"}',
      says: "this blueprint builds front-end PrivateLink only on top of back-end. Fix: set backEnd: true",
    },
  ],
  [
    "public access off with back-end only",
    prod((e) => (e.aws.network.privateConnectivity = { backEnd: true, publicAccessEnabled: false })),
    {
      field: f("prod", "aws.network.privateConnectivity.publicAccessEnabled"),
      value: "false",
      says: "without both back-end and front-end PrivateLink",
    },
  ],
  [
    "PrivateLink in a region without Databricks endpoint services",
    withCopy(
      "prod",
      (e) => (
        (e.aws.region = "eu-north-1"),
        (e.aws.network.availabilityZones = ["eu-north-1a", "eu-north-1b"]),
        (e.aws.network.natGatewayPerAz = false)
      ),
    ),
    {
      field: f("qa", "aws.network.privateConnectivity.backEnd"),
      value: "true",
      says: "Databricks publishes no PrivateLink endpoint services in eu-north-1",
    },
  ],
  [
    "endpoint subnets larger than the half block that holds them",
    prod((e) => (e.aws.network.privateConnectivity = { backEnd: true, endpointSubnetPrefix: 19 })),
    {
      field: f("prod", "aws.network.privateConnectivity.endpointSubnetPrefix"),
      value: "19",
      says: "larger than the /20 half of the last /19 block",
    },
  ],
  [
    "three zones of /28 endpoint subnets in a /27 half block",
    prod(
      (e) => (
        (e.aws.network.vpcCidr = "10.30.0.0/23"),
        (e.aws.network.natGatewayPerAz = false),
        (e.aws.network.privateConnectivity = { backEnd: true, endpointSubnetPrefix: 28 })
      ),
    ),
    {
      field: f("prod", "aws.network.privateConnectivity.endpointSubnetPrefix"),
      value: "28",
      says: "fits 2 endpoint subnets in the /27 half of the last private-sized block, too few for 3 zones",
    },
  ],
  [
    "a NAT gateway per zone crowding the half block PrivateLink leaves",
    prod(
      (e) => ((e.aws.network.vpcCidr = "10.30.0.0/23"), (e.aws.network.privateConnectivity = { backEnd: true, endpointSubnetPrefix: 28 })),
    ),
    {
      field: f("prod", "aws.network.natGatewayPerAz"),
      value: "true",
      says: "with PrivateLink only the lower /27 half of the last block is theirs, which holds 2",
    },
  ],
  [
    "endpoint subnets below /28",
    prod((e) => (e.aws.network.privateConnectivity = { backEnd: true, endpointSubnetPrefix: 29 })),
    { field: f("prod", "aws.network.privateConnectivity.endpointSubnetPrefix"), value: "29", says: "the smallest subnet AWS allows" },
  ],
  [
    "a transit VPC overlapping the workspace VPC",
    prod((e) => (e.aws.network.privateConnectivity = { backEnd: true, frontEnd: { transitVpcCidr: "10.30.255.0/24" } })),
    {
      field: f("prod", "aws.network.privateConnectivity.frontEnd.transitVpcCidr"),
      value: '"10.30.255.0/24"',
      says: "overlaps the workspace VPC 10.30.0.0/16",
    },
  ],
  [
    "a transit VPC too small for a subnet per zone",
    prod((e) => (e.aws.network.privateConnectivity = { backEnd: true, frontEnd: { transitVpcCidr: "10.31.0.0/27" } })),
    {
      field: f("prod", "aws.network.privateConnectivity.frontEnd.transitVpcCidr"),
      value: '"10.31.0.0/27"',
      says: "cannot hold 3 subnets of at least /28",
    },
  ],
  [
    "extra egress to the whole internet",
    prod((e) =>
      e.aws.network.privateConnectivity.allowedEgress.push({ cidr: "0.0.0.0/0", port: 443, protocol: "tcp", description: "anything" }),
    ),
    {
      field: f("prod", "aws.network.privateConnectivity.allowedEgress[1].cidr"),
      value: '"0.0.0.0/0"',
      says: 'is wider than a /8 (it is the whole internet); the lockdown keeps cluster egress inside the VPC and lets out only named networks. Fix: name the network of the source or mirror, e.g. "10.40.8.0/24"',
    },
  ],
  [
    "extra egress to a /7",
    prod((e) => (e.aws.network.privateConnectivity.allowedEgress[0].cidr = "10.0.0.0/7")),
    { field: f("prod", "aws.network.privateConnectivity.allowedEgress[0].cidr"), value: '"10.0.0.0/7"', says: "is wider than a /8;" },
  ],
  [
    "extra egress without back-end PrivateLink",
    dev(
      (e) =>
        (e.aws.network.privateConnectivity = { allowedEgress: [{ cidr: "10.40.8.0/24", port: 5432, description: "orders database" }] }),
    ),
    {
      field: f("dev", "aws.network.privateConnectivity.allowedEgress"),
      value: '[{"cidr":"10.40.8.0/24","port":5432,"description":"orders database"}]',
      says: "is set while backEnd is false",
    },
  ],
  [
    "extra egress with port and a range",
    prod((e) => Object.assign(e.aws.network.privateConnectivity.allowedEgress[0], { fromPort: 5432, toPort: 5433 })),
    {
      field: f("prod", "aws.network.privateConnectivity.allowedEgress[0].port"),
      value: "5432",
      says: "is given together with fromPort/toPort. Fix: give either port, or fromPort and toPort",
    },
  ],
  [
    "extra egress without a port",
    prod((e) => delete e.aws.network.privateConnectivity.allowedEgress[0].port),
    {
      field: f("prod", "aws.network.privateConnectivity.allowedEgress[0]"),
      value: '{"cidr":"10.40.8.0/24","protocol":"tcp","description":"orders database (Postg...',
      says: "needs port, or both fromPort and toPort",
    },
  ],
  [
    "extra egress range upside down",
    prod(
      (e) =>
        (e.aws.network.privateConnectivity.allowedEgress[0] = {
          cidr: "10.40.8.0/24",
          fromPort: 5440,
          toPort: 5432,
          description: "orders",
        }),
    ),
    {
      field: f("prod", "aws.network.privateConnectivity.allowedEgress[0].toPort"),
      value: "5432",
      says: "is below fromPort (5440). Fix: swap them",
    },
  ],
  [
    "extra egress over UDP",
    prod((e) => (e.aws.network.privateConnectivity.allowedEgress[0].protocol = "udp")),
    {
      field: f("prod", "aws.network.privateConnectivity.allowedEgress[0].protocol"),
      value: '"udp"',
      says: 'only TCP egress can be added. Fix: set protocol: "tcp"',
    },
  ],
  [
    "extra egress to port 70000",
    prod((e) => (e.aws.network.privateConnectivity.allowedEgress[0].port = 70000)),
    { field: f("prod", "aws.network.privateConnectivity.allowedEgress[0].port"), value: "70000", says: "is above 65535" },
  ],
  [
    "extra egress listed twice",
    prod((e) => e.aws.network.privateConnectivity.allowedEgress.push({ ...e.aws.network.privateConnectivity.allowedEgress[0] })),
    {
      field: f("prod", "aws.network.privateConnectivity.allowedEgress[1]"),
      value: '{"cidr":"10.40.8.0/24","port":5432,"protocol":"tcp","description":"orders dat...',
      says: "repeats rule 0 (10.40.8.0/24, ports 5432-5432); AWS refuses a duplicate rule",
    },
  ],
  [
    "extra egress described with a character AWS refuses",
    prod((e) => (e.aws.network.privateConnectivity.allowedEgress[0].description = "orders database <prod>")),
    {
      field: f("prod", "aws.network.privateConnectivity.allowedEgress[0].description"),
      value: '"orders database <prod>"',
      says: "has a character AWS refuses in a rule description",
    },
  ],
  [
    "misspelled privateConnectivity field",
    prod((e) => (e.aws.network.privateConnectivity = { backend: true })),
    { field: f("prod", "aws.network.privateConnectivity.backend"), value: "true", says: "did you mean backEnd?" },
  ],
  [
    "VNet smaller than /24",
    azdev((e) => (e.azure.network.vnetCidr = "10.40.0.0/25")),
    { field: f("azdev", "azure.network.vnetCidr"), value: '"10.40.0.0/25"', says: "use a /16 to /24 block" },
  ],
  [
    "Azure subnets larger than /18",
    azdev((e) => (e.azure.network = { vnetCidr: "10.40.0.0/16", subnetNewBits: 1 })),
    { field: f("azdev", "azure.network.subnetNewBits"), value: "1", says: "gives /17 subnets; Databricks requires /18 to /26" },
  ],
  [
    "a /32 in an Azure firewall",
    azdev((e) => (e.security.ipAccessList = ["198.51.100.7/32"])),
    {
      field: f("azdev", "security.ipAccessList[0]"),
      value: '"198.51.100.7/32"',
      says: 'Azure storage firewall refuses. Fix: write the address alone, e.g. "198.51.100.7"',
    },
  ],
  [
    "a private range in an Azure firewall",
    azprod((e) => (e.security.deployerIpRanges = ["10.1.0.0/24"])),
    { field: f("azprod", "security.deployerIpRanges[0]"), value: '"10.1.0.0/24"', says: "lies in the private range 10.0.0.0/8" },
  ],
  [
    "access list entry with a trailing space",
    dev((e) => (e.security.ipAccessList = ["203.0.113.0/24 "])),
    { field: f("dev", "security.ipAccessList[0]"), value: '"203.0.113.0/24 "', says: "is not a valid IPv4 CIDR block or address" },
  ],
  [
    "IPv6 in the access list",
    dev((e) => (e.security.ipAccessList = ["2001:db8::/32"])),
    { field: f("dev", "security.ipAccessList[0]"), value: '"2001:db8::/32"', says: "is not a valid IPv4 CIDR block or address" },
  ],
  [
    "deployer range of half the internet",
    dev((e) => (e.security.deployerIpRanges = ["0.0.0.0/1"])),
    { field: f("dev", "security.deployerIpRanges[0]"), value: '"0.0.0.0/1"', says: "defeats the IP access list" },
  ],
  [
    "copied VPC left as prod's",
    withCopy("prod", (e) => (e.aws.network.vpcCidr = "10.30.0.0/16")),
    { field: f("qa", "aws.network.vpcCidr"), value: '"10.30.0.0/16"', says: "overlaps prod's network" },
  ],
  [
    "copied VNet inside azdev's",
    withCopy("azdev", (e) => (e.azure.network.vnetCidr = "10.40.2.0/24")),
    { field: f("qa", "azure.network.vnetCidr"), value: '"10.40.2.0/24"', says: "overlaps azdev's network" },
  ],
  [
    "zones of the region copied from",
    withCopy("dev", (e) => (e.aws.region = "eu-central-1")),
    { field: f("qa", "aws.network.availabilityZones[0]"), value: '"eu-west-1a"', says: "is not a zone of eu-central-1" },
  ],
  [
    "VNet with host bits set",
    azdev((e) => (e.azure.network.vnetCidr = "10.40.1.0/22")),
    { field: f("azdev", "azure.network.vnetCidr"), value: '"10.40.1.0/22"', says: "no host bits set" },
  ],
  [
    "octet above 255",
    dev((e) => (e.aws.network.vpcCidr = "10.256.0.0/16")),
    { field: f("dev", "aws.network.vpcCidr"), value: '"10.256.0.0/16"', says: "four octets 0-255" },
  ],

  // Compute.
  [
    "Scala 2.12 build of Runtime 17.3",
    dev((e) => (e.compute.sparkVersion = "17.3.x-scala2.12")),
    {
      field: f("dev", "compute.sparkVersion"),
      value: '"17.3.x-scala2.12"',
      says: 'built for Scala 2.13 only. Fix: use "17.3.x-scala2.13"',
    },
  ],
  [
    "Scala 2.12 ML build of Runtime 17.3",
    azdev((e) => (e.compute.mlSparkVersion = "17.3.x-cpu-ml-scala2.12")),
    { field: f("azdev", "compute.mlSparkVersion"), value: '"17.3.x-cpu-ml-scala2.12"', says: 'Fix: use "17.3.x-cpu-ml-scala2.13"' },
  ],
  [
    "Scala 2.13 build of Runtime 15.4",
    dev((e) => (e.compute.sparkVersion = "15.4.x-scala2.13")),
    { field: f("dev", "compute.sparkVersion"), value: '"15.4.x-scala2.13"', says: "built for Scala 2.12 only" },
  ],
  [
    "Photon key as the runtime",
    dev((e) => (e.compute.sparkVersion = "17.3.x-photon-scala2.13")),
    { field: f("dev", "compute.sparkVersion"), value: '"17.3.x-photon-scala2.13"', says: "is not a Databricks Runtime key" },
  ],
  [
    "standard runtime for ML",
    dev((e) => (e.compute.mlSparkVersion = "17.3.x-scala2.13")),
    {
      field: f("dev", "compute.mlSparkVersion"),
      value: '"17.3.x-scala2.13"',
      says: 'is not an ML runtime. Fix: use "17.3.x-cpu-ml-scala2.13"',
    },
  ],
  [
    "job policy capped at 0 workers",
    dev((e) => (e.compute.policies.jobs.maxWorkers = 0)),
    { field: f("dev", "compute.policies.jobs.maxWorkers"), value: "0", says: "gives job clusters min 1 and max 0 workers" },
  ],
  [
    "job policy capped at 1 worker",
    prod((e) => (e.compute.policies.jobs.maxWorkers = 1)),
    { field: f("prod", "compute.policies.jobs.maxWorkers"), value: "1", says: "Fix: use 2 or more" },
  ],
  [
    "personal policy capped at 0 workers",
    dev((e) => (e.compute.policies.personal.maxWorkers = 0)),
    { field: f("dev", "compute.policies.personal.maxWorkers"), value: "0", says: "below the policy's own minimum of 1 worker" },
  ],
  [
    "shared cluster scaling from 0",
    dev((e) => (e.compute.sharedCluster.minWorkers = 0)),
    { field: f("dev", "compute.sharedCluster.minWorkers"), value: "0", says: "below the shared policy's minimum of 1 worker" },
  ],
  [
    "shared cluster with min equal to max",
    dev((e) => (e.compute.sharedCluster.minWorkers = 4)),
    { field: f("dev", "compute.sharedCluster.maxWorkers"), value: "4", says: "equals minWorkers" },
  ],
  [
    "spot bid of 0 percent",
    dev((e) => (e.compute.sharedCluster.spotBidPricePercent = 0)),
    { field: f("dev", "compute.sharedCluster.spotBidPricePercent"), value: "0", says: "is too small (at least 1)" },
  ],
  [
    "pool of no capacity",
    dev((e) => (e.compute.pool.maxCapacity = 0)),
    { field: f("dev", "compute.pool.maxCapacity"), value: "0", says: "is too small (at least 1)" },
  ],
  [
    "Azure size in an AWS environment",
    dev((e) => (e.compute.allowedNodeTypes = ["Standard_F4s"])),
    { field: f("dev", "compute.allowedNodeTypes[0]"), value: '"Standard_F4s"', says: "is not an AWS node type (that is an Azure VM size)" },
  ],
  [
    "Standard_F4s outside the allowed list",
    azdev((e) => (e.compute.sharedCluster.nodeType = "Standard_F4s")),
    { field: f("azdev", "compute.sharedCluster.nodeType"), value: '"Standard_F4s"', says: "is not in compute.allowedNodeTypes" },
  ],
  [
    "no allowed node types",
    azdev((e) => (e.compute.allowedNodeTypes = [])),
    { field: f("azdev", "compute.allowedNodeTypes"), value: "[]", says: "is empty" },
  ],
  [
    "DBU ceiling of 0",
    dev((e) => (e.compute.policies.shared.maxDbuPerHour = 0)),
    { field: f("dev", "compute.policies.shared.maxDbuPerHour"), value: "0", says: "must be positive" },
  ],

  // Serverless SQL, the security profile, audit alerts and costs.
  [
    "warehouse scaling from more clusters than its maximum",
    dev((e) => (e.compute.sqlWarehouse = { minClusters: 3, maxClusters: 2 })),
    { field: f("dev", "compute.sqlWarehouse.minClusters"), value: "3", says: "is above maxClusters (2)" },
  ],
  [
    "warehouse size written as a node type",
    prod((e) => (e.compute.sqlWarehouse.clusterSize = "m5d.large")),
    { field: f("prod", "compute.sqlWarehouse.clusterSize"), value: '"m5d.large"', says: "is not a SQL warehouse size" },
  ],
  [
    "warehouse stopping after a minute",
    dev((e) => (e.compute.sqlWarehouse.autoStopMinutes = 1)),
    { field: f("dev", "compute.sqlWarehouse.autoStopMinutes"), value: "1", says: "Fix: use 5-120" },
  ],
  [
    "warehouse with 50 clusters",
    azprod((e) => (e.compute.sqlWarehouse.maxClusters = 50)),
    { field: f("azprod", "compute.sqlWarehouse.maxClusters"), value: "50", says: "above the 40 clusters" },
  ],
  [
    "compliance profile without security monitoring",
    prod((e) => (e.security.enhancedSecurityMonitoring = false)),
    { field: f("prod", "security.enhancedSecurityMonitoring"), value: "false", says: "the profile turns monitoring on regardless" },
  ],
  [
    "compliance profile without a maintenance window (outside prod, which has a default)",
    azdev((e) => ((e.security.complianceSecurityProfile = true), (e.security.enhancedSecurityMonitoring = true))),
    { field: f("azdev", "security.automaticClusterUpdate"), value: "(not set)", says: "Fix: e.g. automaticClusterUpdate" },
  ],
  [
    "compliance standards without the profile",
    dev((e) => (e.security.complianceStandards = ["HIPAA"])),
    { field: f("dev", "security.complianceStandards"), value: '["HIPAA"]', says: "only apply through the profile" },
  ],
  [
    "a compliance standard misspelled",
    prod((e) => (e.security.complianceStandards = ["PCI-DSS"])),
    { field: f("prod", "security.complianceStandards[0]"), value: '"PCI-DSS"', says: "is not a compliance standard Databricks knows" },
  ],
  [
    "a maintenance window on a weekday abbreviation",
    prod((e) => (e.security.automaticClusterUpdate.dayOfWeek = "SUN")),
    { field: f("prod", "security.automaticClusterUpdate.dayOfWeek"), value: '"SUN"', says: "is not a day of the week" },
  ],
  [
    "a maintenance window at 24:00",
    prod((e) => (e.security.automaticClusterUpdate.startHour = 24)),
    { field: f("prod", "security.automaticClusterUpdate.startHour"), value: "24", says: "must be 0-23" },
  ],
  [
    "the restrict-admins switch as a string",
    prod((e) => (e.security.restrictWorkspaceAdmins = "yes")),
    { field: f("prod", "security.restrictWorkspaceAdmins"), value: '"yes"', says: "must be true or false, got a string" },
  ],
  [
    "an audit lookback of half an hour",
    dev((e) => (e.audit = { lookbackMinutes: 30 })),
    { field: f("dev", "audit.lookbackMinutes"), value: "30", says: "is under an hour" },
  ],
  [
    "no audit alert mailbox",
    prod((e) => (e.audit = { alertEmails: [] })),
    { field: f("prod", "audit.alertEmails"), value: "[]", says: "would reach nobody" },
  ],
  [
    "an audit schedule that is not Quartz",
    azdev((e) => (e.audit = { schedule: "0 * * * *" })),
    { field: f("azdev", "audit.schedule"), value: '"0 * * * *"', says: "Fix: " },
  ],
  [
    "a budget of 0 dollars",
    dev((e) => (e.costs.monthlyBudgetUsd = 0)),
    { field: f("dev", "costs.monthlyBudgetUsd"), value: "0", says: "must be positive" },
  ],
  [
    "budget thresholds out of order",
    prod((e) => (e.costs.alertAtPercent = [100, 80])),
    { field: f("prod", "costs.alertAtPercent"), value: "[100,80]", says: "is not strictly ascending" },
  ],
  [
    "a budget mailing nobody",
    azdev((e) => (e.costs.ownerEmails = [])),
    { field: f("azdev", "costs.ownerEmails"), value: "[]", says: "budget alerts would reach nobody" },
  ],
  ["costs left out", dev((e) => delete e.costs), { field: f("dev", "costs"), value: "(missing)", says: "is required. Fix: add it" }],

  // Identity and Unity Catalog.
  [
    "mounts on in prod",
    prod((e) => (e.mounts = { enabled: true })),
    { field: f("prod", "mounts.enabled"), value: "true", says: "is true in a prod environment" },
  ],
  [
    "mounts on in a prod copy of azdev",
    withCopy("azdev", (e) => (e.stage = "prod")),
    { field: f("qa", "mounts.enabled"), value: "true", says: "Fix: set mounts.enabled: false" },
  ],
  [
    "object id filled with the client id",
    azdev((e) => (e.mounts.servicePrincipalObjectId = e.mounts.servicePrincipalClientId)),
    {
      field: f("azdev", "mounts.servicePrincipalObjectId"),
      value: '"00000000-0000-4000-8000-00000000cc01"',
      says: "equals servicePrincipalClientId",
    },
  ],
  [
    "catalog name of dev in a copy",
    withCopy("dev", (e) => (e.unityCatalog.catalogName = "dev_lakehouse")),
    {
      field: f("qa", "unityCatalog.catalogName"),
      value: '"dev_lakehouse"',
      says: 'names the catalog "dev_lakehouse", which dev already creates in the same metastore',
    },
  ],
  [
    "catalog name of azdev in azprod",
    azprod((e) => (e.unityCatalog.catalogName = "azdev_lakehouse")),
    { field: f("azprod", "unityCatalog.catalogName"), value: '"azdev_lakehouse"', says: "catalog names are unique in a metastore" },
  ],
  [
    "catalog name of prod in the region's metastore",
    withCopy("dev", (e) => (e.unityCatalog = { catalogName: "prod_lakehouse", metastore: { mode: "create" } })),
    { field: f("qa", "unityCatalog.catalogName"), value: '"prod_lakehouse"', says: "which prod already creates" },
  ],
  [
    "default catalog name taken by another's explicit one",
    withCopy("dev", () => undefined).map((env, i) => (i === 0 ? variant(env, (e) => (e.unityCatalog.catalogName = "qa_lakehouse")) : env)),
    { field: f("qa", "unityCatalog.catalogName"), value: "(not set)", says: 'names the catalog "qa_lakehouse", which dev already creates' },
  ],
  [
    "prod reading a prod catalog",
    prod((e) => (e.unityCatalog.readsProdCatalogOf = "prod")),
    { field: f("prod", "unityCatalog.readsProdCatalogOf"), value: '"prod"', says: "is set on a prod environment" },
  ],
  [
    "dev reading the prod catalog of a misspelt environment",
    dev((e) => (e.unityCatalog.readsProdCatalogOf = "prdo")),
    {
      field: f("dev", "unityCatalog.readsProdCatalogOf"),
      value: '"prdo"',
      says: 'names no environment of this estate. Fix: name one of "prod", or remove the field',
    },
  ],
  [
    "dev reading a dev catalog",
    dev((e) => (e.unityCatalog.readsProdCatalogOf = "azdev")),
    { field: f("dev", "unityCatalog.readsProdCatalogOf"), value: '"azdev"', says: "names azdev, a dev environment" },
  ],
  [
    "dev reading the prod catalog of another Databricks account",
    dev((e) => (e.unityCatalog.readsProdCatalogOf = "azprod")),
    {
      field: f("dev", "unityCatalog.readsProdCatalogOf"),
      value: '"azprod"',
      says: "a catalog can be bound only to workspaces of its own metastore, and a metastore belongs to one account",
    },
  ],
  [
    "a test environment of another region reading prod's catalog",
    withCopy("dev", (e) => ((e.aws.region = "eu-central-1"), (e.aws.network.availabilityZones = ["eu-central-1a", "eu-central-1b"]))),
    {
      field: f("qa", "unityCatalog.readsProdCatalogOf"),
      value: '"prod"',
      says: "whose catalog is in the aws eu-west-1 metastore while qa uses the aws eu-central-1 one",
    },
  ],
  [
    "dev reading prod's catalog with local state",
    dev((e) => (e.state = { backend: "local" })),
    {
      field: f("dev", "state"),
      value: '{"backend":"local"}',
      says: 'Fix: give dev remote state: state: { backend: "s3", bucket, region, keyPrefix: "lakehouse/dev" } (docs/remote-state.md), and deploy it from CI before prod; or remove unityCatalog.readsProdCatalogOf',
    },
  ],
  [
    "azdev reading azprod's catalog with no state set (local by default)",
    azdev((e) => delete e.state),
    {
      field: f("azdev", "state"),
      value: "(not set, default used)",
      says: 'Fix: give azdev remote state: state: { backend: "azurerm", resourceGroupName, storageAccountName, keyPrefix: "lakehouse/azdev" }',
    },
  ],
  [
    "a test copy of dev reading prod's catalog with local state",
    withCopy("dev", (e) => delete e.state),
    { field: f("qa", "state"), value: "(not set, default used)", says: "prod's config stack reads qa's workspace id from that state" },
  ],
  [
    "an Azure dev reading azprod's private storage with no endpoint subnet",
    azdev((e) => (e.azure.network.privateConnectivity = {})),
    {
      field: f("azdev", "azure.network.privateConnectivity.endpointSubnetCidr"),
      value: "(not set)",
      says: "azdev reads azprod's catalog (unityCatalog.readsProdCatalogOf), whose storage account takes private endpoint traffic only, and the private endpoints that let azdev's clusters reach it need a subnet of 10.40.0.0/22. Fix: give a /28 to /26 block of the VNet outside the host and container subnets, e.g. \"10.40.2.0/26\"",
    },
  ],
  [
    "an Azure dev reading azprod's private storage from an endpoint subnet on its host subnet",
    azdev((e) => (e.azure.network.privateConnectivity = { endpointSubnetCidr: "10.40.0.0/26" })),
    {
      field: f("azdev", "azure.network.privateConnectivity.endpointSubnetCidr"),
      value: '"10.40.0.0/26"',
      says: "overlaps the host subnet (netnum 0 of cidrsubnet(10.40.0.0/22, 2, 0))",
    },
  ],
  [
    "an Azure dev reading azprod's private storage from an endpoint subnet outside its VNet",
    azdev((e) => (e.azure.network.privateConnectivity = { endpointSubnetCidr: "10.41.0.0/26" })),
    {
      field: f("azdev", "azure.network.privateConnectivity.endpointSubnetCidr"),
      value: '"10.41.0.0/26"',
      says: "is not inside the VNet 10.40.0.0/22",
    },
  ],
  [
    "data classification on a dev catalog",
    dev((e) => (e.unityCatalog.dataClassification = true)),
    {
      field: f("dev", "unityCatalog.dataClassification"),
      value: "true",
      says: "is on in dev, a dev environment; only the catalog of a prod environment that a dev environment reads",
    },
  ],
  [
    "data classification on a prod catalog no dev environment reads",
    estate().map((env) =>
      env.name === "dev"
        ? variant(env, (e) => delete e.unityCatalog.readsProdCatalogOf)
        : env.name === "prod"
          ? variant(env, (e) => (e.unityCatalog.dataClassification = true))
          : env,
    ),
    {
      field: f("prod", "unityCatalog.dataClassification"),
      value: "true",
      says: 'a prod environment whose catalog no dev environment reads; only the catalog of a prod environment that a dev environment reads (unityCatalog.readsProdCatalogOf) has its columns tagged by the transformation, so elsewhere every personal column found would be reported as untagged and the scan would keep raw samples of personal data for nothing. Fix: remove the field, or first set unityCatalog.readsProdCatalogOf: "prod" on a dev environment of its metastore',
    },
  ],
  [
    "data classification on a second prod of prod's metastore, read by a dev copy",
    [
      ...estate(),
      variant(examples.prod, (e) => (OWN_NAMES.prod(e), (e.unityCatalog.dataClassification = true))),
      variant(
        examples.dev,
        (e) => ((e.name = "qab"), (e.aws.network.vpcCidr = "10.70.0.0/16"), (e.unityCatalog.readsProdCatalogOf = "qa")),
      ),
    ],
    {
      field: f("qa", "unityCatalog.dataClassification"),
      value: "true",
      says: "but prod holds the system tables of the aws eu-west-1 metastore they share; the classification results (system.data_classification.results) are one table per metastore, enabled and granted there only. Fix: remove the field, or turn classification on in prod instead",
    },
  ],
  [
    "data classification as a string",
    prod((e) => (e.unityCatalog.dataClassification = "yes")),
    { field: f("prod", "unityCatalog.dataClassification"), value: '"yes"', says: "must be true or false, got a string" },
  ],
  [
    "dev's groups in prod",
    prod((e) => (e.identity = { admins: "dev-platform-admins" })),
    {
      field: f("prod", "identity.admins"),
      value: '"dev-platform-admins"',
      says: "which is already dev's admins group in Databricks account",
    },
  ],
  [
    "dev's groups in prod, other case",
    prod((e) => (e.identity = { analysts: "DEV-ANALYSTS" })),
    { field: f("prod", "identity.analysts"), value: '"DEV-ANALYSTS"', says: "group names are unique in an account" },
  ],
  [
    "one group for two personas",
    dev((e) => (e.identity = { dataEngineers: "dev-engineers", dataScientists: "dev-engineers" })),
    {
      field: f("dev", "identity.dataScientists"),
      value: '"dev-engineers"',
      says: "which is already this environment's dataEngineers group",
    },
  ],
  [
    "azdev's groups in azprod",
    azprod((e) => (e.identity = { dataEngineers: "azdev-data-engineers" })),
    {
      field: f("azprod", "identity.dataEngineers"),
      value: '"azdev-data-engineers"',
      says: 'Fix: give it a name of its own, e.g. "azprod-data-engineers"',
    },
  ],
  [
    "storage account left as azdev's",
    withCopy("azdev", (e) => (e.azure.storageAccountName = "stlakehouseazdev")),
    {
      field: f("qa", "azure.storageAccountName"),
      value: '"stlakehouseazdev"',
      says: "is also azdev's storage account; storage account names are unique across Azure",
    },
  ],
  [
    "Key Vault left as azdev's",
    withCopy("azdev", (e) => (e.azure.keyVaultName = "kv-lakehouse-azdev")),
    { field: f("qa", "azure.keyVaultName"), value: '"kv-lakehouse-azdev"', says: "is also azdev's Key Vault" },
  ],
  [
    "Key Vault of azprod in other case",
    withCopy("azprod", (e) => (e.azure.keyVaultName = "KV-Lakehouse-AzProd")),
    { field: f("qa", "azure.keyVaultName"), value: '"KV-Lakehouse-AzProd"', says: "Key Vault names are unique across Azure" },
  ],
  [
    "lakehouse in the state account",
    azdev((e) => (e.azure.storageAccountName = "stexampletfstate")),
    { field: f("azdev", "azure.storageAccountName"), value: '"stexampletfstate"', says: "is the Terraform state account of azprod" },
  ],
  [
    "metastore neither created nor adopted",
    dev((e) => (e.unityCatalog = { metastore: "default" })),
    { field: f("dev", "unityCatalog.metastore"), value: '"default"', says: 'must be { mode: "create" } or { mode: "adopt", id' },
  ],
  // Metastores: one per region per account, created by the blueprint or adopted, stated alike everywhere.
  [
    'the earlier "shared"',
    dev((e) => (e.unityCatalog = { metastore: "shared" })),
    {
      field: f("dev", "unityCatalog.metastore"),
      value: '"shared"',
      says: 'is the earlier form of { mode: "create" }. Fix: write metastore: { mode: "create" }',
    },
  ],
  [
    "the earlier existingId",
    dev((e) => (e.unityCatalog = { metastore: { existingId: "0d1c2b3a-4e5f-4789-abcd-ef0123456789" } })),
    {
      field: f("dev", "unityCatalog.metastore.mode"),
      value: "(missing)",
      says: 'Fix: write metastore: { mode: "adopt", id: "0d1c2b3a-4e5f-4789-abcd-ef0123456789" }',
    },
  ],
  [
    "no unityCatalog block: the metastore choice unstated",
    dev((e) => delete e.unityCatalog),
    { field: f("dev", "unityCatalog"), value: "(missing)", says: "is missing: unityCatalog.metastore says whether the blueprint creates" },
  ],
  [
    "no metastore choice",
    dev((e) => (e.unityCatalog = { catalogName: "dev_lakehouse" })),
    { field: f("dev", "unityCatalog.metastore"), value: "(missing)", says: "npm run preflight:metastore lists the account's metastores" },
  ],
  [
    "adopting without an id",
    dev((e) => (e.unityCatalog = { metastore: { mode: "adopt" } })),
    { field: f("dev", "unityCatalog.metastore.id"), value: "(missing)", says: "adopting needs the id of the region's metastore" },
  ],
  [
    "adopting where dev creates (same account and region)",
    withCopy("dev", (e) => (e.unityCatalog = { metastore: { mode: "adopt", id: "0d1c2b3a-4e5f-4789-abcd-ef0123456789" } })),
    {
      field: f("qa", "unityCatalog.metastore"),
      value: '{"mode":"adopt","id":"0d1c2b3a-4e5f-4789-abcd-ef0123456789"}',
      says: 'while dev states { mode: "create" }; Databricks allows one metastore per region per account',
    },
  ],
  [
    "one adopted metastore in two accounts",
    [
      variant(examples.dev, (e) => (e.unityCatalog = { metastore: { mode: "adopt", id: "0d1c2b3a-4e5f-4789-abcd-ef0123456789" } })),
      variant(examples.azdev, (e) => (e.unityCatalog = { metastore: { mode: "adopt", id: "0D1C2B3A-4E5F-4789-ABCD-EF0123456789" } })),
    ],
    {
      field: f("azdev", "unityCatalog.metastore.id"),
      value: '"0D1C2B3A-4E5F-4789-ABCD-EF0123456789"',
      says: "a metastore serves one region of one account",
    },
  ],
  // Kinds a new team's environment got through before (issue 22, "Also refuse").
  [
    "the AzureDatabricks application id where its object id is asked",
    azdev((e) => (e.azure.databricksEnterpriseAppObjectId = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d")),
    {
      field: f("azdev", "azure.databricksEnterpriseAppObjectId"),
      value: '"2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"',
      says: "is the application (client) id of Microsoft's first-party application AzureDatabricks, the same in every tenant; an object id is asked",
    },
  ],
  [
    "Microsoft Graph's application id as the mount principal's object id",
    azdev((e) => (e.mounts.servicePrincipalObjectId = "00000003-0000-0000-C000-000000000000")),
    {
      field: f("azdev", "mounts.servicePrincipalObjectId"),
      value: '"00000003-0000-0000-C000-000000000000"',
      says: "first-party application Microsoft Graph",
    },
  ],
  [
    "a pool smaller than one job cluster at the policy's maximum",
    dev((e) => (e.compute.pool.maxCapacity = 4)),
    {
      field: f("dev", "compute.pool.maxCapacity"),
      value: "4",
      says: "is smaller than one job cluster at the jobs policy's maximum (4 workers and a driver: 5 instances, all from this pool)",
    },
  ],
  [
    "idle instances beyond what a job cluster takes",
    dev((e) => (e.compute.pool.minIdleInstances = 6)),
    {
      field: f("dev", "compute.pool.minIdleInstances"),
      value: "6",
      says: "keeps more instances idle than a job cluster at the jobs policy's maximum takes (4 workers and a driver: 5)",
    },
  ],
  [
    "a GitLab URL with the GitHub provider",
    dev((e) => (e.repository.url = "https://gitlab.com/acme-analytics/lakehouse.git")),
    {
      field: f("dev", "repository.url"),
      value: '"https://gitlab.com/acme-analytics/lakehouse.git"',
      says: 'is on gitlab.com, which is gitLab\'s host, while repository.provider is "gitHub"',
    },
  ],
  [
    "a GitHub URL with the Azure DevOps provider",
    azdev((e) => (e.repository.url = "https://github.com/acme-analytics/lakehouse.git")),
    {
      field: f("azdev", "repository.url"),
      value: '"https://github.com/acme-analytics/lakehouse.git"',
      says: 'Fix: set provider: "gitHub"',
    },
  ],
  [
    "a server of the team's own with the hosted GitHub provider",
    dev((e) => (e.repository.url = "https://git.acme-analytics.eu/data/lakehouse.git")),
    {
      field: f("dev", "repository.url"),
      value: '"https://git.acme-analytics.eu/data/lakehouse.git"',
      says: 'for a server of your own set provider: "gitHubEnterprise"',
    },
  ],
  [
    "github.com with the enterprise server provider",
    dev((e) => (e.repository.provider = "gitHubEnterprise")),
    { field: f("dev", "repository.url"), value: '"https://github.com/example-org/lakehouse.git"', says: 'Fix: set provider: "gitHub"' },
  ],
  [
    "prod with local state",
    prod((e) => delete e.state),
    { field: f("prod", "state"), value: "(not set, default used)", says: "keeps a prod environment's Terraform state in local files" },
  ],
  [
    "Azure prod with local state said outright",
    azprod((e) => (e.state = { backend: "local" })),
    { field: f("azprod", "state"), value: '{"backend":"local"}', says: 'Fix: set state: { backend: "s3", bucket, region }' },
  ],
  [
    "a prod IP access list that admits everything",
    prod((e) => (e.security.ipAccessList = ["0.0.0.0/0"])),
    {
      field: f("prod", "security.ipAccessList[0]"),
      value: '"0.0.0.0/0"',
      says: "admits every address, so in a prod environment the IP access list controls nothing",
    },
  ],
  [
    "a prod IP access list that admits an eighth of the internet",
    prod((e) => (e.security.ipAccessList = ["198.51.100.0/24", "64.0.0.0/3"])),
    {
      field: f("prod", "security.ipAccessList[1]"),
      value: '"64.0.0.0/3"',
      says: "admits 536,870,912 addresses, a large part of the internet",
    },
  ],
  [
    "one Databricks account on AWS and on Azure",
    azdev((e) => (e.databricks.accountId = "00000000-0000-4000-8000-000000000000")),
    {
      field: f("azdev", "databricks.accountId"),
      value: '"00000000-0000-4000-8000-000000000000"',
      says: "is also dev's Databricks account, which is on aws; a Databricks account belongs to one cloud",
    },
  ],
  [
    "catalog name with capitals",
    dev((e) => (e.unityCatalog.catalogName = "Dev-Lakehouse")),
    { field: f("dev", "unityCatalog.catalogName"), value: '"Dev-Lakehouse"', says: "must be lowercase letters" },
  ],
  [
    "environment named like another",
    withCopy("dev", (e) => ((e.name = "prod"), (e.stage = "dev"))),
    { field: f("prod", "name"), value: '"prod"', says: "is already used by environment 1" },
  ],
  [
    "developers in a prod copy of dev",
    withCopy("dev", (e) => ((e.stage = "prod"), (e.deletionProtection = true), (e.mounts.enabled = false))),
    { field: f("qa", "repository.developers"), value: '["ana@example.com","ben@example.com"]', says: "people develop in dev" },
  ],

  // Secrets, wherever they hide: refused, masked, with the way to pass them.
  [
    "password in the JDBC URL",
    dev((e) => (e.jobs.jdbc.url = "jdbc:postgresql://app:Secr3t@orders-db:5432/olist")),
    {
      field: f("dev", "jobs.jdbc.url"),
      value: '"jdbc:postgresql://app:****@orders-db:5432/olist"',
      says: "TF_VAR_jdbc_password",
      secret: "Secr3t",
    },
  ],
  [
    "GitHub token in the repository URL",
    dev((e) => (e.repository.url = `https://${GHP}@github.com/example-org/lakehouse.git`)),
    {
      field: f("dev", "repository.url"),
      value: '"https://****@github.com/example-org/lakehouse.git"',
      says: "TF_VAR_git_token",
      secret: GHP,
    },
  ],
  [
    "client secret as the mount's secret key",
    azdev((e) => (e.mounts.secretKey = ENTRA)),
    {
      field: f("azdev", "mounts.secretKey"),
      value: '"****"',
      says: "should name a key in the secret scope but holds an Entra ID client secret",
      secret: ENTRA,
    },
  ],
  [
    "old-style client secret as the mount's secret key",
    azdev((e) => (e.mounts.secretKey = "p@ss:w0rd[x]")),
    { field: f("azdev", "mounts.secretKey"), value: '"****"', says: "looks like the secret itself", secret: "p@ss:w0rd[x]" },
  ],
  [
    "unknown jobs.jdbc.password",
    dev((e) => (e.jobs.jdbc.password = "Secr3t-pw")),
    { field: f("dev", "jobs.jdbc.password"), value: '"****"', says: 'is a secret (the field "password" names one)', secret: "Secr3t-pw" },
  ],
  [
    "unknown databricks.token",
    dev((e) => (e.databricks.token = DAPI)),
    { field: f("dev", "databricks.token"), value: '"****"', says: "DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET", secret: DAPI },
  ],
  [
    "unknown databricks.clientSecret",
    azdev((e) => (e.databricks.clientSecret = "dose0123456789abcdef0123456789abcdef")),
    {
      field: f("azdev", "databricks.clientSecret"),
      value: '"****"',
      says: "OAuth machine-to-machine",
      secret: "dose0123456789abcdef0123456789abcdef",
    },
  ],
  [
    "AWS secret key in config",
    dev((e) => (e.aws.secretAccessKey = AWS_SECRET)),
    {
      field: f("dev", "aws.secretAccessKey"),
      value: '"****"',
      says: "AWS_PROFILE, SSO, or a role assumed through OIDC",
      secret: AWS_SECRET,
    },
  ],
  [
    "AWS access key id in config",
    dev((e) => (e.aws.accessKeyId = "AKIAIOSFODNN7EXAMPLE")),
    { field: f("dev", "aws.accessKeyId"), value: '"****"', says: 'the field "accessKeyId" names one', secret: "AKIAIOSFODNN7EXAMPLE" },
  ],
  [
    "Azure client secret in config",
    azdev((e) => (e.azure.clientSecret = ENTRA)),
    { field: f("azdev", "azure.clientSecret"), value: '"****"', says: "ARM_CLIENT_ID with OIDC", secret: ENTRA },
  ],
  [
    "SQL Server URL with a password",
    dev((e) => (e.jobs.jdbc.url = "jdbc:sqlserver://orders-db:1433;databaseName=olist;user=app;password=Hunter2!")),
    {
      field: f("dev", "jobs.jdbc.url"),
      value: '"jdbc:sqlserver://orders-db:1433;databaseName=olist;user=app;password=****"',
      says: 'holds a "password" parameter',
      secret: "Hunter2!",
    },
  ],
  [
    "password as a query parameter",
    dev((e) => (e.jobs.jdbc.url = "jdbc:postgresql://orders-db:5432/olist?sslmode=require&password=pg-Secr3t")),
    {
      field: f("dev", "jobs.jdbc.url"),
      value: '"jdbc:postgresql://orders-db:5432/olist?sslmode=require&password=****"',
      says: 'holds a "password" parameter',
      secret: "pg-Secr3t",
    },
  ],
  [
    "Oracle connect string with a password",
    dev((e) => (e.jobs.jdbc.url = "jdbc:oracle:thin:app/Or4cle@//orders-db:1521/OLIST")),
    {
      field: f("dev", "jobs.jdbc.url"),
      value: '"jdbc:oracle:thin:app/****@//orders-db:1521/OLIST"',
      says: "a password in the Oracle connect string",
      secret: "Or4cle",
    },
  ],
  [
    "user and password in the repository URL",
    azdev((e) => (e.repository.url = "https://ana:Pa55word@dev.azure.com/example-org/lakehouse/_git/lakehouse")),
    {
      field: f("azdev", "repository.url"),
      value: '"https://ana:****@dev.azure.com/example-org/lakehouse/_git/lakehouse"',
      says: "a password in the URL",
      secret: "Pa55word",
    },
  ],
  [
    "GitLab token as the URL's password",
    dev(
      (e) => (
        (e.repository.provider = "gitLab"),
        (e.repository.url = "https://oauth2:glpat-AbCdEfGhIjKlMnOpQrSt@gitlab.com/example-org/lakehouse.git")
      ),
    ),
    {
      field: f("dev", "repository.url"),
      value: '"https://oauth2:****@gitlab.com/example-org/lakehouse.git"',
      says: "TF_VAR_git_token",
      secret: "glpat-AbCdEfGhIjKlMnOpQrSt",
    },
  ],
  [
    "fine-grained GitHub token as the URL's user",
    prod(
      (e) => (e.repository.url = "https://github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz@github.com/example-org/lakehouse.git"),
    ),
    {
      field: f("prod", "repository.url"),
      value: '"https://****@github.com/example-org/lakehouse.git"',
      says: "a token in the URL",
      secret: "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
    },
  ],
  [
    "Databricks token as a tag",
    dev((e) => (e.tags.owner = DAPI)),
    { field: f("dev", "tags.owner"), value: '"dapi****"', says: "a Databricks personal access token", secret: DAPI.slice(4) },
  ],
  [
    "token in the workspace host's query",
    dev((e) => (e.databricks.existingWorkspaceHost = `https://dbc-1234abcd-5678.cloud.databricks.com/?token=${DAPI}`)),
    {
      field: f("dev", "databricks.existingWorkspaceHost"),
      value: '"https://dbc-1234abcd-5678.cloud.databricks.com/?token=****"',
      says: 'a "token" parameter',
      secret: DAPI,
    },
  ],
  [
    "private key pasted under an unknown field",
    dev(
      (e) =>
        (e.repository.sshKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----"),
    ),
    {
      field: f("dev", "repository.sshKey"),
      value: '"-----BEGIN OPENSSH PRIVATE KEY-----****"',
      says: "a private key (PEM block)",
      secret: "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU=",
    },
  ],
  [
    "storage access key for the state backend",
    azprod((e) => (e.state.accessKey = "c3RvcmFnZWtleQ==")),
    {
      field: f("azprod", "state.accessKey"),
      value: '"****"',
      says: "the state backend authenticates as the provider does",
      secret: "c3RvcmFnZWtleQ==",
    },
  ],
  [
    "Databricks token as the mount's secret key",
    azdev((e) => (e.mounts.secretKey = DAPI)),
    { field: f("azdev", "mounts.secretKey"), value: '"dapi****"', says: "a Databricks personal access token", secret: DAPI.slice(4) },
  ],
  [
    "connection string under an unknown field",
    dev((e) => (e.jobs.jdbc.connectionString = "Server=orders-db;Database=olist;User Id=app;Password=cs-Secr3t;")),
    { field: f("dev", "jobs.jdbc.connectionString"), value: '"****"', says: 'the field "connectionString" names one', secret: "cs-Secr3t" },
  ],
  [
    "Azure storage connection string in a field of its own",
    azdev(
      (e) =>
        (e.azure.storageConnection =
          "DefaultEndpointsProtocol=https;AccountName=stx;AccountKey=c2VjcmV0a2V5c2VjcmV0a2V5;EndpointSuffix=core.windows.net"),
    ),
    {
      field: f("azdev", "azure.storageConnection"),
      value: '"DefaultEndpointsProtocol=https;AccountName=stx;AccountKey=****;EndpointSuffix=core.windows.net"',
      says: 'a "AccountKey" parameter',
      secret: "c2VjcmV0a2V5c2VjcmV0a2V5",
    },
  ],
  [
    "JSON Web Token as a principal name",
    dev((e) => (e.identity = { cicdServicePrincipal: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaWNkIn0.c2lnbmF0dXJl" })),
    {
      field: f("dev", "identity.cicdServicePrincipal"),
      value: '"****"',
      says: "a JSON Web Token",
      secret: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaWNkIn0.c2lnbmF0dXJl",
    },
  ],
  [
    "random key material in a known field",
    dev((e) => (e.repository.tag = AWS_SECRET.replace(/\//g, "x"))),
    {
      field: f("dev", "repository.tag"),
      value: '"****"',
      says: "looks like generated key material",
      secret: AWS_SECRET.replace(/\//g, "x"),
    },
  ],
  [
    "secret in a copied environment's unknown block",
    withCopy("dev", (e) => (e.credentials = { user: "app", password: "Secr3t-qa" })),
    { field: f("qa", "credentials"), value: "(object, ****)", says: 'the field "credentials" names one', secret: "Secr3t-qa" },
  ],

  // Compute modes (config/rules/compute-mode.ts).
  [
    "a serverless workspace on Azure",
    azdev((e) => (e.compute = { mode: "serverless" })),
    { field: f("azdev", "compute.mode"), value: '"serverless"', says: "azurerm 4.73's azurerm_databricks_workspace has no compute mode" },
  ],
  [
    "a serverless workspace with a VPC",
    sandbox((e) => (e.aws.network = { vpcCidr: "10.80.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] })),
    {
      field: f("sandbox", "aws.network"),
      value: '{"vpcCidr":"10.80.0.0/16","availabilityZones":["eu-west-1a","eu-west-1b"]}',
      says: "takes no network, credentials or storage configuration",
    },
  ],
  [
    "a serverless workspace with an instance pool",
    sandbox((e) => (e.compute.pool = { nodeType: "m5d.large", minIdleInstances: 0, maxCapacity: 10, idleAutoterminationMinutes: 10 })),
    {
      field: f("sandbox", "compute.pool"),
      value: '{"nodeType":"m5d.large","minIdleInstances":0,"maxCapacity":10,"idleAutotermin...',
      says: "instance pools are classic compute",
    },
  ],
  [
    "a serverless workspace with cluster policies",
    sandbox((e) => (e.compute.policies = structuredClone(examples.dev.compute.policies))),
    {
      field: f("sandbox", "compute.policies"),
      value: '{"jobs":{"maxWorkers":4,"maxDbuPerHour":10},"shared":{"maxWorkers":4,"maxDbuP...',
      says: "serverless compute takes no cluster policy",
    },
  ],
  [
    "a serverless workspace with a shared cluster",
    sandbox((e) => (e.compute.sharedCluster = structuredClone(examples.dev.compute.sharedCluster))),
    {
      field: f("sandbox", "compute.sharedCluster"),
      value: '{"nodeType":"m5d.xlarge","minWorkers":1,"maxWorkers":4,"autoterminationMinute...',
      says: "a shared cluster is classic compute",
    },
  ],
  [
    "a serverless workspace with allowed node types",
    sandbox((e) => (e.compute.allowedNodeTypes = ["m5d.large"])),
    { field: f("sandbox", "compute.allowedNodeTypes"), value: '["m5d.large"]', says: "node types are chosen by Databricks" },
  ],
  [
    "a job on a job cluster in a serverless workspace",
    sandbox((e) => (e.compute.jobs = { training: "job-cluster" })),
    { field: f("sandbox", "compute.jobs.training"), value: '"job-cluster"', says: "has no classic compute to run a job cluster on" },
  ],
  [
    "DBFS mounts in a serverless workspace",
    sandbox((e) => (e.mounts = { enabled: true })),
    { field: f("sandbox", "mounts.enabled"), value: "true", says: "DBFS mounts with instance profiles do not work on serverless compute" },
  ],
  [
    "a classic workspace without its pool",
    dev((e) => delete e.compute.pool),
    { field: f("dev", "compute.pool"), value: "(not set)", says: "a classic workspace builds its clusters from it" },
  ],
  [
    "a job compute nobody knows",
    dev((e) => (e.compute.jobs = { training: "gpu" })),
    { field: f("dev", "compute.jobs.training"), value: '"gpu"', says: 'must be "job-cluster" or "serverless"' },
  ],
  [
    "a prod serverless workspace with serverless egress turned off",
    serverlessProd((e) => (e.security.serverlessEgress = { enabled: false, reason: "the jobs need the whole internet" })),
    { field: f("qa", "security.serverlessEgress.enabled"), value: "false", says: "without the account network policy's restriction" },
  ],
  [
    "a prod serverless workspace with serverless egress in dry run",
    serverlessProd((e) => (e.security.serverlessEgress.dryRun = true)),
    { field: f("qa", "security.serverlessEgress.dryRun"), value: "true", says: "a dry run logs denied destinations but lets them through" },
  ],
  [
    "a JDBC source in a serverless workspace",
    sandbox((e) => (e.jobs.jdbc = { url: "jdbc:postgresql://orders-db.sandbox.internal:5432/olist" })),
    {
      field: f("sandbox", "jobs.jdbc.url"),
      value: '"jdbc:postgresql://orders-db.sandbox.internal:5432/olist"',
      says: "serverless compute reaches a private host only through a private endpoint rule",
    },
  ],
  [
    "a JDBC source in a classic workspace whose ingestion job runs serverless",
    dev((e) => (e.compute.jobs = { ingestion: "serverless" })),
    {
      field: f("dev", "jobs.jdbc.url"),
      value: '"jdbc:postgresql://orders-db.dev.internal:5432/olist"',
      says: 'Fix: remove jobs.jdbc, or keep the ingestion job on a job cluster (compute.jobs.ingestion "job-cluster")',
    },
  ],
  [
    "serverless jobs in a prod classic workspace with serverless egress in dry run",
    prod((e) => ((e.compute.jobs = { transformation: "serverless" }), (e.security.serverlessEgress = { dryRun: true }))),
    { field: f("prod", "security.serverlessEgress.dryRun"), value: "true", says: "a prod environment whose jobs run serverless" },
  ],
];

const valid: Array<[string, EnvironmentInput[]]> = [
  ["the example estate", estate()],
  ["a prod serverless workspace with egress restricted (the baseline)", serverlessProd()],
  [
    "firewall wildcards over a team's own domains and a bucket of its own",
    prod(
      (e) =>
        (e.aws.network.egress.allowedDomains = [
          "*.pythonhosted.org",
          "*.example.co.uk",
          "my-bucket.s3.eu-west-1.amazonaws.com",
          "*.maven.org",
        ]),
    ),
  ],
  ["AWS firewall logs kept 3653 days (CloudWatch's longest)", prod((e) => (e.aws.network.egress.logRetentionDays = 3653))],
  ["Azure firewall logs kept 730 days (Log Analytics' longest)", azprod((e) => (e.azure.network.egress.logRetentionDays = 730))],
  ["serverless transformation in a classic dev workspace", dev((e) => (e.compute.jobs = { transformation: "serverless" }))],
  [
    "serverless jobs on Azure, in a classic workspace",
    azdev((e) => (e.compute.jobs = { transformation: "serverless", training: "serverless" })),
  ],
  ["a single address in the IP access list", dev((e) => (e.security.ipAccessList = ["198.51.100.7"]))],
  ["a single address among the deployers on Azure", azdev((e) => (e.security.deployerIpRanges = ["198.51.100.7", "192.0.2.0/28"]))],
  ["a /32 on AWS, where no storage firewall reads it", dev((e) => (e.security.ipAccessList = ["198.51.100.7/32"]))],
  ["private deployer ranges on AWS (self-hosted runners)", dev((e) => (e.security.deployerIpRanges = ["10.99.0.0/24"]))],
  ["Standard_F4s on Azure", azdev((e) => (e.compute.allowedNodeTypes = [...e.compute.allowedNodeTypes, "Standard_F4s"]))],
  ["Standard_DS3_v2 on Azure", azprod((e) => (e.compute.allowedNodeTypes = [...e.compute.allowedNodeTypes, "Standard_DS3_v2"]))],
  [
    "a JDBC URL with query parameters",
    dev((e) => (e.jobs.jdbc.url = "jdbc:postgresql://orders-db.dev.internal:5432/olist?sslmode=require&connectTimeout=10")),
  ],
  ["a SQL Server JDBC URL", azdev((e) => (e.jobs.jdbc.url = "jdbc:sqlserver://orders-db:1433;databaseName=olist;encrypt=true"))],
  ["an Oracle thin JDBC URL", prod((e) => (e.jobs.jdbc.url = "jdbc:oracle:thin:@//orders-db:1521/OLIST"))],
  ["a MySQL JDBC URL", dev((e) => (e.jobs.jdbc.url = "jdbc:mysql://orders-db:3306/olist?useSSL=true"))],
  ["a tag value with a space", dev((e) => (e.tags.owner = "Data Platform"))],
  ["a cost center with a space and a colon", azprod((e) => (e.tags.costCenter = "CC 4200:eu"))],
  [
    "Runtime 17.3 with Scala 2.13",
    dev((e) => ((e.compute.sparkVersion = "17.3.x-scala2.13"), (e.compute.mlSparkVersion = "17.3.x-cpu-ml-scala2.13"))),
  ],
  ["Runtime 16.4 with Scala 2.13", azdev((e) => (e.compute.sparkVersion = "16.4.x-scala2.13"))],
  [
    "Quartz schedules with ranges, L, # and a year",
    dev(
      (e) => (
        (e.jobs.transformSchedule = "0 15 10 L * ?"),
        (e.jobs.trainingSchedule = "0 0 12 ? * 6#3"),
        (e.jobs.ingestionTrigger = "0 0/15 8-18 ? * MON-FRI 2026-2030")
      ),
    ),
  ],
  ["a named time zone", prod((e) => (e.jobs.timezone = "Europe/Berlin"))],
  ["a number computed from text that is one", dev((e) => (e.compute.pool.maxCapacity = Number("10")))],
  [
    "a pool exactly one job cluster at the policy's maximum large, all of it kept warm",
    dev((e) => ((e.compute.pool.maxCapacity = 5), (e.compute.pool.minIdleInstances = 5))),
  ],
  [
    "GitHub Enterprise Server on the team's own host",
    dev((e) => ((e.repository.provider = "gitHubEnterprise"), (e.repository.url = "https://git.acme-analytics.eu/data/lakehouse.git"))),
  ],
  [
    "GitHub Enterprise Cloud with data residency",
    dev((e) => ((e.repository.provider = "gitHubEnterprise"), (e.repository.url = "https://acme.ghe.com/data/lakehouse.git"))),
  ],
  [
    "Azure DevOps under its older visualstudio.com host",
    azdev((e) => (e.repository.url = "https://acme-analytics.visualstudio.com/lakehouse/_git/lakehouse")),
  ],
  [
    "AWS CodeCommit in its region's host",
    dev(
      (e) => (
        (e.repository.provider = "awsCodeCommit"), (e.repository.url = "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/lakehouse")
      ),
    ),
  ],
  [
    "GitLab self-managed on the team's own host",
    prod(
      (e) => (
        (e.repository.provider = "gitLabEnterpriseEdition"), (e.repository.url = "https://gitlab.acme-analytics.eu/data/lakehouse.git")
      ),
    ),
  ],
  ["a dev environment open to every address while trying the blueprint out", dev((e) => (e.security.ipAccessList = ["0.0.0.0/0"]))],
  [
    "a copy that adopts the metastore of its own region",
    withCopy(
      "dev",
      (e) => (
        (e.aws.region = "us-east-1"),
        (e.aws.network.availabilityZones = ["us-east-1a", "us-east-1b"]),
        (e.unityCatalog = { metastore: { mode: "adopt", id: "0d1c2b3a-4e5f-4789-abcd-ef0123456789" } })
      ),
    ),
  ],
  [
    "two environments of a region adopting its metastore alike",
    [
      variant(examples.dev, (e) => (e.unityCatalog = { metastore: { mode: "adopt", id: "0d1c2b3a-4e5f-4789-abcd-ef0123456789" } })),
      variant(
        examples.dev,
        (e) => (
          (e.name = "qa"),
          (e.stage = "test"),
          (e.aws.network.vpcCidr = "10.60.0.0/16"),
          (e.unityCatalog = { metastore: { mode: "adopt", id: "0d1c2b3a-4e5f-4789-abcd-ef0123456789" } })
        ),
      ),
    ],
  ],
  ["a current IANA name older ICU lists under an alias", azdev((e) => (e.jobs.timezone = "Asia/Kolkata"))],
  ["a new environment copied from dev with its own names", withCopy("dev")],
  ["a new environment copied from azdev with its own names", withCopy("azdev")],
  ["a new prod environment copied from prod", withCopy("prod")],
  [
    "dev's catalog name in another region (another metastore)",
    withCopy(
      "dev",
      (e) => (
        (e.aws.region = "us-east-1"),
        (e.aws.network.availabilityZones = ["us-east-1a", "us-east-1b"]),
        (e.unityCatalog.catalogName = "dev_lakehouse"),
        // prod's catalog is in eu-west-1's metastore: another region cannot read it
        delete e.unityCatalog.readsProdCatalogOf
      ),
    ),
  ],
  ["dev's group names in another Databricks account", azdev((e) => (e.identity = { admins: "dev-platform-admins" }))],
  [
    "five zones of /26 with one NAT gateway",
    dev(
      (e) => (
        (e.aws.region = "us-east-1"),
        (e.aws.network = {
          vpcCidr: "10.20.0.0/23",
          availabilityZones: ["a", "b", "c", "d", "e"].map((z) => `us-east-1${z}`),
          natGatewayPerAz: false,
        }),
        delete e.unityCatalog.readsProdCatalogOf
      ),
    ),
  ],
  [
    "four zones of /26 with a NAT gateway each",
    dev(
      (e) => (
        (e.aws.region = "us-east-1"),
        (e.aws.network = {
          vpcCidr: "10.20.0.0/23",
          availabilityZones: ["a", "b", "c", "d"].map((z) => `us-east-1${z}`),
          natGatewayPerAz: true,
        }),
        delete e.unityCatalog.readsProdCatalogOf
      ),
    ),
  ],
  [
    "prod with back-end and front-end PrivateLink and public access off",
    prod(
      (e) =>
        (e.aws.network.privateConnectivity = { backEnd: true, frontEnd: { transitVpcCidr: "10.31.0.0/24" }, publicAccessEnabled: false }),
    ),
  ],
  [
    "dev with back-end PrivateLink in /28 endpoint subnets",
    dev((e) => (e.aws.network.privateConnectivity = { backEnd: true, endpointSubnetPrefix: 28 })),
  ],
  [
    "an Azure DevOps clone URL with the organization as user",
    azdev((e) => (e.repository.url = "https://example-org@dev.azure.com/example-org/lakehouse/_git/lakehouse")),
  ],
  ["a secret key name with dots and digits", azdev((e) => (e.mounts.secretKey = "mount.client-secret_v2"))],
  ["an S3 bucket name with periods", prod((e) => (e.state.bucket = "example.org.terraform-state"))],
  [
    "an S3 state bucket name of 51 characters, whose access-log bucket's name is 63",
    prod((e) => (e.state.bucket = "example-org-terraform-state-of-the-lakehouse-estate")),
  ],
  ["a resource group with periods and parentheses", azprod((e) => (e.state.resourceGroupName = "rg-terraform.state(prod)"))],
  ["a release branch with slashes and dots", prod((e) => (e.repository.branch = "release/2026.01"))],
  [
    "a prod environment without the compliance profile",
    prod((e) => ((e.security.complianceSecurityProfile = false), (e.security.complianceStandards = []))),
  ],
  [
    "dev reading prod's catalog with local state, bringing its own workspace (its id is in config)",
    dev((e) => {
      delete e.state;
      e.databricks.existingWorkspaceHost = "https://dbc-1234abcd-5678.cloud.databricks.com";
      e.databricks.existingWorkspaceId = "1234567890123456";
      e.identity = { cicdServicePrincipal: "byo-deployer" };
    }),
  ],
  [
    "dev with local state, reading no prod catalog",
    dev((e) => ((e.state = { backend: "local" }), delete e.unityCatalog.readsProdCatalogOf)),
  ],
  [
    "a test environment reading prod's catalog, and dev's pairing off",
    withCopy("dev").map((env) => (env.name === "dev" ? variant(env, (e) => delete e.unityCatalog.readsProdCatalogOf) : env)),
  ],
  ["compliance profile with no standard named", azprod((e) => (e.security.complianceStandards = []))],
  [
    "data classification on prod, which dev reads and which holds its metastore's system tables",
    prod((e) => (e.unityCatalog.dataClassification = true)),
  ],
  ["data classification on azprod, which azdev reads", azprod((e) => (e.unityCatalog.dataClassification = true))],
  [
    "an elastic warehouse of 1 to 10 Medium clusters",
    dev((e) => (e.compute.sqlWarehouse = { clusterSize: "Medium", minClusters: 1, maxClusters: 10, autoStopMinutes: 5 })),
  ],
  [
    "audit alerts mailing their own mailbox every 15 minutes",
    dev((e) => (e.audit = { alertEmails: ["security-oncall@example.com"], schedule: "0 0/15 * * * ?", lookbackMinutes: 120 })),
  ],
];

describe("environment config edge cases", () => {
  it.each(invalid)("refuses %s", (_, inputs, expected) => {
    const problems = configProblems(inputs);
    const matching = problems.filter(
      (p) => p.startsWith(`${expected.field} = ${expected.value}: `) && p.includes(expected.says) && p.includes("Fix: "),
    );
    expect({ problems, matching: matching.length }).toEqual({ problems, matching: 1 });
    if (expected.secret !== undefined) {
      expect(matching[0]).toContain("****");
      expect(problems.filter((p) => p.includes(expected.secret as string))).toEqual([]);
    }
  });

  it.each(valid)("accepts %s", (_, inputs) => {
    expect(configProblems(inputs)).toEqual([]);
    expect(loadEnvironments(inputs).length).toBe(inputs.length);
  });

  it("has the table the issue asks for: 100 invalid and 20 valid cases at least, and a dozen secrets among them", () => {
    expect(invalid.length).toBeGreaterThanOrEqual(100);
    expect(valid.length).toBeGreaterThanOrEqual(20);
    expect(invalid.filter(([, , expected]) => expected.secret !== undefined).length).toBeGreaterThanOrEqual(12);
  });
});

describe("prod serverless compute with an adopted metastore", () => {
  const ADOPTED = { mode: "adopt" as const, id: "008f0983-b2b1-479b-9a05-9d5f53e4560f" };
  // In a region of its own: the examples create eu-west-1's metastore, and one region has one metastore.
  const adopt: Edit = (e) => {
    e.aws.region = "eu-central-1";
    if (e.aws.network) e.aws.network.availabilityZones = ["eu-central-1a", "eu-central-1b", "eu-central-1c"];
    e.unityCatalog.metastore = ADOPTED;
  };
  // Whichever way serverless egress is set, config refuses the pair once, at the metastore, with fixes that work.
  it.each([
    ["egress on (the prod baseline)", serverlessProd((e) => adopt(e))],
    [
      "egress off with a reason",
      serverlessProd((e) => {
        adopt(e);
        e.security.serverlessEgress = { enabled: false, reason: "the region's metastore is adopted" };
      }),
    ],
    [
      "a classic workspace whose transformation runs serverless",
      withCopy("prod", (e) => (adopt(e), (e.compute.jobs = { transformation: "serverless" }))),
    ],
  ])("%s: one refusal, naming create or classic compute", (_, inputs) => {
    const problems = configProblems(inputs);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^environments\["qa"\]\.unityCatalog\.metastore\.mode = "adopt": /);
    expect(problems[0]).toContain('Fix: use unityCatalog.metastore: { mode: "create" }');
    expect(problems[0]).toContain('compute.mode "classic"');
  });

  it("stays accepted for a prod classic workspace without serverless jobs (egress off with its reason)", () => {
    const inputs = withCopy("prod", (e) => {
      adopt(e);
      e.security.serverlessEgress = { enabled: false, reason: "the region's metastore is adopted" };
    });
    expect(configProblems(inputs)).toEqual([]);
  });
});

describe("secrets planted in config never reach cdktf.out", () => {
  // Planted where synth would carry each value into a stack: the JDBC task's URL, the Git folders'
  // and jobs' repository URL, the mount's secret key (AWS and Azure), and unknown fields beside them.
  const PLANTED: Array<[string, EnvironmentInput[], string, Example?]> = [
    [
      "JDBC password",
      dev((e) => (e.jobs.jdbc.url = "jdbc:postgresql://app:planted-Secr3t-1@orders-db:5432/olist")),
      "planted-Secr3t-1",
      "dev",
    ],
    ["Git token", azprod((e) => (e.repository.url = `https://${GHP}@dev.azure.com/example-org/lakehouse/_git/lakehouse`)), GHP, "azprod"],
    ["mount client secret", azdev((e) => (e.mounts.secretKey = ENTRA)), ENTRA],
    ["token as the mount's secret key", azdev((e) => (e.mounts.secretKey = DAPI_2)), DAPI_2, "azdev"],
    [
      "JDBC password parameter",
      azdev((e) => (e.jobs.jdbc.url = "jdbc:sqlserver://orders-db:1433;databaseName=olist;password=planted-Secr3t-2")),
      "planted-Secr3t-2",
      "azdev",
    ],
    ["Databricks token", prod((e) => (e.databricks.token = DAPI)), DAPI],
    ["unknown JDBC password", dev((e) => (e.jobs.jdbc.password = "planted-Secr3t-3")), "planted-Secr3t-3"],
  ];

  it.each(PLANTED)("refuses the %s before synth, and its message does not print it", (_, inputs, secret) => {
    let error: unknown;
    try {
      loadEnvironments(inputs);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain("****");
    expect((error as ConfigError).message).not.toContain(secret);
  });

  it("would carry the values planted in known fields into the stacks, which is why the loader refuses them", () => {
    // The schema alone accepts a URL with credentials (it is well formed): synthesize what it parses to
    // show where each planted value would land, then check that the loader stops every one of them.
    const carried = PLANTED.filter(([, , , env]) => env !== undefined).map(([, inputs, secret, env]) => {
      const all = environmentsSchema.parse(inputs);
      const stacks = synthBlueprintSelected(
        all.filter((e) => e.name === env),
        all,
      );
      return Object.values(stacks).some((json) => json.includes(JSON.stringify(secret).slice(1, -1)));
    });
    expect(carried).toEqual([true, true, true, true]);
  });

  it("synthesizes the example estate with no secret-shaped value in any stack", () => {
    const stacks = synthBlueprint(loadEnvironments(estate()));
    const found: string[] = [];
    const visit = (value: unknown, where: string): void => {
      if (typeof value === "string") {
        const secret = secretInText(value);
        if (secret) found.push(`${where}: ${secret.what.join(", ")}`);
      } else if (value !== null && typeof value === "object") {
        for (const [key, child] of Object.entries(value)) visit(child, `${where}.${key}`);
      }
    };
    for (const [name, json] of Object.entries(stacks)) visit(JSON.parse(json), name);
    expect(Object.keys(stacks).length).toBeGreaterThan(8);
    expect(found).toEqual([]);
  });
});
