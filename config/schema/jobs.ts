// Code and operations fields: the team repository, the jobs, the audit alerts and the budget.
import { z } from "zod";
import { quartzCronProblem } from "../cron";
import { timeZoneProblem } from "../time-zones";
import { checked, email } from "./primitives";

const GIT_PROVIDERS = [
  "gitHub",
  "gitHubEnterprise",
  "gitLab",
  "gitLabEnterpriseEdition",
  "bitbucketCloud",
  "bitbucketServer",
  "azureDevOpsServices",
  "awsCodeCommit",
] as const;

export const repositorySchema = z.strictObject({
  /** The team repository that holds notebooks/ (https clone URL, without credentials). */
  url: z.url({
    protocol: /^https$/,
    message: 'must be the repository\'s https clone URL. Fix: e.g. "https://github.com/acme/lakehouse.git"',
  }),
  provider: z.enum(GIT_PROVIDERS, { message: `is not a Git provider Databricks knows. Fix: use one of ${GIT_PROVIDERS.join(", ")}` }),
  /** Jobs and the shared Git folder follow this branch (a release branch in prod)... */
  branch: z
    .string()
    .regex(/^[A-Za-z0-9._/-]{1,100}$/, 'is not a branch name. Fix: e.g. "release"')
    .default("main"),
  /** ...or, when set, this tag (pinned releases). */
  tag: z
    .string()
    .regex(/^[A-Za-z0-9._/-]{1,100}$/, 'is not a tag name. Fix: e.g. "v1.4.0"')
    .optional(),
  /** Developers (workspace user names) who get their own Git folder; dev-like stages only. */
  developers: z
    .array(z.email({ message: "is not a workspace user name. Fix: use the user's e-mail, e.g. \"ana@\" and your company's domain" }))
    .default([]),
});

const quartzCron = checked(quartzCronProblem);

export const jobsSchema = z.strictObject({
  notificationEmails: z
    .array(z.email({ message: 'is not an e-mail address. Fix: a mailbox of your team, e.g. "data-oncall@" and your company\'s domain' }))
    .min(1, "is empty; failed runs would go unnoticed. Fix: list the on-call mailbox"),
  /** "file-arrival" starts ingestion when files land; otherwise a Quartz cron expression. */
  ingestionTrigger: checked((value) =>
    value === "file-arrival" ? undefined : quartzCronProblem(value)?.replace(/^/, 'is not "file-arrival" and '),
  ).default("file-arrival"),
  transformSchedule: quartzCron.default("0 0 2 * * ?"),
  trainingSchedule: quartzCron.default("0 0 4 ? * MON"),
  /** Time zone of the schedules: an IANA name such as "Europe/Berlin", or "UTC". */
  timezone: checked(timeZoneProblem).default("UTC"),
  /** Source database of the JDBC ingestion (no credentials: those are in the secret scope). Unset: no JDBC task. */
  jdbc: z
    .strictObject({
      // Any driver's URL, query or property parameters included (?sslmode=require, ;encrypt=true);
      // credentials in it are refused by the secret scan (../secrets).
      url: z
        .string()
        .regex(
          /^jdbc:[a-z][a-z0-9]*:\S+$/,
          'is not a JDBC URL. Fix: e.g. "jdbc:postgresql://orders-db.internal:5432/olist" or "jdbc:sqlserver://orders-db:1433;databaseName=olist;encrypt=true"',
        ),
      sourceTable: z.string().min(1).default("public.orders"),
      partitionColumn: z.string().min(1).default("order_seq"),
      numPartitions: z.number().int().min(1).max(64).default(8),
    })
    .optional(),
});

/** The audit alerts (notebooks/detections/*.sql) as this environment runs them. */
export const auditSchema = z
  .strictObject({
    /** Who is mailed when a detection fires; defaults to jobs.notificationEmails (the on-call mailbox). */
    alertEmails: z
      .array(email)
      .min(
        1,
        "is empty; a detection that fires would reach nobody. Fix: list the security on-call mailbox, or leave the field out to use jobs.notificationEmails",
      )
      .optional(),
    /** When the alerts run (Quartz cron, in jobs.timezone); hourly by default. */
    schedule: quartzCron.default("0 0 * * * ?"),
    /** The window each run looks back over, in minutes: longer than the schedule, since audit events reach the system table with a delay. */
    lookbackMinutes: z
      .number()
      .int()
      .min(
        60,
        "is under an hour; audit events can reach system.access.audit later than that and be missed. Fix: use 60-10080 (1440 is a day)",
      )
      .max(10080, "is over a week. Fix: use 60-10080")
      .default(1440),
    /** Identities besides the CI/CD principal expected to read secrets (application ids or user names). */
    allowedSecretReaders: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9@._-]{1,128}$/, 'is not an application id or user name. Fix: e.g. "0e6d1f43-7f4b-4f0c-9a55-2a3a0c7e2d11"'),
      )
      .default([]),
  })
  .default({ schedule: "0 0 * * * ?", lookbackMinutes: 1440, allowedSecretReaders: [] });

/** The environment's monthly budget (account console, Usage > Budgets), by its cost tags. */
export const costsSchema = z.strictObject({
  monthlyBudgetUsd: z.number().positive("must be positive. Fix: the monthly list-price spend in USD the environment may reach, e.g. 2000"),
  /** Percentages of the budget at which the owner is mailed, ascending. */
  alertAtPercent: z
    .array(z.number().int().min(1, "must be 1-200. Fix: e.g. [50, 80, 100]").max(200, "must be 1-200. Fix: e.g. [50, 80, 100]"))
    .min(1, "is empty; the budget would mail nobody. Fix: e.g. [80, 100]")
    .default([80, 100]),
  /** The owner's mailbox, mailed at each threshold. */
  ownerEmails: z
    .array(email)
    .min(
      1,
      "is empty; budget alerts would reach nobody. Fix: list the owning team's mailbox, e.g. \"data-platform@\" and your company's domain",
    ),
});
