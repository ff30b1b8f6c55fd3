import { databricksEndpointServices } from "../../config/databricks-endpoint-services";
import { freeEndpointBlock } from "../../config/rules/azure-network";
import { hostedProvider } from "../../config/rules/repository";
import type { EnvironmentInput } from "../../config/schema";
import { defaultCompute } from "./compute-defaults";
import { type Cloud, type Flags, listOf } from "./flags";

// The environment the flags describe, as config takes it (config/schema.ts). A value no flag gives is
// asked of `fill`, which the scaffold answers with a placeholder to write ("<your ...>") and the probe
// with a stand-in that lets config check everything else (./probe).

/** A value the scaffold could not know: the field it goes in, what it is, and where to find it. */
export interface Unknown {
  readonly field: string;
  readonly what: string;
  readonly how: string;
}

/** Gives the value of a field no flag set: a placeholder, or a stand-in. */
export type Fill = (unknown: Unknown) => string;

/** What the draft is made from: the flags (already parsed) and the network range chosen for it. */
export interface DraftInput {
  readonly flags: Flags;
  readonly cloud: Cloud;
  readonly networkCidr: string;
  /** Azure prod: the egress hub's range (that of the subscription and region's hub when the estate has one, else a free /24). */
  readonly hubVnetCidr?: string;
  /** OWNER/NAME of the estate's GitHub repository, when known: notebooks/ is there, so Git folders clone it. */
  readonly githubRepository?: string;
  readonly fill: Fill;
}

const UNKNOWN = {
  owner: { field: "tags.owner", what: "owning team", how: "the team that owns the environment, as cost reports name it (--owner)" },
  costCenter: { field: "tags.costCenter", what: "cost center", how: "the cost center its spend is booked to (--cost-center)" },
  databricksAccount: {
    field: "databricks.accountId",
    what: "Databricks account id",
    how: "the account console, account menu at the top right (--databricks-account-id)",
  },
  ipAccessList: {
    field: "security.ipAccessList[0]",
    what: "office or VPN egress range",
    how: "the CIDR blocks people reach the workspace from (--ip-access-list)",
  },
  deployers: {
    field: "security.deployerIpRanges[0]",
    what: "deploy runners' egress range",
    how: 'the egress of the lakehouse-deployer runners, docs/ci-and-bootstrap.md, "The deploy runners" (--deployer-ip-ranges)',
  },
  repository: {
    field: "repository.url",
    what: "notebooks repository's https clone URL",
    how: "the repository holding notebooks/, usually this one (--repository-url or --github-repository)",
  },
  ownerEmail: { field: "costs.ownerEmails[0]", what: "owning team's mailbox", how: "where budget alerts go (--owner-email)" },
  oncall: { field: "jobs.notificationEmails[0]", what: "on-call mailbox", how: "where failed runs and audit alerts go (--oncall-email)" },
  awsAccount: { field: "aws.accountId", what: "AWS account id", how: "aws sts get-caller-identity --query Account (--aws-account-id)" },
  stateBucket: {
    field: "state.bucket",
    what: "Terraform state bucket",
    how: "an S3 bucket of yours in the region, docs/remote-state.md (--state-bucket)",
  },
  subscription: {
    field: "azure.subscriptionId",
    what: "Azure subscription id",
    how: "az account show --query id -o tsv (--subscription-id)",
  },
  tenant: { field: "azure.tenantId", what: "Entra tenant id", how: "az account show --query tenantId -o tsv (--tenant-id)" },
  enterpriseApp: {
    field: "azure.databricksEnterpriseAppObjectId",
    what: "AzureDatabricks enterprise application object id",
    how: "az ad sp show --id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query id -o tsv (--databricks-enterprise-app-object-id)",
  },
  keyVault: {
    field: "azure.keyVaultName",
    what: "Key Vault name",
    how: "3-24 letters, digits and single hyphens, unique across Azure (--key-vault-name)",
  },
  storageAccount: {
    field: "azure.storageAccountName",
    what: "storage account name",
    how: "3-24 lowercase letters and digits, unique across Azure (--storage-account-name)",
  },
  stateGroup: {
    field: "state.resourceGroupName",
    what: "Terraform state resource group",
    how: "the resource group of the state storage account, docs/remote-state.md (--state-resource-group)",
  },
  stateAccount: {
    field: "state.storageAccountName",
    what: "Terraform state storage account",
    how: "docs/remote-state.md (--state-storage-account)",
  },
} satisfies Record<string, Unknown>;

/** `--metastore create` or `adopt:<id>` as config takes it; undefined when the flag is neither. */
export function metastoreChoice(flag: string | undefined): { mode: "create" } | { mode: "adopt"; id: string } | undefined {
  if (flag === "create") return { mode: "create" };
  const adopt = /^adopt:(.*)$/.exec(flag ?? "");
  return adopt ? { mode: "adopt", id: adopt[1] } : undefined;
}

/** The zones a new AWS environment spreads over: two, three in prod (a NAT gateway in each). */
export const defaultZones = (region: string, stage: string): string[] =>
  (stage === "prod" ? ["a", "b", "c"] : ["a", "b"]).map((letter) => `${region}${letter}`);

/**
 * Takes the flags, the cloud, the network range and how to fill what no flag gives; gives the
 * environment as config takes it. In prod it writes only what the prod baseline cannot decide: the
 * Azure endpoint subnet (in the VNet, after the Databricks subnets), and, with a reason reviewers read,
 * serverless egress off where the metastore is adopted and AWS PrivateLink off where Databricks
 * publishes no endpoint service in the region (config/databricks-endpoint-services.ts). Outside prod, a
 * serverless workspace on a created metastore gets serverless egress control on, admitting the package index.
 */
export function draftEnvironment({ flags, cloud, networkCidr, hubVnetCidr, githubRepository, fill }: DraftInput): EnvironmentInput {
  const name = flags.name ?? "";
  const stage = flags.stage ?? "";
  const region = flags.region ?? "";
  const prod = stage === "prod";
  const given = (value: string | undefined, unknown: Unknown) => value ?? fill(unknown);
  const list = (value: string | undefined, unknown: Unknown) => listOf(value) ?? [fill(unknown)];
  // A --metastore that is neither form is refused by the scaffold itself (./scaffold); the draft still checks the rest.
  const metastore = metastoreChoice(flags.metastore) ?? { mode: "create" as const };
  // Fields in the order the file shows them, so that what is left to fill is listed in that order too.
  const head = {
    name,
    cloud,
    stage,
    tags: { owner: given(flags.owner, UNKNOWN.owner), costCenter: given(flags["cost-center"], UNKNOWN.costCenter) },
    databricks: { accountId: given(flags["databricks-account-id"], UNKNOWN.databricksAccount) },
    unityCatalog: { metastore },
  };
  // A serverless workspace has no network and no classic compute (docs/compute-modes.md); on Azure config refuses the mode itself.
  const serverless = flags["compute-mode"] === "serverless";
  const place =
    cloud === "aws"
      ? { aws: awsPlace(flags, serverless && flags["network-cidr"] === undefined ? undefined : networkCidr, given) }
      : { azure: azurePlace(flags, networkCidr, given, hubVnetCidr) };
  const security: Record<string, unknown> = {
    ipAccessList: list(flags["ip-access-list"], UNKNOWN.ipAccessList),
    deployerIpRanges: list(flags["deployer-ip-ranges"], UNKNOWN.deployers),
  };
  if (serverless && !prod && metastore.mode === "create") {
    // Every serverless notebook and job of a dev or test workspace would reach any internet destination
    // otherwise; the package index stays open for the jobs' %pip pins (docs/compute-modes.md). With an
    // adopted metastore there is no connectivity configuration to bind (config refuses egress control there).
    security.serverlessEgress = { enabled: true, allowedDomains: ["pypi.org", "files.pythonhosted.org"] };
  }
  if (prod && metastore.mode === "adopt") {
    security.serverlessEgress = {
      enabled: false,
      reason:
        "the region's metastore is adopted (unityCatalog.metastore), and the network connectivity configuration serverless egress control needs is made by the blueprint's metastore stack, which only { mode: \"create\" } has",
    };
  }
  const url = flags["repository-url"] ?? (githubRepository ? `https://github.com/${githubRepository}.git` : fill(UNKNOWN.repository));
  const rest = {
    security,
    repository: { url, provider: flags["git-provider"] ?? hostedProvider(url) ?? "gitHub", branch: "main" },
    costs: {
      monthlyBudgetUsd: flags["monthly-budget-usd"] === undefined ? undefined : Number(flags["monthly-budget-usd"]),
      ownerEmails: list(flags["owner-email"], UNKNOWN.ownerEmail),
    },
    jobs: { notificationEmails: list(flags["oncall-email"], UNKNOWN.oncall) },
  };
  const keyPrefix = `lakehouse/${name}`;
  const state =
    cloud === "aws"
      ? { backend: "s3", bucket: given(flags["state-bucket"], UNKNOWN.stateBucket), region, keyPrefix }
      : {
          backend: "azurerm",
          resourceGroupName: given(flags["state-resource-group"], UNKNOWN.stateGroup),
          storageAccountName: given(flags["state-storage-account"], UNKNOWN.stateAccount),
          keyPrefix,
        };
  const compute =
    flags["compute-mode"] === undefined || flags["compute-mode"] === "classic"
      ? defaultCompute(cloud, prod)
      : { mode: flags["compute-mode"], sqlWarehouse: defaultCompute(cloud, prod).sqlWarehouse };
  return { ...head, ...place, ...rest, state, compute } as EnvironmentInput;
}

type Given = (value: string | undefined, unknown: Unknown) => string;

/**
 * The AWS block: account, region and the VPC (a NAT gateway per zone in prod; PrivateLink off, with the
 * reason, where the region has no Databricks endpoint service); no VPC without a range (a serverless workspace).
 */
function awsPlace(flags: Flags, vpcCidr: string | undefined, given: Given) {
  const region = flags.region ?? "";
  if (vpcCidr === undefined) return { accountId: given(flags["aws-account-id"], UNKNOWN.awsAccount), region };
  const prod = flags.stage === "prod";
  const network: Record<string, unknown> = {
    vpcCidr,
    availabilityZones: listOf(flags["availability-zones"]) ?? defaultZones(region, flags.stage ?? ""),
    natGatewayPerAz: prod,
  };
  if (prod && !databricksEndpointServices(region)) {
    network.privateConnectivity = {
      backEnd: {
        enabled: false,
        reason: `Databricks publishes no PrivateLink endpoint services in ${region} (config/databricks-endpoint-services.ts)`,
      },
    };
  }
  return { accountId: given(flags["aws-account-id"], UNKNOWN.awsAccount), region, network };
}

/**
 * The Azure block: subscription, tenant, location, the globally unique names and the VNet (in prod with
 * the endpoint subnet back-end Private Link needs, and the egress hub's range the prod baseline's firewall needs).
 */
function azurePlace(flags: Flags, vnetCidr: string, given: Given, hubVnetCidr?: string) {
  const network: Record<string, unknown> = { vnetCidr, subnetNewBits: 2 };
  const endpointSubnet = flags.stage === "prod" ? freeEndpointBlock({ vnetCidr, subnetNewBits: 2 }) : undefined;
  if (endpointSubnet) network.privateConnectivity = { endpointSubnetCidr: endpointSubnet };
  if (flags.stage === "prod" && hubVnetCidr) network.egress = { hubVnetCidr };
  return {
    subscriptionId: given(flags["subscription-id"], UNKNOWN.subscription),
    tenantId: given(flags["tenant-id"], UNKNOWN.tenant),
    location: flags.region ?? "",
    databricksEnterpriseAppObjectId: given(flags["databricks-enterprise-app-object-id"], UNKNOWN.enterpriseApp),
    keyVaultName: given(flags["key-vault-name"], UNKNOWN.keyVault),
    storageAccountName: given(flags["storage-account-name"], UNKNOWN.storageAccount),
    network,
  };
}
