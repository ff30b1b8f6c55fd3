import { z } from "zod";
import { parseCidr, overlaps } from "./cidr";
import { nodeTypeProblem, type Cloud } from "./node-types";
import { runtimeProblem } from "./runtimes";
import { AWS_DATABRICKS_REGIONS, AZURE_DATABRICKS_REGIONS } from "./regions";

// Every refinement message says what is wrong and ends with "Fix: ..."; the formatter in
// ./errors adds the field path and the offending value.

const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,14}$/, 'must be 2-15 lowercase letters, digits or "-", starting with a letter. Fix: use a short name such as "dev" or "prod-eu"');

const cidr = z.string().refine((value) => parseCidr(value) !== undefined, {
  message: 'is not a valid IPv4 CIDR block (four octets 0-255, a prefix 0-32, no host bits set). Fix: use a network address such as "10.20.0.0/16"',
});

function nodeType(cloud: Cloud) {
  return z.string().superRefine((value, ctx) => {
    const problem = nodeTypeProblem(cloud, value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

function runtime(kind: "standard" | "ml") {
  return z.string().superRefine((value, ctx) => {
    const problem = runtimeProblem(value, kind);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

const autoterminationMinutes = z
  .number()
  .int()
  .min(10, "is below 10 minutes; clusters would stop mid-session. Fix: use 10-120")
  .max(120, "is above 120 minutes; idle clusters burn money. Fix: use 10-120");

const workerCount = z.number().int().min(0, "cannot be negative. Fix: use 0 or more").max(200, "is above 200 workers. Fix: cap clusters at 200 workers or raise this limit deliberately in config/schema.ts");

export const tagsSchema = z.object({
  owner: z.string().regex(/^[A-Za-z0-9._@+-]{2,64}$/, 'must name a team or mailbox (2-64 letters, digits, ._@+-). Fix: e.g. "data-platform"'),
  costCenter: z.string().regex(/^[A-Za-z0-9-]{2,32}$/, 'must be 2-32 letters, digits or "-". Fix: e.g. "cc-1234"'),
});

const policyLimitsSchema = z.object({
  maxWorkers: workerCount,
  maxDbuPerHour: z.number().positive("must be positive. Fix: set the hourly DBU ceiling, e.g. 20"),
});

export const computeSchema = (cloud: Cloud) =>
  z.object({
    sparkVersion: runtime("standard").default("16.4.x-scala2.12"),
    mlSparkVersion: runtime("ml").default("16.4.x-cpu-ml-scala2.12"),
    allowedNodeTypes: z.array(nodeType(cloud)).min(1, "is empty. Fix: list at least one node type clusters may use"),
    sharedCluster: z.object({
      nodeType: nodeType(cloud),
      minWorkers: workerCount,
      maxWorkers: workerCount,
      autoterminationMinutes,
      photon: z.boolean().default(true),
      spotBidPricePercent: z.number().int().min(1).max(100).default(100),
    }),
    pool: z.object({
      nodeType: nodeType(cloud),
      minIdleInstances: z.number().int().min(0).max(20, "keeps over 20 idle instances. Fix: use 0-20"),
      maxCapacity: z.number().int().min(1).max(500),
      idleAutoterminationMinutes: z.number().int().min(1).max(60, "keeps idle instances over an hour. Fix: use 1-60"),
    }),
    policies: z.object({
      jobs: policyLimitsSchema,
      shared: policyLimitsSchema.extend({ autoterminationMinutes }),
      personal: policyLimitsSchema.extend({ autoterminationMinutes }),
    }),
  });

const principalName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{1,62}$/, 'must be 2-63 letters, digits, space, ".", "_" or "-". Fix: e.g. "dev-data-engineers"');

/** Account-level identities of one environment. Names default to "<env>-<persona>" so dev and prod never share a group. */
export const identitySchema = z
  .object({
    admins: principalName.optional(),
    dataEngineers: principalName.optional(),
    dataScientists: principalName.optional(),
    analysts: principalName.optional(),
    /** The service principal CI/CD deploys and runs jobs as. */
    cicdServicePrincipal: principalName.optional(),
  })
  .default({});

export const securitySchema = z
  .object({
    /** Networks of the people allowed to reach the workspace UI and API (IP access list): offices, VPN. */
    ipAccessList: z.array(cidr).min(1, "is empty; with IP access lists on nobody could reach the workspace. Fix: list your office/VPN egress ranges"),
    /**
     * Egress ranges of the runners that plan and deploy (the workflows' `lakehouse-deployer` runners).
     * The workspace IP access list, the Key Vault firewall and the storage firewall admit them beside
     * `ipAccessList`; without them the shipped pipeline locks itself out on its first apply.
     */
    deployerIpRanges: z
      .array(
        cidr.refine((value) => (parseCidr(value)?.prefix ?? 32) >= 8, {
          message: "admits a large part of the internet, which defeats the IP access list. Fix: list the runners' own egress ranges (a NAT gateway's address, a larger runner's static range)",
        }),
        {
          error: (issue) =>
            issue.input === undefined
              ? "is missing: the IP access list and the Key Vault and storage firewalls admit only listed networks, and the deploy pipeline must reach them. Fix: list the egress ranges of the runners that deploy (self-hosted in your network, or GitHub larger runners with static IPs; README, \"Deploying from CI\")"
              : undefined,
        },
      )
      .min(1, "is empty, so the deploy pipeline could not reach the workspace, the Key Vault or the storage account. Fix: list the egress ranges of the runners that deploy (README, \"Deploying from CI\")"),
    maxTokenLifetimeDays: z.number().int().min(1).max(365, "lets tokens live over a year. Fix: use 1-365 (90 is common)").default(90),
    allowResultsDownload: z.boolean().default(false),
    allowNotebookExport: z.boolean().default(false),
    /**
     * Disables legacy access (direct Hive metastore access, fallback mode, runtimes before 13.3 LTS)
     * and legacy DBFS (root and mounts; left on where mounts.enabled).
     */
    disableLegacyFeatures: z.boolean().default(true),
    /** Account-wide audit log delivery to a bucket of this environment (AWS). At most two per account. */
    auditLogDelivery: z.boolean().default(false),
  });

const databricksSchema = z.object({
  accountId: z.uuid({ message: 'is not a Databricks account id. Fix: copy the UUID shown in the account console, e.g. "0d1c2b3a-4e5f-6789-abcd-ef0123456789"' }),
  /** Defaults to ENTERPRISE on AWS (customer-managed keys) and PREMIUM on Azure. */
  pricingTier: z.enum(["PREMIUM", "ENTERPRISE"]).optional(),
  /** Bring your own workspace: configure an existing workspace instead of creating one. */
  existingWorkspaceHost: z
    .url({ protocol: /^https$/, message: 'must be an https URL. Fix: e.g. "https://dbc-1234abcd-5678.cloud.databricks.com"' })
    .optional(),
});

const unityCatalogSchema = z
  .object({
    /** "shared": the blueprint's metastore stack for this account and region; or adopt an existing metastore by id. */
    metastore: z.union([z.literal("shared"), z.object({ existingId: z.uuid({ message: "is not a metastore id. Fix: copy the UUID from the account console (Catalog > Metastores)" }) })]).default("shared"),
    catalogName: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'must be lowercase letters, digits and "_". Fix: e.g. "dev_lakehouse"').optional(),
  })
  .default({ metastore: "shared" });

const secretsSchema = z
  .object({
    /** The environment's secret scope; JDBC credentials and the mount's client secret live here. */
    scope: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'must be letters, digits, ".", "_" or "-". Fix: e.g. "dev-pipelines"').optional(),
  })
  .default({});

const mountsSchema = z
  .object({
    /** Legacy DBFS mounts for teams that still need them (deprecated by Databricks; Unity Catalog is the default). */
    enabled: z.boolean().default(false),
    /** Azure: the service principal that reads the storage account; its secret is read from the secret scope. */
    servicePrincipalClientId: z.uuid({ message: "is not an Entra application (client) id. Fix: copy it from the app registration" }).optional(),
    /** Azure: the object id of that service principal, which is granted read access to the landing container. */
    servicePrincipalObjectId: z.uuid({ message: "is not an Entra object id. Fix: az ad sp show --id <client id> --query id -o tsv" }).optional(),
    secretScope: z.string().optional(),
    secretKey: z.string().default("mount-client-secret"),
  })
  .default({ enabled: false, secretKey: "mount-client-secret" });

const GIT_PROVIDERS = ["gitHub", "gitHubEnterprise", "gitLab", "gitLabEnterpriseEdition", "bitbucketCloud", "bitbucketServer", "azureDevOpsServices", "awsCodeCommit"] as const;

const repositorySchema = z
  .object({
    /** The team repository that holds notebooks/ (https clone URL). */
    url: z.url({ protocol: /^https$/, message: 'must be the repository\'s https clone URL. Fix: e.g. "https://github.com/acme/lakehouse.git"' }),
    provider: z.enum(GIT_PROVIDERS, { message: `is not a Git provider Databricks knows. Fix: use one of ${GIT_PROVIDERS.join(", ")}` }),
    /** Jobs and the shared Git folder follow this branch (a release branch in prod)... */
    branch: z.string().regex(/^[A-Za-z0-9._/-]{1,100}$/, 'is not a branch name. Fix: e.g. "release"').default("main"),
    /** ...or, when set, this tag (pinned releases). */
    tag: z.string().regex(/^[A-Za-z0-9._/-]{1,100}$/, 'is not a tag name. Fix: e.g. "v1.4.0"').optional(),
    /** Developers (workspace user names) who get their own Git folder; dev-like stages only. */
    developers: z.array(z.email({ message: 'is not a workspace user name. Fix: use the user\'s e-mail, e.g. "ana@example.com"' })).default([]),
  });

const jobsSchema = z.object({
  notificationEmails: z.array(z.email({ message: 'is not an e-mail address. Fix: e.g. "data-oncall@example.com"' })).min(1, "is empty; failed runs would go unnoticed. Fix: list the on-call mailbox"),
  /** "file-arrival" starts ingestion when files land; otherwise a Quartz cron expression. */
  ingestionTrigger: z.union([z.literal("file-arrival"), z.string().regex(/^\S+( \S+){5,6}$/, 'is not "file-arrival" or a Quartz cron expression (6-7 fields). Fix: e.g. "0 0/30 * * * ?"')]).default("file-arrival"),
  transformSchedule: z.string().regex(/^\S+( \S+){5,6}$/, 'is not a Quartz cron expression (6-7 fields). Fix: e.g. "0 0 2 * * ?" for 02:00 daily').default("0 0 2 * * ?"),
  trainingSchedule: z.string().regex(/^\S+( \S+){5,6}$/, 'is not a Quartz cron expression. Fix: e.g. "0 0 4 ? * MON"').default("0 0 4 ? * MON"),
  timezone: z.string().default("UTC"),
  /** Source database of the JDBC ingestion (no credentials: those are in the secret scope). Unset: no JDBC task. */
  jdbc: z
    .object({
      url: z.string().regex(/^jdbc:[a-z0-9]+:\/\/[^\s;?]+$/, 'is not a JDBC URL without credentials. Fix: e.g. "jdbc:postgresql://orders-db.internal:5432/olist"'),
      sourceTable: z.string().min(1).default("public.orders"),
      partitionColumn: z.string().min(1).default("order_seq"),
      numPartitions: z.number().int().min(1).max(64).default(8),
    })
    .optional(),
});

/**
 * Where each stack keeps its state. "local" (default) is for trying the blueprint out; teams use S3
 * (native lockfile locking, encrypted) or an Azure storage container (blob lease locking, Entra ID auth).
 */
const stateSchema = z
  .discriminatedUnion("backend", [
    z.object({ backend: z.literal("local") }),
    z.object({
      backend: z.literal("s3"),
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'is not an S3 bucket name. Fix: 3-63 lowercase letters, digits, "." or "-", e.g. "acme-terraform-state"'),
      region: z.enum(AWS_DATABRICKS_REGIONS, { message: `is not a region this blueprint knows. Fix: use one of ${AWS_DATABRICKS_REGIONS.join(", ")}` }),
      keyPrefix: z.string().regex(/^[A-Za-z0-9._/-]+$/, 'is not a key prefix. Fix: e.g. "lakehouse"').default("lakehouse"),
      kmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'is not a KMS key ARN. Fix: e.g. "arn:aws:kms:eu-west-1:123456789012:key/..."').optional(),
    }),
    z.object({
      backend: z.literal("azurerm"),
      resourceGroupName: z.string().min(1),
      storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, 'is not a valid storage account name. Fix: 3-24 lowercase letters and digits'),
      containerName: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'is not a valid container name. Fix: e.g. "tfstate"').default("tfstate"),
      keyPrefix: z.string().regex(/^[A-Za-z0-9._/-]+$/).default("lakehouse"),
    }),
  ], { error: (issue) => (issue.code === "invalid_union" ? 'state.backend must be "local", "s3" or "azurerm". Fix: choose where state lives' : undefined) })
  .default({ backend: "local" });

export type StateConfig = z.output<typeof stateSchema>;

const awsNetworkSchema = z.object({
  vpcCidr: cidr,
  availabilityZones: z.array(z.string()).min(2, "lists fewer than two zones; Databricks requires subnets in at least two. Fix: list two or three zones of the region"),
  /** Bits added to the VPC prefix for each private subnet: /16 + 3 = /19 subnets. */
  privateSubnetNewBits: z.number().int().min(1).max(10).default(3),
  natGatewayPerAz: z.boolean().default(false),
});

const awsSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/, 'is not an AWS account id. Fix: use the 12-digit id, e.g. "123456789012"'),
  region: z.enum(AWS_DATABRICKS_REGIONS, {
    message: `is not an AWS region with Databricks E2 workspaces. Fix: use one of ${AWS_DATABRICKS_REGIONS.join(", ")}`,
  }),
  network: awsNetworkSchema,
});

const azureSchema = z.object({
  subscriptionId: z.uuid({ message: "is not an Azure subscription id. Fix: copy the subscription's UUID" }),
  tenantId: z.uuid({ message: "is not an Entra tenant id. Fix: copy the directory (tenant) UUID" }),
  location: z.enum(AZURE_DATABRICKS_REGIONS, { message: `is not an Azure region with Azure Databricks. Fix: use one of ${AZURE_DATABRICKS_REGIONS.join(", ")}` }),
  /** Object id of the "AzureDatabricks" enterprise application in this tenant (it wraps the managed-services key). */
  databricksEnterpriseAppObjectId: z.uuid({ message: 'is not an object id. Fix: run `az ad sp show --id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query id` and paste the result' }),
  keyVaultName: z
    .string()
    .regex(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, 'is not a valid Key Vault name (3-24 letters, digits and single hyphens, starting with a letter, not ending with a hyphen). Fix: e.g. "kv-lakehouse-dev"'),
  storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, 'is not a valid storage account name (3-24 lowercase letters and digits, globally unique). Fix: e.g. "stlakehousedev01"'),
  network: z.object({
    vnetCidr: cidr,
    /** Bits added to the VNet prefix for the host and container subnets: /22 + 2 = /24 subnets. */
    subnetNewBits: z.number().int().min(1).max(10).default(2),
  }),
});

const commonFields = {
  name,
  stage: z.enum(["dev", "test", "prod"], { message: 'must be "dev", "test" or "prod". Fix: choose the stage this estate serves' }),
  deletionProtection: z.boolean(),
  tags: tagsSchema,
  databricks: databricksSchema,
  identity: identitySchema,
  security: securitySchema,
  unityCatalog: unityCatalogSchema,
  secrets: secretsSchema,
  mounts: mountsSchema,
  repository: repositorySchema,
  jobs: jobsSchema,
  state: stateSchema,
};

type Add = (path: (string | number)[], message: string) => void;
type CommonEnvironment = {
  stage: string;
  repository: z.output<typeof repositorySchema>;
  deletionProtection: boolean;
  compute: z.output<ReturnType<typeof computeSchema>>;
  security: z.output<typeof securitySchema>;
};

/** Rules that hold on every cloud. */
function checkCommon(env: CommonEnvironment, add: Add): void {
  if (env.stage === "prod" && env.repository.developers.length > 0) {
    add(["repository", "developers"], "lists developers in a prod environment; people develop in dev and reach prod through pull requests. Fix: move them to the dev environment's config");
  }
  if (env.stage === "prod" && !env.deletionProtection) {
    add(["deletionProtection"], "is false for a prod environment; its data stores could be destroyed by one apply. Fix: set deletionProtection: true");
  }
  const shared = env.compute.sharedCluster;
  if (shared.minWorkers > shared.maxWorkers) {
    add(["compute", "sharedCluster", "minWorkers"], `(${shared.minWorkers}) is above maxWorkers (${shared.maxWorkers}). Fix: make minWorkers <= maxWorkers`);
  }
  if (shared.maxWorkers > env.compute.policies.shared.maxWorkers) {
    add(["compute", "sharedCluster", "maxWorkers"], `(${shared.maxWorkers}) exceeds the shared policy's cap (${env.compute.policies.shared.maxWorkers}). Fix: lower it or raise compute.policies.shared.maxWorkers`);
  }
  if (shared.autoterminationMinutes !== env.compute.policies.shared.autoterminationMinutes) {
    add(["compute", "sharedCluster", "autoterminationMinutes"], `(${shared.autoterminationMinutes}) differs from the value the shared policy fixes (${env.compute.policies.shared.autoterminationMinutes}). Fix: use the same number in both`);
  }
  for (const [field, value] of [["sharedCluster", shared.nodeType], ["pool", env.compute.pool.nodeType]] as const) {
    if (!env.compute.allowedNodeTypes.includes(value)) {
      add(["compute", field, "nodeType"], `"${value}" is not in compute.allowedNodeTypes, so the policy would reject it. Fix: add it to allowedNodeTypes or pick one listed there`);
    }
  }
  if (env.compute.pool.minIdleInstances > env.compute.pool.maxCapacity) {
    add(["compute", "pool", "minIdleInstances"], `(${env.compute.pool.minIdleInstances}) is above maxCapacity (${env.compute.pool.maxCapacity}). Fix: make minIdleInstances <= maxCapacity`);
  }
}

function checkMounts(env: { mounts: z.output<typeof mountsSchema>; security: z.output<typeof securitySchema>; secrets: z.output<typeof secretsSchema>; name: string }, cloud: Cloud, add: Add): void {
  if (!env.mounts.enabled) return;
  if (cloud === "azure") {
    const scope = env.secrets.scope ?? `${env.name}-pipelines`;
    if (!env.mounts.secretScope) add(["mounts", "secretScope"], `is missing; the mount's client secret must come from a secret scope. Fix: set it to "${scope}" (the environment's scope)`);
    else if (env.mounts.secretScope !== scope) add(["mounts", "secretScope"], `"${env.mounts.secretScope}" is not a scope this environment creates. Fix: use "${scope}"`);
    if (!env.mounts.servicePrincipalClientId) add(["mounts", "servicePrincipalClientId"], "is missing; an ADLS mount authenticates as a service principal. Fix: set the application (client) id");
    if (!env.mounts.servicePrincipalObjectId) add(["mounts", "servicePrincipalObjectId"], "is missing; the mount's service principal must be granted read access to the landing container. Fix: set its object id (az ad sp show --id <client id> --query id -o tsv)");
  }
}

function checkSubnets(network: { cidr: string; newBits: number; blocksNeeded: number; path: (string | number)[]; cidrField: string; bitsField: string; min: number; max: number; minPrefix: number }, add: Add): void {
  const block = parseCidr(network.cidr);
  if (!block) return;
  if (block.prefix < 16 || block.prefix > 24) {
    add([...network.path, network.cidrField], `"${network.cidr}" has a /${block.prefix} prefix; use a /16 to /24 block. Fix: pick a /16 to /24 range`);
  }
  const subnetPrefix = block.prefix + network.newBits;
  if (subnetPrefix < network.min || subnetPrefix > network.max) {
    add([...network.path, network.bitsField], `(${network.newBits}) gives /${subnetPrefix} subnets; Databricks requires /${network.min} to /${network.max}. Fix: choose new bits so that ${block.prefix} + bits is between ${network.min} and ${network.max}`);
  }
  if (network.blocksNeeded > 2 ** network.newBits) {
    add([...network.path, network.bitsField], `(${network.newBits}) splits the range into too few blocks for the ${network.blocksNeeded} subnets needed. Fix: increase it`);
  }
}

export const awsEnvironmentSchema = z
  .object({ ...commonFields, cloud: z.literal("aws"), aws: awsSchema, compute: computeSchema("aws") })
  .superRefine((env, ctx) => {
    const add: Add = (path, message) => ctx.addIssue({ code: "custom", path, message });
    checkCommon(env, add);
    checkMounts(env, "aws", add);
    if ((env.databricks.pricingTier ?? "ENTERPRISE") !== "ENTERPRISE") {
      add(["databricks", "pricingTier"], "cannot use customer-managed keys on AWS, which this blueprint always sets. Fix: use \"ENTERPRISE\"");
    }
    const network = env.aws.network;
    network.availabilityZones.forEach((zone, i) => {
      if (!new RegExp(`^${env.aws.region}[a-z]$`).test(zone)) {
        add(["aws", "network", "availabilityZones", i], `"${zone}" is not a zone of ${env.aws.region}. Fix: use names such as "${env.aws.region}a"`);
      } else if (network.availabilityZones.indexOf(zone) !== i) {
        add(["aws", "network", "availabilityZones", i], `"${zone}" is listed twice; each subnet must be in a different zone. Fix: remove the duplicate`);
      }
    });
    // Blocks 0..n-1 hold private subnets; the last block is carved into small public NAT subnets.
    checkSubnets(
      { cidr: network.vpcCidr, newBits: network.privateSubnetNewBits, blocksNeeded: network.availabilityZones.length + 1, path: ["aws", "network"], cidrField: "vpcCidr", bitsField: "privateSubnetNewBits", min: 17, max: 26, minPrefix: 16 },
      add,
    );
  });

export const azureEnvironmentSchema = z
  .object({ ...commonFields, cloud: z.literal("azure"), azure: azureSchema, compute: computeSchema("azure") })
  .superRefine((env, ctx) => {
    const add: Add = (path, message) => ctx.addIssue({ code: "custom", path, message });
    checkCommon(env, add);
    checkMounts(env, "azure", add);
    if ((env.databricks.pricingTier ?? "PREMIUM") !== "PREMIUM") {
      add(["databricks", "pricingTier"], 'must be "PREMIUM" on Azure (the premium SKU carries customer-managed keys, Unity Catalog and IP access lists). Fix: use "PREMIUM"');
    }
    // Host and container subnets, each delegated to Databricks.
    checkSubnets(
      { cidr: env.azure.network.vnetCidr, newBits: env.azure.network.subnetNewBits, blocksNeeded: 2, path: ["azure", "network"], cidrField: "vnetCidr", bitsField: "subnetNewBits", min: 18, max: 26, minPrefix: 16 },
      add,
    );
  });

/** Fills identity names that config left out with "<env>-<persona>". */
function withIdentities<T extends { name: string; identity: z.output<typeof identitySchema> }>(env: T) {
  const named = (persona: string) => `${env.name}-${persona}`;
  const { identity } = env;
  return {
    ...env,
    groups: {
      admins: identity.admins ?? named("platform-admins"),
      dataEngineers: identity.dataEngineers ?? named("data-engineers"),
      dataScientists: identity.dataScientists ?? named("data-scientists"),
      analysts: identity.analysts ?? named("analysts"),
    },
    cicdServicePrincipal: identity.cicdServicePrincipal ?? named("cicd"),
  };
}

/** Adds the derived names: identities, the secret scope and the catalog. */
function withDerivedNames<T extends { name: string; identity: z.output<typeof identitySchema>; secrets: z.output<typeof secretsSchema>; unityCatalog: z.output<typeof unityCatalogSchema> }>(env: T) {
  return {
    ...withIdentities(env),
    secretScope: env.secrets.scope ?? `${env.name}-pipelines`,
    catalogName: env.unityCatalog.catalogName ?? `${env.name.replace(/-/g, "_")}_lakehouse`,
  };
}

export type AwsEnvironment = ReturnType<typeof withDerivedNames<z.output<typeof awsEnvironmentSchema>>>;
export type AzureEnvironment = ReturnType<typeof withDerivedNames<z.output<typeof azureEnvironmentSchema>>>;
export type Environment = AwsEnvironment | AzureEnvironment;
export type AwsEnvironmentInput = z.input<typeof awsEnvironmentSchema>;
export type AzureEnvironmentInput = z.input<typeof azureEnvironmentSchema>;
export type EnvironmentInput = AwsEnvironmentInput | AzureEnvironmentInput;

/** The network range of an environment (VPC or VNet), kept apart from every other environment's. */
export const networkCidr = (env: Environment): string => (env.cloud === "aws" ? env.aws.network.vpcCidr : env.azure.network.vnetCidr);
const networkPath = (env: Environment) => (env.cloud === "aws" ? ["aws", "network", "vpcCidr"] : ["azure", "network", "vnetCidr"]);
/** Where the environment runs: the region its metastore must be in. */
export const regionOf = (env: Environment): string => (env.cloud === "aws" ? env.aws.region : env.azure.location);

const environmentSchema = z.discriminatedUnion("cloud", [awsEnvironmentSchema, azureEnvironmentSchema], {
  error: (issue) => (issue.code === "invalid_union" ? 'cloud must be "aws" or "azure". Fix: set cloud to the cloud this environment runs on' : undefined),
});

export const environmentsSchema = z.array(environmentSchema.transform((env) => withDerivedNames(env) as Environment)).superRefine((envs, ctx) => {
  envs.forEach((env, i) => {
    const firstIndex = envs.findIndex((other) => other.name === env.name);
    if (firstIndex !== i) {
      ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${env.name}" is already used by environment ${firstIndex}; stack names would collide. Fix: give each environment a unique name` });
    }
    // Environments are kept routable to each other (peering, transit) so their VPCs must not overlap.
    const mine = parseCidr(networkCidr(env));
    envs.slice(0, i).forEach((other) => {
      const theirs = parseCidr(networkCidr(other));
      if (mine && theirs && overlaps(mine, theirs)) {
        ctx.addIssue({
          code: "custom",
          path: [i, ...networkPath(env)],
          message: `"${networkCidr(env)}" overlaps ${other.name}'s network "${networkCidr(other)}". Fix: give each environment its own range, e.g. 10.20.0.0/16 and 10.30.0.0/16`,
        });
      }
    });
  });
  // Databricks accepts at most two audit log delivery configurations per account.
  const deliveriesByAccount = new Map<string, string[]>();
  envs.forEach((env) => {
    if (env.security.auditLogDelivery) deliveriesByAccount.set(env.databricks.accountId, [...(deliveriesByAccount.get(env.databricks.accountId) ?? []), env.name]);
  });
  envs.forEach((env, i) => {
    const names = deliveriesByAccount.get(env.databricks.accountId) ?? [];
    if (names.length > 2 && names.indexOf(env.name) >= 2) {
      ctx.addIssue({
        code: "custom",
        path: [i, "security", "auditLogDelivery"],
        message: `is the third audit log delivery in Databricks account ${env.databricks.accountId} (${names.join(", ")}); the account allows two. Fix: deliver account-wide from one environment and set auditLogDelivery: false elsewhere`,
      });
    }
  });
});
