import { isUnfilled } from "../../config/unfilled";
import { stackNames } from "../../stacks/stack-names";
import type { Unknown } from "./draft";

// What the scaffold prints once it has written the environment: what is left to fill, then the way to a
// first deploy in docs/first-deploy.md's order (preflight, bootstrap, GitHub environments, synth, plan, deploy).

/** What the next steps are about. */
export interface NextStepsInput {
  readonly name: string;
  readonly cloud: "aws" | "azure";
  readonly region: string;
  readonly databricksAccountId: string;
  readonly metastore: { mode: "create" } | { mode: "adopt"; id: string };
  readonly unknowns: readonly Unknown[];
  /** The repository config/github.ts names after the scaffold ran. */
  readonly githubRepository?: string;
  /** config/github.ts still names the examples' repository, which config refuses beside this environment. */
  readonly githubRepositoryIsExample: boolean;
  /** The estate still lists the examples (`...exampleEnvironments`). */
  readonly estateHoldsExamples: boolean;
}

/**
 * The first block of the Databricks account id names the account's shared stacks (BootstrapStack and
 * MetastoreStack's stackName); "ACCOUNT" while the id is still to fill.
 */
const accountBlock = (accountId: string) => (isUnfilled(accountId) ? "ACCOUNT" : accountId.split("-")[0]);

/** Takes what was written and decided; gives the text printed after writing: what to fill, then what to do (in docs/first-deploy.md's order). */
export function nextSteps(input: NextStepsInput): string {
  const { name, cloud } = input;
  const stacks = stackNames({ name, cloud });
  const bootstrap = `bootstrap-${cloud}-${accountBlock(input.databricksAccountId)}`;
  const metastoreStack = `metastore-${cloud}-${input.region}-${accountBlock(input.databricksAccountId)}`;
  const lines: string[] = [];
  if (input.unknowns.length > 0) {
    lines.push(
      `Still to fill in config/environments/${name}.ts (config refuses it until then; \`LAKEHOUSE_ENVIRONMENTS=${name} npm run synth\` lists what is left):`,
    );
    for (const unknown of input.unknowns) lines.push(`  - ${unknown.field}: ${unknown.how}`);
  }
  if (input.githubRepositoryIsExample) {
    lines.push(
      "",
      `config/github.ts still names the examples' repository (${input.githubRepository ?? "?"}), which config refuses beside ${name}: set github.repository to your OWNER/NAME.`,
    );
  }
  if (input.estateHoldsExamples) {
    lines.push(
      "",
      'The estate still lists the blueprint\'s examples (...exampleEnvironments in config/environments/index.ts): drop them before a real deploy (docs/adding-an-environment.md, "Adding an environment").',
    );
  }
  const metastore =
    input.metastore.mode === "create"
      ? `the ${metastoreStack} stack creates the region's metastore: check that the account has none there`
      : `the workspace is assigned metastore ${input.metastore.id}: check that the account has it in ${input.region}`;
  lines.push(
    ...(lines.length > 0 ? [""] : []),
    "Next (docs/first-deploy.md):",
    `  1. Metastore: ${metastore} with \`npm run preflight:metastore\` (the deployer's account-admin credentials).`,
    `  2. Bootstrap, once per Databricks account: an account admin runs \`npm run synth\`, then \`tofu -chdir=cdktf.out/stacks/${bootstrap} init\` and \`apply\` (re-apply when adding an environment; docs/ci-and-bootstrap.md, "Bootstrap (once per account)").`,
    `  3. GitHub: create the environments ${name} and ${name}-plan with the variables \`tofu -chdir=cdktf.out/stacks/${bootstrap} output -json github_variables\` lists, and the secret GIT_TOKEN (JDBC_USER and JDBC_PASSWORD only if you set jobs.jdbc).`,
    `  4. Read what will be built: \`LAKEHOUSE_ENVIRONMENTS=${name} npm run synth && npm run env:summary -- ${name}\` (stacks, resources, security switches, ranges, fixed network cost).`,
    `  5. \`npm test\`, then open a pull request: CI plans ${stacks.workspace} and ${stacks.config} (\`npm run ci:matrix\` lists them); merging deploys them in that order.`,
  );
  return lines.join("\n");
}
