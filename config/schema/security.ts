// Security fields: IP access lists, tokens, compliance, maintenance window and serverless egress.
import { z } from "zod";
import { parseAddressOrCidr } from "../cidr";
import { baselineSwitch, reasonSchema, switchedOffSchema } from "../prod-baseline";
import { ipRange } from "./primitives";

// A host name as serverless egress policies take it (Databricks "Manage network policies for serverless
// egress control": internet destinations of type DNS_NAME): labels of letters, digits and "-", no scheme,
// port, path or wildcard.
const dnsName = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'is not a DNS name (lowercase labels separated by ".", no scheme, port, path or wildcard). Fix: e.g. "pypi.org"',
  );

/**
 * Serverless egress: with `enabled`, the workspace is bound to its region's network connectivity
 * configuration (NCC; on Azure with private endpoints to the lakehouse storage account) and to a
 * network policy in restricted mode, so serverless compute reaches only Unity Catalog locations, the
 * lakehouse storage and `allowedDomains`. NCCs and policies are free; Azure endpoint rules are billed.
 */
const serverlessEgressSchema = z
  .strictObject({
    /** Unset: on in prod (the prod baseline, ../prod-baseline), off elsewhere. */
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
export const COMPLIANCE_STANDARDS = [
  "HIPAA",
  "PCI_DSS",
  "FEDRAMP_MODERATE",
  "FEDRAMP_HIGH",
  "FEDRAMP_IL5",
  "IRAP_PROTECTED",
  "ITAR_EAR",
  "CYBER_ESSENTIAL_PLUS",
  "CANADA_PROTECTED_B",
  "HITRUST",
  "ISMAP",
  "K_FSI",
  "GERMANY_C5",
  "GERMANY_TISAX",
] as const;
const WEEK_DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;
const WINDOW_FREQUENCIES = [
  "EVERY_WEEK",
  "FIRST_OF_MONTH",
  "SECOND_OF_MONTH",
  "THIRD_OF_MONTH",
  "FOURTH_OF_MONTH",
  "FIRST_AND_THIRD_OF_MONTH",
  "SECOND_AND_FOURTH_OF_MONTH",
] as const;

/** When clusters may be restarted for updates: a weekday, how often, and the start (workspace time zone). */
const maintenanceWindowSchema = z.strictObject({
  dayOfWeek: z.enum(WEEK_DAYS, { message: `is not a day of the week. Fix: use one of ${WEEK_DAYS.join(", ")}` }),
  frequency: z
    .enum(WINDOW_FREQUENCIES, { message: `is not a maintenance frequency. Fix: use one of ${WINDOW_FREQUENCIES.join(", ")}` })
    .default("EVERY_WEEK"),
  startHour: z.number().int().min(0, "must be 0-23. Fix: e.g. 2 for 02:00").max(23, "must be 0-23. Fix: e.g. 2 for 02:00"),
  startMinute: z.number().int().min(0).max(59).default(0),
});

export const securitySchema = z.strictObject({
  /** Networks of the people allowed to reach the workspace UI and API (IP access list): offices, VPN. Single addresses or CIDR blocks. */
  ipAccessList: z
    .array(ipRange)
    .min(1, "is empty; with IP access lists on nobody could reach the workspace. Fix: list your office/VPN egress ranges"),
  /**
   * Egress ranges of the runners that plan and deploy (the workflows' `lakehouse-deployer` runners).
   * The workspace IP access list, the Key Vault firewall and the storage firewall admit them beside
   * `ipAccessList` (the firewalls only while the vault and storage are public, see
   * azure.network.privateConnectivity); without them the shipped pipeline locks itself out on its first apply.
   */
  deployerIpRanges: z
    .array(
      ipRange.refine((value) => (parseAddressOrCidr(value)?.prefix ?? 32) >= 8, {
        message:
          "admits a large part of the internet, which defeats the IP access list. Fix: list the runners' own egress ranges (a NAT gateway's address, a larger runner's static range)",
      }),
      {
        error: (issue) =>
          issue.input === undefined
            ? 'is missing: the IP access list and the Key Vault and storage firewalls admit only listed networks, and the deploy pipeline must reach them. Fix: list the egress ranges of the runners that deploy (self-hosted in your network, or GitHub larger runners with static IPs; docs/ci-and-bootstrap.md, "The deploy runners")'
            : undefined,
      },
    )
    .min(
      1,
      'is empty, so the deploy pipeline could not reach the workspace, the Key Vault or the storage account. Fix: list the egress ranges of the runners that deploy (docs/ci-and-bootstrap.md, "The deploy runners")',
    ),
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
  complianceStandards: z
    .array(
      z.enum(COMPLIANCE_STANDARDS, {
        message: `is not a compliance standard Databricks knows. Fix: use one of ${COMPLIANCE_STANDARDS.join(", ")}`,
      }),
    )
    .default([]),
  /** Enhanced security monitoring: hardened-image agents (antivirus, file integrity, vulnerability scans) whose findings reach the audit log. Unset: on in prod. */
  enhancedSecurityMonitoring: baselineSwitch,
  /**
   * Automatic cluster update: restarts classic compute in this maintenance window to apply image
   * updates. Unset: in prod Databricks' default window (first Sunday of the month, 01:00), elsewhere
   * the setting is left alone; { enabled: false, reason } turns it off in prod.
   */
  automaticClusterUpdate: z
    .union([maintenanceWindowSchema, switchedOffSchema], {
      error: (issue) =>
        issue.code === "invalid_union"
          ? 'must be a maintenance window or { enabled: false, reason: "..." }. Fix: e.g. { dayOfWeek: "SUNDAY", startHour: 2 }'
          : undefined,
    })
    .optional(),
  /** Restrict workspace admins: admins may not create tokens for others nor set a job's run-as to anyone but themselves. Unset: on in prod. */
  restrictWorkspaceAdmins: baselineSwitch,
  serverlessEgress: serverlessEgressSchema,
});
