import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CiConfigError, loadCi } from "../../config/ci";
import { exampleEnvironments } from "../../config/examples";
import { configProblems } from "../../config/load";
import { examplePlaceholder } from "../../config/placeholders";
import { regionProblem } from "../../config/regions";
import { unfilled } from "../../config/unfilled";
import { draftEnvironment, metastoreChoice, type Unknown } from "./draft";
import { listInEstate } from "./estate-index";
import { type Cloud, flagProblem, parseFlags } from "./flags";
import { currentRepository, setRepository } from "./github-repository";
import { proposeHubRange, proposeNetworkRange, rangePrefix, takenRanges } from "./network-range";
import { nextSteps } from "./next-steps";
import { standIn } from "./probe";
import { problemsOfNewEnvironment } from "./problems";
import { renderEnvironmentFile } from "./render";

// `npm run new-environment`: checks every flag (with config's own rules, against the estate), then
// writes the environment file, lists it in the estate and, with --github-repository, sets config/github.ts.
// Every problem is reported at once, each with the flag, the value and the fix, and then nothing is
// written: the files are written only when all of them can be.

/** Every problem with the flags; nothing was written. */
export class ScaffoldError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Cannot write the environment (${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was written):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ScaffoldError";
  }
}

/** Where the scaffold reads and writes: a clone of this repository, and its estate as config/environments/index.ts exports it. */
export interface ScaffoldInput {
  readonly root: string;
  readonly estate: readonly unknown[];
  readonly args: readonly string[];
}

/** What the scaffold wrote (or, with --dry-run, would write), and the next steps to print. */
export interface ScaffoldResult {
  readonly files: ReadonlyArray<{ readonly path: string; readonly text: string }>;
  readonly written: boolean;
  readonly nextSteps: string;
}

const ENVIRONMENTS_DIR = "config/environments";

/**
 * Takes the repository root, its estate (unvalidated, as index.ts exports it) and the command's
 * arguments; checks the flags, proposes a network range unless --network-cidr gives one, and writes
 * config/environments/NAME.ts, the estate's index and (with --github-repository) config/github.ts.
 * Throws a ScaffoldError listing every problem, having written nothing.
 */
export function scaffold({ root, estate, args }: ScaffoldInput): ScaffoldResult {
  const parsed = parseFlags(args);
  const problems = [...parsed.problems];
  const cloud = parsed.flags.cloud;
  // Without a cloud, a region and a name there is no environment to check; the rest is checked all at once.
  if (cloud !== "aws" && cloud !== "azure") throw new ScaffoldError(problems);
  const { region, name, stage } = parsed.flags as Record<"region" | "name" | "stage", string>;
  const regionWrong = region === undefined ? undefined : regionProblem(cloud, region);
  if (regionWrong) problems.push(flagProblem("region", region, regionWrong));
  if (region === undefined || name === undefined || regionWrong) throw new ScaffoldError(problems);
  const budget = parsed.flags["monthly-budget-usd"];
  const budgetWrong = budget !== undefined && !/^\d+(\.\d+)?$/.test(budget);
  if (budgetWrong) problems.push(flagProblem("monthly-budget-usd", budget, "is not an amount in USD. Fix: write digits, e.g. 5000"));
  // A budget that is no number is reported above; config checks the rest with one that is.
  const flags = budgetWrong ? { ...parsed.flags, "monthly-budget-usd": "1" } : parsed.flags;

  const names = (estate as Array<{ name?: unknown }>).map((env) => env.name);
  if (names.includes(name))
    problems.push(
      flagProblem(
        "name",
        name,
        `is already an environment of the estate (${ENVIRONMENTS_DIR}/index.ts); stack names would collide. Fix: choose another name, e.g. "${name.slice(0, 12)}-2"`,
      ),
    );
  if (metastoreChoice(flags.metastore) === undefined)
    problems.push(
      flagProblem(
        "metastore",
        flags.metastore,
        'is neither "create" nor "adopt:<metastore id>". Fix: run npm run preflight:metastore (or look in the account console, Catalog) and write --metastore create where the region has no metastore, else --metastore adopt:<its id>',
      ),
    );
  // A serverless AWS workspace takes no network range (an Azure one is refused by config, range or not).
  const needsRange = !(cloud === "aws" && flags["compute-mode"] === "serverless");
  const proposed =
    flags["network-cidr"] === undefined && needsRange
      ? proposeNetworkRange(cloud, stage, takenRanges([...estate, ...exampleEnvironments]))
      : undefined;
  const networkCidr = flags["network-cidr"] ?? proposed;
  if (networkCidr === undefined && needsRange)
    problems.push(
      flagProblem(
        "network-cidr",
        undefined,
        `is needed: no free /${rangePrefix(cloud, stage)} is left in 10.0.0.0/8 beside the estate's ranges. Fix: give a range of your own`,
      ),
    );

  // Notebooks live in this repository: its URL is the Git folders' default, from the flag or from
  // config/github.ts once that names the team's repository.
  const githubPath = "config/github.ts";
  const githubSource = readFileSync(join(root, githubPath), "utf8");
  const named = currentRepository(githubSource);
  const githubRepository =
    flags["github-repository"] ?? (named !== undefined && !examplePlaceholder(`https://github.com/${named}`) ? named : undefined);
  const hubVnetCidr =
    cloud === "azure" && stage === "prod"
      ? proposeHubRange(flags["subscription-id"], flags.region, estate, [
          ...takenRanges([...estate, ...exampleEnvironments]),
          ...(networkCidr ? [networkCidr] : []),
        ])
      : undefined;
  const unknowns: Unknown[] = [];
  const written = draftEnvironment({
    flags,
    cloud,
    networkCidr: networkCidr ?? "",
    hubVnetCidr,
    githubRepository,
    fill: (unknown) => {
      unknowns.push(unknown);
      return unfilled(unknown.what);
    },
  });
  const probe = draftEnvironment({ flags, cloud, networkCidr: networkCidr ?? "", hubVnetCidr, githubRepository, fill: standIn });
  const derivedUrl = flags["repository-url"] === undefined && flags["github-repository"] !== undefined;
  // A name the estate has already would mix that environment's problems into the new one's.
  const fromConfig = names.includes(name) ? [] : problemsOfNewEnvironment(configProblems([...estate, probe]), name);
  problems.push(
    ...fromConfig.map((problem) =>
      derivedUrl ? problem.replace(/^--repository-url \(repository\.url\)/, "--github-repository (repository.url)") : problem,
    ),
  );

  const repository = flags["github-repository"];
  if (repository !== undefined) problems.push(...repositoryProblems(repository, flags["repository-url"] !== undefined));

  const envPath = `${ENVIRONMENTS_DIR}/${name}.ts`;
  // Looked for only under a name that stays in the directory (config reports any other).
  if (/^[a-z0-9-]+$/.test(name) && existsSync(join(root, envPath))) {
    problems.push(
      flagProblem(
        "name",
        name,
        `would be written to ${envPath}, which exists; the scaffold never writes over a file. Fix: choose another name, or move that file away first`,
      ),
    );
  }
  const indexPath = `${ENVIRONMENTS_DIR}/index.ts`;
  const index = listInEstate(readFileSync(join(root, indexPath), "utf8"), name, flags["without-examples"] !== undefined);
  if ("problem" in index) problems.push(index.problem);
  const github = repository === undefined ? undefined : setRepository(githubSource, repository);
  if (github && "problem" in github) problems.push(github.problem);
  if (problems.length > 0 || "problem" in index || (github && "problem" in github)) throw new ScaffoldError(problems);

  const comments = fileComments(cloud, stage, proposed);
  const title = `${name}: ${cloud === "aws" ? "AWS" : "Azure"} ${region}, stage ${stage}.`;
  const files = [
    { path: envPath, text: renderEnvironmentFile(written, index.identifier, { title, unknowns }, comments) },
    { path: indexPath, text: index.text },
    ...(github ? [{ path: githubPath, text: github.text }] : []),
  ];
  const repositoryAfter = repository ?? named;
  const steps = nextSteps({
    name,
    cloud,
    region,
    databricksAccountId: (written.databricks as { accountId: string }).accountId,
    metastore: metastoreChoice(flags.metastore)!,
    unknowns,
    githubRepository: repositoryAfter,
    githubRepositoryIsExample: repositoryAfter !== undefined && examplePlaceholder(`https://github.com/${repositoryAfter}`) !== undefined,
    estateHoldsExamples: /\.\.\.exampleEnvironments\b/.test(index.text),
  });
  if (flags["dry-run"] !== undefined) return { files, written: false, nextSteps: steps };
  writeAll(root, files);
  return { files, written: true, nextSteps: steps };
}

/**
 * Takes --github-repository and whether --repository-url was given; gives config/ci.ts's problems with
 * it, and, when the notebooks' URL is not this repository's (which config then checks), the examples'
 * repository refused.
 */
function repositoryProblems(repository: string, ownUrl: boolean): string[] {
  try {
    loadCi({ github: { repository } }, []);
  } catch (error) {
    if (!(error instanceof CiConfigError)) throw error;
    return error.problems.map((problem) => problem.replace(/^ci\.github\.repository/, "--github-repository (ci.github.repository)"));
  }
  const example = examplePlaceholder(`https://github.com/${repository}`);
  if (!example || !ownUrl) return [];
  return [
    flagProblem(
      "github-repository",
      repository,
      `is ${example.what} (${example.source}), a placeholder: the bootstrap stacks would trust that repository's workflows, not yours. Fix: give your repository's OWNER/NAME`,
    ),
  ];
}

/** Writes the new file (refusing one that appeared meanwhile) and replaces the others through a temporary file each; undoes the new file if any write fails. */
function writeAll(root: string, files: ReadonlyArray<{ path: string; text: string }>): void {
  const [created, ...replaced] = files;
  writeFileSync(join(root, created.path), created.text, { flag: "wx" });
  try {
    const staged = replaced.map((file) => {
      const temporary = join(root, `${file.path}.new-environment-${process.pid}`);
      writeFileSync(temporary, file.text);
      return { temporary, target: join(root, file.path) };
    });
    for (const { temporary, target } of staged) renameSync(temporary, target);
  } catch (error) {
    rmSync(join(root, created.path), { force: true });
    throw error;
  }
}

/** Comments the file carries beside the choices the scaffold made. */
function fileComments(cloud: Cloud, stage: string, proposedRange: string | undefined): Record<string, string> {
  const range = proposedRange
    ? "Proposed by the scaffold: it overlaps no environment of the estate nor the examples; your network team may know better."
    : "Given with --network-cidr.";
  const comments: Record<string, string> = {
    "unityCatalog.metastore":
      "create: the blueprint's metastore stack creates the region's metastore; adopt: the one there is assigned.\nnpm run preflight:metastore checks this against the account before the first apply.",
    "security.ipAccessList": "Networks people reach the workspace from (offices, VPN); deployerIpRanges: the deploy runners' egress.",
    compute: "Sizes to start with; size them to the workloads (docs/security-controls.md, section Cost controls).",
  };
  if (cloud === "aws")
    comments["aws.network"] =
      `${range}\nZone letters differ per account: check them with aws ec2 describe-availability-zones --region REGION.`;
  else comments["azure.network"] = range;
  if (stage === "prod") {
    comments.stage =
      'prod turns on the prod baseline (docs/security-controls.md, "What is on in prod by default"); a switch goes off only as { enabled: false, reason: "..." }.';
  }
  return comments;
}
