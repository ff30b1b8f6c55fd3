import { nearest } from "../../config/suggest";

// The flags of `npm run new-environment`: each names the config field it sets, so that config's own
// message about a bad value can be shown against the flag the user typed (./problems). What a flag
// leaves out is written as a placeholder config refuses until filled (config/unfilled.ts), except
// the five choices no placeholder can stand for: cloud, name, region, stage and the metastore.

export type Cloud = "aws" | "azure";

/** One flag: its name, the config field(s) it sets (dotted paths, from the environment), where it applies. */
export interface FlagSpec {
  readonly flag: string;
  readonly fields: readonly string[];
  readonly clouds?: readonly Cloud[];
  readonly required?: boolean;
  /** Takes no value (a switch). */
  readonly switch?: boolean;
  readonly help: string;
}

export const FLAGS: readonly FlagSpec[] = [
  { flag: "cloud", fields: ["cloud"], required: true, help: '"aws" or "azure"' },
  {
    flag: "name",
    fields: ["name"],
    required: true,
    help: "the environment's name: stacks, buckets, groups and the catalog are named after it",
  },
  {
    flag: "region",
    fields: ["aws.region", "azure.location"],
    required: true,
    help: "an AWS region or Azure location where the blueprint deploys (config/regions.ts)",
  },
  { flag: "stage", fields: ["stage"], required: true, help: '"dev", "test" or "prod" (prod gets the prod baseline)' },
  {
    flag: "metastore",
    fields: ["unityCatalog.metastore"],
    required: true,
    help: '"create", or "adopt:<metastore id>" when the account has one in the region (npm run preflight:metastore)',
  },
  {
    flag: "monthly-budget-usd",
    fields: ["costs.monthlyBudgetUsd"],
    required: true,
    help: "the environment's monthly budget in USD (list price), mailed to the owner at 80% and 100%",
  },
  { flag: "databricks-account-id", fields: ["databricks.accountId"], help: "the Databricks account id (account console)" },
  {
    flag: "compute-mode",
    fields: ["compute.mode"],
    help: '"classic" (default: VPC/VNet, pool, policies, clusters) or "serverless" (AWS: a serverless workspace, no network; docs/compute-modes.md)',
  },
  {
    flag: "network-cidr",
    fields: ["aws.network.vpcCidr", "azure.network.vnetCidr", "azure.network.privateConnectivity.endpointSubnetCidr"],
    help: "the VPC/VNet range; default: one proposed that overlaps no environment of the estate nor the examples",
  },
  {
    flag: "availability-zones",
    fields: ["aws.network.availabilityZones"],
    clouds: ["aws"],
    help: "comma-separated zone names; default: the region's a, b (and c in prod)",
  },
  { flag: "ip-access-list", fields: ["security.ipAccessList"], help: "comma-separated egress ranges of your offices and VPN" },
  { flag: "deployer-ip-ranges", fields: ["security.deployerIpRanges"], help: "comma-separated egress ranges of the runners that deploy" },
  { flag: "owner", fields: ["tags.owner"], help: "the owning team (cost tag)" },
  { flag: "cost-center", fields: ["tags.costCenter"], help: "the cost center (cost tag)" },
  { flag: "owner-email", fields: ["costs.ownerEmails"], help: "comma-separated mailboxes the budget alerts go to" },
  {
    flag: "oncall-email",
    fields: ["jobs.notificationEmails"],
    help: "comma-separated mailboxes of the on-call (failed runs, audit alerts)",
  },
  {
    flag: "repository-url",
    fields: ["repository.url"],
    help: "https clone URL of the repository holding notebooks/; default: the --github-repository's",
  },
  { flag: "git-provider", fields: ["repository.provider"], help: "Databricks' name of its Git provider; default: from the URL's host" },
  {
    flag: "github-repository",
    fields: ["ci.github.repository"],
    help: "OWNER/NAME of this estate's GitHub repository: written to config/github.ts",
  },
  { flag: "aws-account-id", fields: ["aws.accountId"], clouds: ["aws"], help: "the 12-digit AWS account id" },
  {
    flag: "state-bucket",
    fields: ["state.bucket"],
    clouds: ["aws"],
    help: "the S3 bucket of the Terraform state (in the environment's region)",
  },
  { flag: "subscription-id", fields: ["azure.subscriptionId"], clouds: ["azure"], help: "the Azure subscription id" },
  { flag: "tenant-id", fields: ["azure.tenantId"], clouds: ["azure"], help: "the Entra tenant id" },
  {
    flag: "databricks-enterprise-app-object-id",
    fields: ["azure.databricksEnterpriseAppObjectId"],
    clouds: ["azure"],
    help: "object id of the AzureDatabricks enterprise application in the tenant",
  },
  { flag: "key-vault-name", fields: ["azure.keyVaultName"], clouds: ["azure"], help: "the Key Vault's name (unique across Azure)" },
  {
    flag: "storage-account-name",
    fields: ["azure.storageAccountName"],
    clouds: ["azure"],
    help: "the lakehouse storage account's name (unique across Azure)",
  },
  {
    flag: "state-resource-group",
    fields: ["state.resourceGroupName"],
    clouds: ["azure"],
    help: "resource group of the Terraform state's storage account",
  },
  {
    flag: "state-storage-account",
    fields: ["state.storageAccountName"],
    clouds: ["azure"],
    help: "storage account of the Terraform state",
  },
  {
    flag: "without-examples",
    fields: [],
    switch: true,
    help: "drop the blueprint's examples from the estate (config/environments/index.ts)",
  },
  { flag: "dry-run", fields: [], switch: true, help: "print what would be written, write nothing" },
];

/** The flags as given: each value by flag name (a switch is "true"). */
export type Flags = Readonly<Record<string, string | undefined>>;

/** `--flag = "value": reason. Fix: ...`, the shape of config's messages with the flag as the field. */
export const flagProblem = (flag: string, value: string | undefined, message: string): string =>
  `--${flag} = ${value === undefined ? "(missing)" : JSON.stringify(value)}: ${message}`;

/**
 * Takes the command's arguments (`--flag value` or `--flag=value`); gives the flags and every problem
 * with them: an unknown flag (with the nearest known one), a value missing, a flag given twice, a
 * required flag left out, an unknown cloud, and a flag of the other cloud. Values are checked by config
 * itself later (./problems), not here.
 */
export function parseFlags(args: readonly string[]): { flags: Flags; problems: string[] } {
  const flags: Record<string, string> = {};
  const problems: string[] = [];
  const known = FLAGS.map((spec) => spec.flag);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      problems.push(`${JSON.stringify(arg)}: is not a flag. Fix: write --flag value (npm run new-environment -- --help lists them)`);
      continue;
    }
    const [, name, inline] = match;
    const spec = FLAGS.find((candidate) => candidate.flag === name);
    if (!spec) {
      const suggestion = nearest(name, known);
      problems.push(
        flagProblem(
          name,
          inline ?? args[i + 1],
          `is not a flag of this command${suggestion ? ` (did you mean --${suggestion}?)` : ""}. Fix: ${suggestion ? `write --${suggestion}` : "npm run new-environment -- --help lists the flags"}`,
        ),
      );
      if (inline === undefined && args[i + 1] !== undefined && !args[i + 1].startsWith("--")) i += 1;
      continue;
    }
    let value = inline;
    if (spec.switch) value = value ?? "true";
    else if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined || next.startsWith("--")) {
        problems.push(flagProblem(name, undefined, `needs a value: ${spec.help}. Fix: write --${name} VALUE`));
        continue;
      }
      value = next;
      i += 1;
    }
    if (flags[name] !== undefined)
      problems.push(flagProblem(name, value, `is given twice (first ${JSON.stringify(flags[name])}). Fix: give it once`));
    else flags[name] = value;
  }
  for (const spec of FLAGS.filter((s) => s.required && flags[s.flag] === undefined)) {
    problems.push(flagProblem(spec.flag, undefined, `is required: ${spec.help}. Fix: add --${spec.flag} VALUE`));
  }
  const cloud = flags.cloud;
  if (cloud !== undefined && cloud !== "aws" && cloud !== "azure") {
    problems.push(flagProblem("cloud", cloud, 'is not a cloud this blueprint deploys to. Fix: use "aws" or "azure"'));
  } else if (cloud !== undefined) {
    for (const spec of FLAGS.filter((s) => s.clouds && !s.clouds.includes(cloud) && flags[s.flag] !== undefined)) {
      problems.push(
        flagProblem(
          spec.flag,
          flags[spec.flag],
          `is a flag of ${spec.clouds!.join(", ")} environments, and this one is on ${cloud}. Fix: remove it`,
        ),
      );
    }
  }
  return { flags, problems };
}

/** Comma-separated values of a list flag ("a, b" gives ["a", "b"]); undefined when the flag is not given. */
export const listOf = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);

/** The usage text: every flag with what it sets. */
export function usage(): string {
  const line = (spec: FlagSpec) =>
    `  --${spec.flag}${spec.switch ? "" : " VALUE"}${spec.required ? " (required)" : ""}${spec.clouds ? ` [${spec.clouds.join(", ")}]` : ""}\n      ${spec.help}`;
  return [
    "Usage: npm run new-environment -- --cloud aws|azure --name NAME --region REGION --stage dev|test|prod --metastore create|adopt:ID --monthly-budget-usd N [flags]",
    'Writes config/environments/NAME.ts and lists it in config/environments/index.ts. What no flag gives is written as "<your ...>",',
    "which config refuses until you fill it.",
    "",
    ...FLAGS.map(line),
  ].join("\n");
}
