import { z } from "zod";
import { ConfigError } from "./errors";
import { examplePlaceholder } from "./placeholders";
import type { Environment } from "./schema";
import { nearest } from "./suggest";

// Where CI runs: the GitHub repository of this estate and the GitHub environments each configured
// environment is planned and deployed in. Workload identity federation trusts exactly these names:
// a token's subject is `repo:OWNER/NAME:environment:ENVIRONMENT` (GitHub Docs, "About security
// hardening with OpenID Connect", subject claims filtered by environment), so a typo here is a
// pipeline that cannot sign in, and every problem names the field, the value and the fix.

// GitHub account names: letters, digits and single hyphens, up to 39; repository names: letters,
// digits, ".", "_" and "-", up to 100 (GitHub Docs, "Creating a new repository").
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/[A-Za-z0-9._-]{1,100}$/;

// Kept to what every identity that trusts the name accepts: a Databricks federation policy id
// (lowercase letters, digits and "-", 2-63 with its "github-" prefix; Databricks API "Create service
// principal federation policy") and an Azure federated credential name (letters, digits, "-", "_").
const GITHUB_ENVIRONMENT = /^[a-z0-9][a-z0-9-]{0,55}$/;

const githubEnvironment = z
  .string()
  .regex(
    GITHUB_ENVIRONMENT,
    'is not a GitHub environment name this blueprint accepts (1-56 lowercase letters, digits or "-", starting with a letter or digit). Fix: e.g. "prod" or "prod-plan"',
  );

/** The AWS role name an administrator assumes in each AWS account of the estate to apply the bootstrap (IAM role name rules). */
const roleName = z
  .string()
  .regex(
    /^[\w+=,.@-]{1,64}$/,
    'is not an IAM role name. Fix: e.g. "OrganizationAccountAccessRole", the role AWS Organizations creates in member accounts',
  );

export const ciSchema = z.strictObject({
  github: z.strictObject({
    /** OWNER/NAME as GitHub spells it (the subject claim is compared exactly). */
    repository: z
      .string()
      .regex(
        REPOSITORY,
        'is not a GitHub repository. Fix: write OWNER/NAME as in its URL, e.g. "acme/lakehouse-platform" for https://github.com/acme/lakehouse-platform',
      ),
    /**
     * GitHub environment names per configured environment, when they differ from the defaults: the
     * environment's name for deploying, "<name>-plan" for planning pull requests.
     */
    environments: z
      .record(z.string(), z.strictObject({ deploy: githubEnvironment.optional(), plan: githubEnvironment.optional() }))
      .default({}),
  }),
  bootstrap: z
    .strictObject({
      /**
       * When the estate spans several AWS accounts: the role the administrator who applies the
       * bootstrap assumes in each (AWS Organizations, "Accessing member accounts"). Unset: the
       * administrator's own credentials, which then must be those of the one AWS account.
       */
      awsAdminRoleName: roleName.optional(),
    })
    .default({}),
});

export type CiInput = z.input<typeof ciSchema>;

/** The GitHub environments one configured environment runs in. */
export interface GitHubEnvironments {
  /** Deploys on merge; its protection rules (required reviewers for prod) gate the apply. */
  readonly deploy: string;
  /** Plans pull requests with read-only cloud roles. */
  readonly plan: string;
}

/** Validated CI settings. */
export interface CiSettings {
  /** OWNER/NAME. */
  readonly repository: string;
  readonly awsAdminRoleName?: string;
  /** The GitHub environments of each configured environment, by its name. */
  readonly githubEnvironments: Readonly<Record<string, GitHubEnvironments>>;
}

/** A ConfigError about the CI settings (config/github.ts) rather than an environment. */
export class CiConfigError extends ConfigError {
  constructor(problems: string[]) {
    super(problems);
    this.message = `Invalid CI settings in config/github.ts (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`;
    this.name = "CiConfigError";
  }
}

const field = (path: readonly PropertyKey[]) => ["ci", ...path.map(String)].join(".");
const shown = (value: unknown) => (value === undefined ? "(missing)" : JSON.stringify(value));

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );
}

function issueProblems(issue: z.core.$ZodIssue, input: unknown): string[] {
  if (issue.code === "unrecognized_keys") {
    const known =
      issue.path.length === 0
        ? ["github", "bootstrap"]
        : issue.path.at(-1) === "github"
          ? ["repository", "environments"]
          : issue.path.at(-1) === "bootstrap"
            ? ["awsAdminRoleName"]
            : ["deploy", "plan"];
    return issue.keys.map((key) => {
      const suggestion = nearest(key, known);
      return `${field([...issue.path, key])} = ${shown(valueAt(input, [...issue.path, key]))}: is not a field here${suggestion ? ` (did you mean ${suggestion}?)` : ""}. Fix: ${suggestion ? `rename it to ${suggestion}` : `remove it, or use one of ${known.join(", ")}`}`;
    });
  }
  const value = valueAt(input, issue.path);
  const message = issue.message.includes("Fix:")
    ? issue.message
    : value === undefined
      ? "is required. Fix: add it"
      : `${issue.message}. Fix: see config/ci.ts`;
  return [`${field(issue.path)} = ${shown(value)}: ${message}`];
}

/**
 * The examples' repository (config/example-values.ts) kept while the estate holds an environment that is
 * no example: the bootstrap stacks would trust that repository's workflows, not the team's, so CI could
 * not sign in. An estate of examples alone may keep it (it is what a fresh clone synthesizes).
 */
function placeholderRepository(repository: string, environments: readonly Environment[]): string | undefined {
  const teams = environments.filter((env) => !env.example).map((env) => env.name);
  const placeholder = examplePlaceholder(`https://github.com/${repository}`);
  if (teams.length === 0 || !placeholder) return undefined;
  return `${field(["github", "repository"])} = ${shown(repository)}: is ${placeholder.what} (${placeholder.source}), a placeholder, while the estate holds ${teams.join(", ")}, no example; the bootstrap stacks would let that repository's workflows sign in as the deployer, and yours could not. Fix: set github.repository in config/github.ts to your repository's OWNER/NAME (npm run new-environment -- --github-repository OWNER/NAME sets it)`;
}

/**
 * Validates the CI settings (`input`, as config/github.ts gives them) against the configured
 * environments (`environments`, already loaded) and gives each environment its GitHub environments.
 * Throws a ConfigError listing every problem: a field that is malformed, the examples' repository in
 * an estate with an environment of the team's own, an override for an environment that does not
 * exist, or two environments (or a plan and a deploy) sharing one GitHub environment, which would let
 * one pipeline use the other's identities.
 */
export function loadCi(input: unknown, environments: readonly Environment[]): CiSettings {
  const parsed = ciSchema.safeParse(input);
  if (!parsed.success) throw new CiConfigError(parsed.error.issues.flatMap((issue) => issueProblems(issue, input)));
  const { github, bootstrap } = parsed.data;
  const names = environments.map((env) => env.name);
  const problems: string[] = [];
  for (const name of Object.keys(github.environments).filter((key) => !names.includes(key))) {
    const suggestion = nearest(name, names);
    problems.push(
      `${field(["github", "environments", name])} = ${shown(github.environments[name])}: names no configured environment. Fix: ${suggestion ? `rename it to ${suggestion}, or use` : "use"} one of ${names.join(", ")}`,
    );
  }
  const repositoryProblem = placeholderRepository(github.repository, environments);
  if (repositoryProblem) problems.push(repositoryProblem);
  const githubEnvironments: Record<string, GitHubEnvironments> = {};
  const owners = new Map<string, string>();
  for (const name of names) {
    const own = github.environments[name] ?? {};
    const chosen = { deploy: own.deploy ?? name, plan: own.plan ?? `${name}-plan` };
    githubEnvironments[name] = chosen;
    for (const [use, githubName] of Object.entries(chosen)) {
      const previous = owners.get(githubName);
      if (previous !== undefined) {
        problems.push(
          `${field(["github", "environments", name, use])} = ${shown(githubName)}: is already the GitHub environment of ${previous}; a GitHub environment's token would then open both. Fix: give ${name} its own GitHub environment for ${use === "plan" ? "planning" : "deploying"}, e.g. "${use === "plan" ? `${name}-plan` : name}"`,
        );
      }
      owners.set(githubName, `${name} (${use})`);
    }
  }
  if (problems.length > 0) throw new CiConfigError(problems);
  return { repository: github.repository, awsAdminRoleName: bootstrap.awsAdminRoleName, githubEnvironments };
}
