import { z } from "zod";
import { cidrProblem, parseAddressOrCidr } from "./cidr";
import { nodeTypeProblem, type Cloud } from "./node-types";
import { runtimeProblem } from "./runtimes";
import { quartzCronProblem } from "./cron";
import { timeZoneProblem } from "./time-zones";
import { resourceGroupNameProblem, s3BucketNameProblem } from "./cloud-names";
import { AWS_DATABRICKS_REGIONS, AZURE_DATABRICKS_REGIONS, REGION_MESSAGES } from "./regions";
import { checkAzureFirewallRanges, checkCommon, checkMounts } from "./rules/environment";
import { checkAwsNetwork, checkAzureNetwork, checkAzurePrivateConnectivity } from "./rules/networks";
import { checkServerlessEgress } from "./rules/serverless-egress";
import { checkAcrossEnvironments } from "./rules/cross-environment";
import { deliverAuditLogsOncePerAccount } from "./rules/audit-log-delivery";
import { checkPlaceholders } from "./rules/placeholders";
import type { AddProblem } from "./rules/problem";
import { withDerivedNames } from "./derived-names";
import { metastoreSchema } from "./metastore";
import { baselineSwitch, ProdBaseline, reasonSchema, switchedOffSchema, type ResolvedSecurity } from "./prod-baseline";
import { checkProdBaseline } from "./rules/prod-baseline";
import { checkProd } from "./rules/prod";
import { checkRepositoryHost } from "./rules/repository";
import { checkObjectIds } from "./rules/object-ids";
import { checkBucketNames } from "./rules/bucket-names";

export { networkCidr, regionOf } from "./placement";

// Every refinement message says what is wrong and ends with "Fix: ..."; the formatter in
// ./errors adds the field path and the offending value. Every object is strict: an unknown (say,
// misspelled) field is an error naming the nearest known one, never silently dropped.

/** A string checked by `problem`, which gives undefined when the value is fine, else the reason and fix. */
const checked = (problem: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  });

const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,14}$/, 'must be 2-15 lowercase letters, digits or "-", starting with a letter. Fix: use a short name such as "dev" or "prod-eu"');

const cidr = checked((value) => cidrProblem(value));
/** IP access lists and firewalls take a CIDR block or a single address. */
const ipRange = checked((value) => cidrProblem(value, true));

function nodeType(cloud: Cloud) {
  return checked((value) => nodeTypeProblem(cloud, value));
}

function runtime(kind: "standard" | "ml") {
  return checked((value) => runtimeProblem(value, kind));
}

const autoterminationMinutes = z
  .number()
  .int()
  .min(10, "is below 10 minutes; clusters would stop mid-session. Fix: use 10-120")
  .max(120, "is above 120 minutes; idle clusters burn money. Fix: use 10-120");

const workerCount = z.number().int().min(0, "cannot be negative. Fix: use 0 or more").max(200, "is above 200 workers. Fix: cap clusters at 200 workers or raise this limit deliberately in config/schema.ts");

// Tag values as AWS and Databricks cluster tags accept them: letters, digits, spaces and _ . : / = + - @
// (AWS "Tag naming limits and requirements"); no space at either end, which cost reports would keep.
const tagValue = (length: string, example: string) =>
  z
    .string()
    .regex(new RegExp(`^(?! )[\\p{L}\\p{N} _.:/=+@-]{${length}}(?<! )$`, "u"), `must be ${length.replace(",", "-")} letters, digits, spaces or _.:/=+-@, without a space at either end. Fix: e.g. "${example}"`);

export const tagsSchema = z.strictObject({
  owner: tagValue("2,64", "data-platform"),
  costCenter: tagValue("2,32", "cc-1234"),
});

const policyLimitsSchema = z.strictObject({
  maxWorkers: workerCount,
  maxDbuPerHour: z.number().positive("must be positive. Fix: set the hourly DBU ceiling, e.g. 20"),
});

// SQL warehouse sizes (SQL Warehouses API, cluster_size).
export const WAREHOUSE_SIZES = ["2X-Small", "X-Small", "Small", "Medium", "Large", "X-Large", "2X-Large", "3X-Large", "4X-Large"] as const;

const sqlWarehouseSchema = z
  .strictObject({
    clusterSize: z.enum(WAREHOUSE_SIZES, { message: `is not a SQL warehouse size. Fix: use one of ${WAREHOUSE_SIZES.join(", ")}` }).default("2X-Small"),
    /** Clusters the warehouse scales between as queries queue (SQL Warehouses API allows 1-40). */
    minClusters: z.number().int().min(1, "must be at least 1. Fix: use 1").max(40, "is above the 40 clusters a warehouse may have. Fix: use 1-40").default(1),
    maxClusters: z.number().int().min(1, "must be at least 1. Fix: use 1-40").max(40, "is above the 40 clusters a warehouse may have. Fix: use 1-40").default(1),
    autoStopMinutes: z.number().int().min(5, "stops a warehouse under 5 minutes idle, which restarts it between queries. Fix: use 5-120").max(120, "keeps an idle warehouse over 2 hours. Fix: use 5-120").default(10),
  })
  .default({ clusterSize: "2X-Small", minClusters: 1, maxClusters: 1, autoStopMinutes: 10 });

export const computeSchema = (cloud: Cloud) =>
  z.strictObject({
    sparkVersion: runtime("standard").default("16.4.x-scala2.12"),
    mlSparkVersion: runtime("ml").default("16.4.x-cpu-ml-scala2.12"),
    allowedNodeTypes: z.array(nodeType(cloud)).min(1, "is empty. Fix: list at least one node type clusters may use"),
    sharedCluster: z.strictObject({
      nodeType: nodeType(cloud),
      minWorkers: workerCount,
      maxWorkers: workerCount,
      autoterminationMinutes,
      photon: z.boolean().default(true),
      spotBidPricePercent: z.number().int().min(1).max(100).default(100),
    }),
    pool: z.strictObject({
      nodeType: nodeType(cloud),
      minIdleInstances: z.number().int().min(0).max(20, "keeps over 20 idle instances. Fix: use 0-20"),
      maxCapacity: z.number().int().min(1).max(500),
      idleAutoterminationMinutes: z.number().int().min(1).max(60, "keeps idle instances over an hour. Fix: use 1-60"),
    }),
    /** The environment's serverless SQL warehouse (analysts' SQL, the audit alerts). */
    sqlWarehouse: sqlWarehouseSchema,
    policies: z.strictObject({
      jobs: policyLimitsSchema,
      shared: policyLimitsSchema.extend({ autoterminationMinutes }),
      personal: policyLimitsSchema.extend({ autoterminationMinutes }),
    }),
  });

const principalName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{1,62}$/, 'must be 2-63 letters, digits, space, ".", "_" or "-". Fix: e.g. "dev-data-engineers"');

/** Account-level identities of one environment. Names default to "<env>-<persona>" so dev and prod never share a group. */
export const identitySchema = z
  .strictObject({
    admins: principalName.optional(),
    dataEngineers: principalName.optional(),
    dataScientists: principalName.optional(),
    analysts: principalName.optional(),
    /** Reads the audit, billing and compute system tables; nothing else. */
    auditors: principalName.optional(),
    /** The service principal CI/CD deploys and runs jobs as. */
    cicdServicePrincipal: principalName.optional(),
  })
  .default({});

// A host name as serverless egress policies take it (Databricks "Manage network policies for serverless
// egress control": internet destinations of type DNS_NAME): labels of letters, digits and "-", no scheme,
// port, path or wildcard.
const dnsName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'is not a DNS name (lowercase labels separated by ".", no scheme, port, path or wildcard). Fix: e.g. "pypi.org"');

/**
 * Serverless egress: with `enabled`, the workspace is bound to its region's network connectivity
 * configuration (NCC; on Azure with private endpoints to the lakehouse storage account) and to a
 * network policy in restricted mode, so serverless compute reaches only Unity Catalog locations, the
 * lakehouse storage and `allowedDomains`. NCCs and policies are free; Azure endpoint rules are billed.
 */
const serverlessEgressSchema = z
  .strictObject({
    /** Unset: on in prod (the prod baseline, ./prod-baseline), off elsewhere. */
    enabled: z.boolean().optional(),
    /** Why a prod environment does without it: with enabled: false, the prod baseline's way to turn it off. */
    reason: reasonSchema.optional(),
    /** Internet destinations serverless compute may reach beyond the lakehouse (package indexes, APIs). */
    allowedDomains: z.array(dnsName).default([]),
    /** Log what the policy would block without blocking it (enforcement mode DRY_RUN); for a first rollout. */
    dryRun: z.boolean().default(false),
  })
  .prefault({});
// Settings API enums (databricks-sdk-go service/settings: ComplianceStandard, MaintenanceWindowWeekDayFrequency).
export const COMPLIANCE_STANDARDS = ["HIPAA", "PCI_DSS", "FEDRAMP_MODERATE", "FEDRAMP_HIGH", "FEDRAMP_IL5", "IRAP_PROTECTED", "ITAR_EAR", "CYBER_ESSENTIAL_PLUS", "CANADA_PROTECTED_B", "HITRUST", "ISMAP", "K_FSI", "GERMANY_C5", "GERMANY_TISAX"] as const;
const WEEK_DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;
const WINDOW_FREQUENCIES = ["EVERY_WEEK", "FIRST_OF_MONTH", "SECOND_OF_MONTH", "THIRD_OF_MONTH", "FOURTH_OF_MONTH", "FIRST_AND_THIRD_OF_MONTH", "SECOND_AND_FOURTH_OF_MONTH"] as const;

/** When clusters may be restarted for updates: a weekday, how often, and the start (workspace time zone). */
const maintenanceWindowSchema = z.strictObject({
  dayOfWeek: z.enum(WEEK_DAYS, { message: `is not a day of the week. Fix: use one of ${WEEK_DAYS.join(", ")}` }),
  frequency: z.enum(WINDOW_FREQUENCIES, { message: `is not a maintenance frequency. Fix: use one of ${WINDOW_FREQUENCIES.join(", ")}` }).default("EVERY_WEEK"),
  startHour: z.number().int().min(0, "must be 0-23. Fix: e.g. 2 for 02:00").max(23, "must be 0-23. Fix: e.g. 2 for 02:00"),
  startMinute: z.number().int().min(0).max(59).default(0),
});

export const securitySchema = z.strictObject({
  /** Networks of the people allowed to reach the workspace UI and API (IP access list): offices, VPN. Single addresses or CIDR blocks. */
  ipAccessList: z.array(ipRange).min(1, "is empty; with IP access lists on nobody could reach the workspace. Fix: list your office/VPN egress ranges"),
  /**
   * Egress ranges of the runners that plan and deploy (the workflows' `lakehouse-deployer` runners).
   * The workspace IP access list, the Key Vault firewall and the storage firewall admit them beside
   * `ipAccessList` (the firewalls only while the vault and storage are public, see
   * azure.network.privateConnectivity); without them the shipped pipeline locks itself out on its first apply.
   */
  deployerIpRanges: z
    .array(
      ipRange.refine((value) => (parseAddressOrCidr(value)?.prefix ?? 32) >= 8, {
        message: "admits a large part of the internet, which defeats the IP access list. Fix: list the runners' own egress ranges (a NAT gateway's address, a larger runner's static range)",
      }),
      {
        error: (issue) =>
          issue.input === undefined
            ? "is missing: the IP access list and the Key Vault and storage firewalls admit only listed networks, and the deploy pipeline must reach them. Fix: list the egress ranges of the runners that deploy (self-hosted in your network, or GitHub larger runners with static IPs; docs/ci-and-bootstrap.md, \"The deploy runners\")"
            : undefined,
      },
    )
    .min(1, "is empty, so the deploy pipeline could not reach the workspace, the Key Vault or the storage account. Fix: list the egress ranges of the runners that deploy (docs/ci-and-bootstrap.md, \"The deploy runners\")"),
  maxTokenLifetimeDays: z.number().int().min(1).max(365, "lets tokens live over a year. Fix: use 1-365 (90 is common)").default(90),
  allowResultsDownload: z.boolean().default(false),
  allowNotebookExport: z.boolean().default(false),
  /**
   * Disables legacy access (direct Hive metastore access, fallback mode, runtimes before 13.3 LTS)
   * and legacy DBFS (root and mounts; left on where mounts.enabled).
   */
  disableLegacyFeatures: z.boolean().default(true),
  /**
   * Account-wide audit log delivery to a bucket of this environment (AWS). At most two per account.
   * Unset: the account's first prod environment delivers (the prod baseline, once per account).
   */
  auditLogDelivery: baselineSwitch,
  /**
   * Compliance security profile (hardened images, FIPS endpoints, automatic cluster update and
   * enhanced security monitoring forced on); cannot be switched off again once on. Databricks docs,
   * "Compliance security profile". `complianceStandards` names the standards it is there for.
   */
  complianceSecurityProfile: z.boolean().default(false),
  complianceStandards: z.array(z.enum(COMPLIANCE_STANDARDS, { message: `is not a compliance standard Databricks knows. Fix: use one of ${COMPLIANCE_STANDARDS.join(", ")}` })).default([]),
  /** Enhanced security monitoring: hardened-image agents (antivirus, file integrity, vulnerability scans) whose findings reach the audit log. Unset: on in prod. */
  enhancedSecurityMonitoring: baselineSwitch,
  /**
   * Automatic cluster update: restarts classic compute in this maintenance window to apply image
   * updates. Unset: in prod Databricks' default window (first Sunday of the month, 01:00), elsewhere
   * the setting is left alone; { enabled: false, reason } turns it off in prod.
   */
  automaticClusterUpdate: z
    .union([maintenanceWindowSchema, switchedOffSchema], {
      error: (issue) => (issue.code === "invalid_union" ? 'must be a maintenance window or { enabled: false, reason: "..." }. Fix: e.g. { dayOfWeek: "SUNDAY", startHour: 2 }' : undefined),
    })
    .optional(),
  /** Restrict workspace admins: admins may not create tokens for others nor set a job's run-as to anyone but themselves. Unset: on in prod. */
  restrictWorkspaceAdmins: baselineSwitch,
  serverlessEgress: serverlessEgressSchema,
});

/** A Databricks workspace id: a positive integer of up to 19 digits (int64), written as a string. */
const WORKSPACE_ID = /^[1-9][0-9]{0,18}$/;

const databricksSchema = z
  .strictObject({
    accountId: z.uuid({ message: 'is not a Databricks account id. Fix: copy the UUID shown in the account console, e.g. "0d1c2b3a-4e5f-6789-abcd-ef0123456789"' }),
    /** Defaults to ENTERPRISE on AWS (customer-managed keys) and PREMIUM on Azure. */
    pricingTier: z.enum(["PREMIUM", "ENTERPRISE"]).optional(),
    /** Bring your own workspace: configure an existing workspace instead of creating one. */
    existingWorkspaceHost: z
      .url({ protocol: /^https$/, message: 'must be an https URL. Fix: e.g. "https://dbc-1234abcd-5678.cloud.databricks.com"' })
      .optional(),
    /**
     * The numeric id of that existing workspace, as a string of digits (ids can exceed what a JSON
     * number holds exactly). The audit alerts keep only this workspace's events of the account-wide
     * audit table; no provider data source returns the current workspace's id, so config gives it.
     */
    existingWorkspaceId: z
      .string()
      .regex(WORKSPACE_ID, 'is not a workspace id. Fix: copy the digits after "?o=" in the workspace URL, or the number in the account console\'s workspace list, e.g. "1234567890123456"')
      .optional(),
  })
  .superRefine((databricks, ctx) => {
    if (databricks.existingWorkspaceHost !== undefined && databricks.existingWorkspaceId === undefined) {
      ctx.addIssue({ code: "custom", path: ["existingWorkspaceId"], message: `is missing for the existing workspace ${databricks.existingWorkspaceHost}; its audit alerts must keep only its own events of the account-wide audit table, and the blueprint cannot look the id up. Fix: set existingWorkspaceId to the digits after "?o=" in the workspace URL, e.g. "1234567890123456"` });
    }
    if (databricks.existingWorkspaceId !== undefined && databricks.existingWorkspaceHost === undefined) {
      ctx.addIssue({ code: "custom", path: ["existingWorkspaceId"], message: "is set but existingWorkspaceHost is not; the blueprint creates this environment's workspace and knows its id. Fix: remove existingWorkspaceId, or set existingWorkspaceHost to bring your own workspace" });
    }
  });

const unityCatalogSchema = z.strictObject(
  {
    /** Create the region's metastore ({ mode: "create" }) or adopt the one there ({ mode: "adopt", id }); ./metastore. */
    metastore: metastoreSchema,
    /** Unique in the metastore; defaults to "<env>_lakehouse". */
    catalogName: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'must be lowercase letters, digits and "_". Fix: e.g. "dev_lakehouse"').optional(),
  },
  {
    error: (issue) =>
      issue.input === undefined
        ? 'is missing: unityCatalog.metastore says whether the blueprint creates the region\'s metastore or adopts the one there. Fix: add unityCatalog: { metastore: { mode: "create" } } or { metastore: { mode: "adopt", id: "<metastore id>" } } (npm run preflight:metastore tells which)'
        : undefined,
  },
);

// Secret scope names and secret key names (Databricks "Secret management"): letters, digits, "-", "_"
// and ".", at most 128.
const SECRET_NAME = /^[A-Za-z0-9._-]{1,128}$/;
const scopeName = z.string().regex(SECRET_NAME, 'must be 1-128 letters, digits, ".", "_" or "-". Fix: e.g. "dev-pipelines"');

const secretsSchema = z
  .strictObject({
    /** The environment's secret scope; JDBC credentials and the mount's client secret live here. */
    scope: scopeName.optional(),
  })
  .default({});

const mountsSchema = z
  .strictObject({
    /** Legacy DBFS mounts for teams that still need them (deprecated by Databricks; Unity Catalog is the default). */
    enabled: z.boolean().default(false),
    /** Azure: the service principal that reads the storage account; its secret is read from the secret scope. */
    servicePrincipalClientId: z.uuid({ message: "is not an Entra application (client) id. Fix: copy it from the app registration" }).optional(),
    /** Azure: the object id of that service principal, which is granted read access to the landing container. */
    servicePrincipalObjectId: z.uuid({ message: "is not an Entra object id. Fix: az ad sp show --id <client id> --query id -o tsv" }).optional(),
    secretScope: scopeName.optional(),
    /** The NAME of the key in the secret scope that holds the service principal's client secret (never the secret). */
    secretKey: z
      .string()
      .min(1, 'is empty; the mount reads its client secret from this key of the secret scope. Fix: name the key, e.g. "mount-client-secret"')
      .max(128, 'is longer than a secret key name may be (128). Fix: e.g. "mount-client-secret"')
      .regex(/^[A-Za-z0-9._-]*$/, 'is not a secret key name (1-128 letters, digits, ".", "_" or "-"). Fix: e.g. "mount-client-secret"')
      .default("mount-client-secret"),
  })
  .default({ enabled: false, secretKey: "mount-client-secret" });

const GIT_PROVIDERS = ["gitHub", "gitHubEnterprise", "gitLab", "gitLabEnterpriseEdition", "bitbucketCloud", "bitbucketServer", "azureDevOpsServices", "awsCodeCommit"] as const;

const repositorySchema = z.strictObject({
  /** The team repository that holds notebooks/ (https clone URL, without credentials). */
  url: z.url({ protocol: /^https$/, message: 'must be the repository\'s https clone URL. Fix: e.g. "https://github.com/acme/lakehouse.git"' }),
  provider: z.enum(GIT_PROVIDERS, { message: `is not a Git provider Databricks knows. Fix: use one of ${GIT_PROVIDERS.join(", ")}` }),
  /** Jobs and the shared Git folder follow this branch (a release branch in prod)... */
  branch: z.string().regex(/^[A-Za-z0-9._/-]{1,100}$/, 'is not a branch name. Fix: e.g. "release"').default("main"),
  /** ...or, when set, this tag (pinned releases). */
  tag: z.string().regex(/^[A-Za-z0-9._/-]{1,100}$/, 'is not a tag name. Fix: e.g. "v1.4.0"').optional(),
  /** Developers (workspace user names) who get their own Git folder; dev-like stages only. */
  developers: z.array(z.email({ message: 'is not a workspace user name. Fix: use the user\'s e-mail, e.g. "ana@example.com"' })).default([]),
});

const quartzCron = checked(quartzCronProblem);

const jobsSchema = z.strictObject({
  notificationEmails: z.array(z.email({ message: 'is not an e-mail address. Fix: e.g. "data-oncall@example.com"' })).min(1, "is empty; failed runs would go unnoticed. Fix: list the on-call mailbox"),
  /** "file-arrival" starts ingestion when files land; otherwise a Quartz cron expression. */
  ingestionTrigger: checked((value) => (value === "file-arrival" ? undefined : quartzCronProblem(value)?.replace(/^/, 'is not "file-arrival" and ')))
    .default("file-arrival"),
  transformSchedule: quartzCron.default("0 0 2 * * ?"),
  trainingSchedule: quartzCron.default("0 0 4 ? * MON"),
  /** Time zone of the schedules: an IANA name such as "Europe/Berlin", or "UTC". */
  timezone: checked(timeZoneProblem).default("UTC"),
  /** Source database of the JDBC ingestion (no credentials: those are in the secret scope). Unset: no JDBC task. */
  jdbc: z
    .strictObject({
      // Any driver's URL, query or property parameters included (?sslmode=require, ;encrypt=true);
      // credentials in it are refused by the secret scan (./secrets).
      url: z.string().regex(/^jdbc:[a-z][a-z0-9]*:\S+$/, 'is not a JDBC URL. Fix: e.g. "jdbc:postgresql://orders-db.internal:5432/olist" or "jdbc:sqlserver://orders-db:1433;databaseName=olist;encrypt=true"'),
      sourceTable: z.string().min(1).default("public.orders"),
      partitionColumn: z.string().min(1).default("order_seq"),
      numPartitions: z.number().int().min(1).max(64).default(8),
    })
    .optional(),
});

const email = z.email({ message: 'is not an e-mail address. Fix: e.g. "security-oncall@example.com"' });

/** The audit alerts (notebooks/detections/*.sql) as this environment runs them. */
const auditSchema = z
  .strictObject({
    /** Who is mailed when a detection fires; defaults to jobs.notificationEmails (the on-call mailbox). */
    alertEmails: z.array(email).min(1, "is empty; a detection that fires would reach nobody. Fix: list the security on-call mailbox, or leave the field out to use jobs.notificationEmails").optional(),
    /** When the alerts run (Quartz cron, in jobs.timezone); hourly by default. */
    schedule: quartzCron.default("0 0 * * * ?"),
    /** The window each run looks back over, in minutes: longer than the schedule, since audit events reach the system table with a delay. */
    lookbackMinutes: z.number().int().min(60, "is under an hour; audit events can reach system.access.audit later than that and be missed. Fix: use 60-10080 (1440 is a day)").max(10080, "is over a week. Fix: use 60-10080").default(1440),
    /** Identities besides the CI/CD principal expected to read secrets (application ids or user names). */
    allowedSecretReaders: z.array(z.string().regex(/^[A-Za-z0-9@._-]{1,128}$/, 'is not an application id or user name. Fix: e.g. "0e6d1f43-7f4b-4f0c-9a55-2a3a0c7e2d11"')).default([]),
  })
  .default({ schedule: "0 0 * * * ?", lookbackMinutes: 1440, allowedSecretReaders: [] });

/** The environment's monthly budget (account console, Usage > Budgets), by its cost tags. */
const costsSchema = z.strictObject({
  monthlyBudgetUsd: z.number().positive("must be positive. Fix: the monthly list-price spend in USD the environment may reach, e.g. 2000"),
  /** Percentages of the budget at which the owner is mailed, ascending. */
  alertAtPercent: z.array(z.number().int().min(1, "must be 1-200. Fix: e.g. [50, 80, 100]").max(200, "must be 1-200. Fix: e.g. [50, 80, 100]")).min(1, "is empty; the budget would mail nobody. Fix: e.g. [80, 100]").default([80, 100]),
  /** The owner's mailbox, mailed at each threshold. */
  ownerEmails: z.array(email).min(1, 'is empty; budget alerts would reach nobody. Fix: list the owning team\'s mailbox, e.g. "data-platform@example.com"'),
});

const keyPrefix = z.string().regex(/^[A-Za-z0-9._/-]+$/, 'is not a key prefix (letters, digits, ".", "_", "/" or "-"). Fix: e.g. "lakehouse"').default("lakehouse");

/**
 * Where each stack keeps its state. "local" (default) is for trying the blueprint out; teams use S3
 * (native lockfile locking, encrypted) or an Azure storage container (blob lease locking, Entra ID auth).
 */
const stateSchema = z
  .discriminatedUnion(
    "backend",
    [
      z.strictObject({ backend: z.literal("local") }),
      z.strictObject({
        backend: z.literal("s3"),
        bucket: checked(s3BucketNameProblem),
        region: z.enum(AWS_DATABRICKS_REGIONS, { message: `is not a region this blueprint knows. Fix: use one of ${AWS_DATABRICKS_REGIONS.join(", ")}` }),
        keyPrefix,
        kmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'is not a KMS key ARN. Fix: e.g. "arn:aws:kms:eu-west-1:123456789012:key/..."').optional(),
      }),
      z.strictObject({
        backend: z.literal("azurerm"),
        resourceGroupName: checked(resourceGroupNameProblem),
        storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, "is not a valid storage account name. Fix: 3-24 lowercase letters and digits"),
        containerName: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'is not a valid container name. Fix: e.g. "tfstate"').default("tfstate"),
        keyPrefix,
      }),
    ],
    { error: (issue) => (issue.code === "invalid_union" ? 'state.backend must be "local", "s3" or "azurerm". Fix: choose where state lives' : undefined) },
  )
  .default({ backend: "local" });

export type StateConfig = z.output<typeof stateSchema>;

const port = z.number().int().min(1, "is below 1. Fix: use a TCP port 1-65535").max(65535, "is above 65535. Fix: use a TCP port 1-65535");

/** One egress rule: a single `port` or a `fromPort`-`toPort` range (config/rules/networks.ts checks the form and the width of `cidr`). */
const allowedEgressRule = z.strictObject({
  cidr,
  port: port.optional(),
  fromPort: port.optional(),
  toPort: port.optional(),
  protocol: z.literal("tcp", { message: 'is not "tcp"; only TCP egress can be added. Fix: set protocol: "tcp"' }).default("tcp"),
  // AWS accepts these characters in a security group rule description, up to 255 (EC2 API, IpRange.Description).
  description: z
    .string()
    .min(1, "is empty; say what the rule reaches. Fix: e.g. \"orders database (PostgreSQL)\"")
    .max(255, "is longer than the 255 characters AWS allows. Fix: shorten it")
    .regex(/^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/, "has a character AWS refuses in a rule description. Fix: use letters, digits, spaces and . _-:/()#,@[]+=&;{}!$*"),
});

const awsNetworkSchema = z.strictObject({
  vpcCidr: cidr,
  availabilityZones: z.array(z.string()).min(2, "lists fewer than two zones; Databricks requires subnets in at least two. Fix: list two or three zones of the region"),
  /** Bits added to the VPC prefix for each private subnet: /16 + 3 = /19 subnets. */
  privateSubnetNewBits: z.number().int().min(1).max(10).default(3),
  natGatewayPerAz: z.boolean().default(false),
  /**
   * AWS PrivateLink to the Databricks control plane (Databricks docs, "Configure classic private
   * connectivity to Databricks" and "Configure inbound (front-end) private connectivity"). Off by
   * default: interface endpoints are billed per zone and hour (docs/private-connectivity.md).
   */
  privateConnectivity: z
    .strictObject({
      /**
       * Back-end: cluster nodes reach the workspace REST API and the secure cluster connectivity relay
       * through interface endpoints; the workspace security group's egress stays inside the VPC. Unset: on in prod.
       */
      backEnd: baselineSwitch,
      /** Front-end: users and deployers reach the workspace through an endpoint in a transit VPC of this range (peered or attached to the corporate network). Needs backEnd. */
      frontEnd: z.strictObject({ transitVpcCidr: cidr }).optional(),
      /** Prefix length of each endpoint subnet (one per zone, carved from the VPC's last block): AWS allows /16-/28. */
      endpointSubnetPrefix: z.number().int().min(16, "is below /16, larger than any VPC. Fix: use 26-28").max(28, "is above /28, the smallest subnet AWS allows. Fix: use 26-28").default(27),
      /** false rejects every connection from the public internet; Databricks allows it only with both back-end and front-end. */
      publicAccessEnabled: z.boolean().default(true),
      /**
       * With back-end on, extra egress of the workspace security group beyond the VPC and S3: sources
       * and mirrors the lockdown would cut off (a JDBC database in another network, a package mirror).
       * Each a TCP range to a CIDR no wider than a /8 (config/rules/networks.ts refuses 0.0.0.0/0).
       */
      allowedEgress: z.array(allowedEgressRule).default([]),
    })
    .prefault({}),
});

const awsSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, 'is not an AWS account id. Fix: use the 12-digit id, e.g. "123456789012"'),
  region: z.enum(AWS_DATABRICKS_REGIONS, { message: REGION_MESSAGES.aws }),
  network: awsNetworkSchema,
});

// An Azure Resource Manager virtual network id (the "Resource ID" a VNet's JSON view shows).
const vnetId = z
  .string()
  .regex(
    /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w._()]{1,90}\/providers\/Microsoft\.Network\/virtualNetworks\/[-\w.]{2,64}$/,
    'is not a virtual network\'s resource id. Fix: copy it from `az network vnet show -g <group> -n <vnet> --query id -o tsv`, e.g. "/subscriptions/<uuid>/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"',
  );

/**
 * Private Link on Azure (Azure Databricks "Enable Azure Private Link back-end and front-end
 * connections"; Azure Private Link "Private endpoint DNS" for the zones). All off: the dev default,
 * no endpoint billed. Rules across fields (front-end needs back-end, the subnet fits the VNet) are in
 * ./rules/networks.
 */
const azurePrivateConnectivitySchema = z
  .strictObject({
    /** Clusters reach the control plane through a databricks_ui_api private endpoint in the VNet (no Databricks-managed NSG rules). Unset: on in prod. */
    backEnd: baselineSwitch,
    /** The workspace UI and API take no public traffic: users and the deploy pipeline come through the same endpoint (plus browser_authentication for SSO). */
    frontEnd: z.boolean().default(false),
    /** Private endpoints for the lakehouse storage account (dfs, blob) and the Key Vault; public network access off on both. */
    storageAndKeyVault: z.boolean().default(false),
    /** Subnet of the VNet for the private endpoints: outside the host and container subnets, at least a /28. */
    endpointSubnetCidr: cidr.optional(),
    /**
     * Further VNets linked to the private DNS zones (the deploy runners' network, a hub): from there the
     * workspace, vault and storage names resolve to the private endpoints. Peering is the team's own.
     */
    dnsLinkedVnetIds: z.array(vnetId).default([]),
  })
  .prefault({});

const azureSchema = z.strictObject({
  subscriptionId: z.uuid({ message: "is not an Azure subscription id. Fix: copy the subscription's UUID" }),
  tenantId: z.uuid({ message: "is not an Entra tenant id. Fix: copy the directory (tenant) UUID" }),
  location: z.enum(AZURE_DATABRICKS_REGIONS, { message: REGION_MESSAGES.azure }),
  /** Object id of the "AzureDatabricks" enterprise application in this tenant (it wraps the managed-services key). */
  databricksEnterpriseAppObjectId: z.uuid({ message: 'is not an object id. Fix: run `az ad sp show --id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query id` and paste the result' }),
  /** Globally unique across Azure. */
  keyVaultName: z
    .string()
    .regex(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, 'is not a valid Key Vault name (3-24 letters, digits and single hyphens, starting with a letter, not ending with a hyphen). Fix: e.g. "kv-lakehouse-dev"'),
  /** Globally unique across Azure. */
  storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, 'is not a valid storage account name (3-24 lowercase letters and digits, globally unique). Fix: e.g. "stlakehousedev01"'),
  network: z.strictObject({
    vnetCidr: cidr,
    /** Bits added to the VNet prefix for the host and container subnets: /22 + 2 = /24 subnets. */
    subnetNewBits: z.number().int().min(1).max(10).default(2),
    privateConnectivity: azurePrivateConnectivitySchema,
  }),
});

const commonFields = {
  /**
   * Marks the blueprint's own examples (config/examples/), whose ids, names, ranges and mailboxes are
   * made up; config refuses such placeholders in every other environment (./rules/placeholders).
   */
  example: z.literal(true, { message: "can only be true, on the blueprint's examples. Fix: remove it" }).optional(),
  name,
  stage: z.enum(["dev", "test", "prod"], { message: 'must be "dev", "test" or "prod". Fix: choose the stage this estate serves' }),
  /** Buckets, keys and the catalog kept from destroy (prevent_destroy). Unset: on in prod, off elsewhere. */
  deletionProtection: baselineSwitch,
  tags: tagsSchema,
  databricks: databricksSchema,
  identity: identitySchema,
  security: securitySchema,
  unityCatalog: unityCatalogSchema,
  secrets: secretsSchema,
  mounts: mountsSchema,
  repository: repositorySchema,
  jobs: jobsSchema,
  audit: auditSchema,
  costs: costsSchema,
  state: stateSchema,
};

/** The parts of an environment the rules in ./rules/environment read, whatever its cloud. */
export type CommonEnvironment = {
  name: string;
  stage: string;
  repository: z.output<typeof repositorySchema>;
  deletionProtection: boolean;
  compute: z.output<ReturnType<typeof computeSchema>>;
  security: ResolvedSecurity<z.output<typeof securitySchema>>;
  costs: z.output<typeof costsSchema>;
  secrets: z.output<typeof secretsSchema>;
  mounts: z.output<typeof mountsSchema>;
};

const reporter = (ctx: z.RefinementCtx): AddProblem => (path, message) => ctx.addIssue({ code: "custom", path, message });

// Each cloud's environment: its fields, the rules, and the prod baseline resolved (./prod-baseline:
// unset settings of a prod environment turned on, those turned off recorded with their reasons); the
// rules see the settings as they will be built.

const awsFields = z.strictObject({ ...commonFields, cloud: z.literal("aws"), aws: awsSchema, compute: computeSchema("aws") });
const azureFields = z.strictObject({ ...commonFields, cloud: z.literal("azure"), azure: azureSchema, compute: computeSchema("azure") });

function withAwsBaseline(env: z.output<typeof awsFields>) {
  const baseline = new ProdBaseline(env);
  const resolved = baseline.apply(env);
  const privateConnectivity = env.aws.network.privateConnectivity;
  const backEnd = baseline.backEnd(privateConnectivity.backEnd, "aws.network.privateConnectivity.backEnd");
  return { ...resolved, aws: { ...env.aws, network: { ...env.aws.network, privateConnectivity: { ...privateConnectivity, backEnd } } }, baseline: baseline.record() };
}

function withAzureBaseline(env: z.output<typeof azureFields>) {
  const baseline = new ProdBaseline(env);
  const resolved = baseline.apply(env);
  const privateConnectivity = env.azure.network.privateConnectivity;
  const backEnd = baseline.backEnd(privateConnectivity.backEnd, "azure.network.privateConnectivity.backEnd");
  return { ...resolved, azure: { ...env.azure, network: { ...env.azure.network, privateConnectivity: { ...privateConnectivity, backEnd } } }, baseline: baseline.record() };
}

// The rules run on the fields as given, even when a field already has a problem (zod runs a refinement
// after a nested rule's problem, not after a transform), so they resolve the baseline themselves.
export const awsEnvironmentSchema = awsFields
  .superRefine((fields, ctx) => {
    const env = withAwsBaseline(fields);
    const add = reporter(ctx);
    checkPlaceholders(env, add);
    checkProdBaseline(env, add);
    checkProd(env, add);
    checkCommon(env, add);
    checkRepositoryHost(env.repository, add);
    checkMounts(env, "aws", add);
    if ((env.databricks.pricingTier ?? "ENTERPRISE") !== "ENTERPRISE") {
      add(["databricks", "pricingTier"], "cannot use customer-managed keys on AWS, which this blueprint always sets. Fix: use \"ENTERPRISE\"");
    }
    checkBucketNames(env, add);
    checkAwsNetwork(env.aws.network, env.aws.region, add);
    checkServerlessEgress(env, add);
  })
  .transform(withAwsBaseline);

export const azureEnvironmentSchema = azureFields
  .superRefine((fields, ctx) => {
    const env = withAzureBaseline(fields);
    const add = reporter(ctx);
    checkPlaceholders(env, add);
    checkProdBaseline(env, add);
    checkProd(env, add);
    checkCommon(env, add);
    checkRepositoryHost(env.repository, add);
    checkMounts(env, "azure", add);
    checkObjectIds(env, add);
    checkAzureFirewallRanges(env.security, add);
    if ((env.databricks.pricingTier ?? "PREMIUM") !== "PREMIUM") {
      add(["databricks", "pricingTier"], 'must be "PREMIUM" on Azure (the premium SKU carries customer-managed keys, Unity Catalog and IP access lists). Fix: use "PREMIUM"');
    }
    checkAzureNetwork(env.azure.network, add);
    checkAzurePrivateConnectivity(env.azure.network, env.security.serverlessEgress, env.baseline, add);
    checkServerlessEgress(env, add);
  })
  .transform(withAzureBaseline);

export type AwsEnvironment = ReturnType<typeof withDerivedNames<z.output<typeof awsEnvironmentSchema>>>;
export type AzureEnvironment = ReturnType<typeof withDerivedNames<z.output<typeof azureEnvironmentSchema>>>;
export type Environment = AwsEnvironment | AzureEnvironment;
export type AwsEnvironmentInput = z.input<typeof awsEnvironmentSchema>;
export type AzureEnvironmentInput = z.input<typeof azureEnvironmentSchema>;
export type EnvironmentInput = AwsEnvironmentInput | AzureEnvironmentInput;

/** An environment that passed its fields but not its rules, as its transforms would have given it. */
function asTransformed(env: Environment | z.output<typeof awsFields> | z.output<typeof azureFields>): Environment {
  if ("groups" in env) return env;
  if ("baseline" in env) return withDerivedNames(env) as Environment;
  return withDerivedNames(env.cloud === "aws" ? withAwsBaseline(env as z.output<typeof awsFields>) : withAzureBaseline(env as z.output<typeof azureFields>)) as Environment;
}

const environmentSchema = z.discriminatedUnion("cloud", [awsEnvironmentSchema, azureEnvironmentSchema], {
  error: (issue) => (issue.code === "invalid_union" ? 'cloud must be "aws" or "azure". Fix: set cloud to the cloud this environment runs on' : undefined),
});

export const environmentsSchema = z
  .array(environmentSchema.transform((env) => withDerivedNames(env) as Environment))
  // Runs also when an environment has a rule's problem (not a malformed field), before its transforms:
  // the baseline is resolved and the names derived here for it.
  .superRefine((envs, ctx) => checkAcrossEnvironments(envs.map(asTransformed), reporter(ctx)))
  // Audit log delivery is an account setting: of the environments the prod baseline turned it on in,
  // only the account's first keeps it (./rules/audit-log-delivery).
  .transform((envs) => deliverAuditLogsOncePerAccount(envs));
