// Plan tests of every synthesized stack: next to a working copy of each stack, a `tofu test` file
// with one `command = plan` run. The real providers plan every resource; only what a plan without
// a cloud cannot ask for is given, in its real format (scripts/engine/realistic-values.ts):
//   - terraform_remote_state: the producing stack's outputs, derived from its resources;
//   - data sources that call an API (groups, service principals, client config): override_data;
//   - azurerm, which cannot plan without Entra ID: mock_provider (it keeps the real schema and the
//     provider's own checks), with Azure's formats for what Azure computes (azure-mocks.ts).
// The provider-computed policy data sources (databricks_aws_*, aws_iam_policy_document) run for
// real. AWS plans with the stack's own provider settings plus the skip flags; credentials are
// made up per run. Then planted errors prove that a plan test fails when a stack is wrong.
// Usage: npm run test:plan (synthesizes and chooses the engine first)
//        bash scripts/engine/run.sh npx ts-node --swc scripts/engine/plan-tests.ts [cdktf.out]
// Each stack's plan output is kept in .engine-work/plan/STACK/plan-test.log beside the out directory.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { azurermMock } from "./azure-mocks";
import { COMPUTED_LOCALLY, dataSourceValues, type Json, producerName, remoteOutputsRead, remoteStateOutputs } from "./realistic-values";
import { type Engine, engineFromEnvironment, init, readStacks, run, writeWorkdir } from "./stack-workdir";

const TEST_FILE = "tests/plan.tftest.json";

/**
 * The aws provider blocks of a stack, able to plan offline: the stack's settings plus the skip flags.
 * Without asking STS the provider cannot know the account, so `allowed_account_ids` goes (the emulator
 * test checks that guard against an account that answers).
 */
function offlineAwsProviders(stack: Json): Json[] | undefined {
  const blocks: Json[] | undefined = stack.provider?.aws;
  return blocks?.map(({ allowed_account_ids: _checkedInTheEmulatorTest, ...block }) => ({
    ...block,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: "true",
    skip_region_validation: true,
  }));
}

/**
 * The `tofu test` file (JSON syntax) that plans `name`. `stacks` holds every synthesized stack: a
 * remote state's values come from the stack that writes that state. Throws when a value it needs
 * has no realistic form yet, naming what to add.
 */
export function planTestFile(name: string, stacks: ReadonlyMap<string, Json>): Json {
  const stack = stacks.get(name);
  if (!stack) throw new Error(`plan-tests: no stack ${name}`);
  const overrides: Json[] = [];
  const reads = remoteOutputsRead(stack);
  for (const [remote, config] of Object.entries((stack.data?.terraform_remote_state ?? {}) as Json)) {
    const producer = producerName(config);
    const producerStack = stacks.get(producer);
    if (!producerStack) throw new Error(`plan-tests: ${name} reads the state of ${producer}, which was not synthesized`);
    overrides.push({
      target: `data.terraform_remote_state.${remote}`,
      values: { outputs: remoteStateOutputs(producerStack, producer, [...(reads.get(remote) ?? [])]) },
    });
  }
  for (const [type, byName] of Object.entries((stack.data ?? {}) as Json)) {
    if (type === "terraform_remote_state" || COMPUTED_LOCALLY.test(type)) continue;
    for (const dataName of Object.keys(byName as Json))
      overrides.push({ target: `data.${type}.${dataName}`, values: dataSourceValues(stack, name, type, dataName) });
  }
  const test: Json = { run: { plan: { command: "plan" } } };
  if (overrides.length) test.override_data = overrides;
  const aws = offlineAwsProviders(stack);
  if (aws) test.provider = { aws };
  if (stack.terraform?.required_providers?.azurerm) test.mock_provider = { azurerm: azurermMock(stack) };
  return test;
}

/** Resource instances a verbose `tofu test` run planned, counted from the plan it prints. */
export function plannedResources(output: string): number {
  return [...output.matchAll(/^\s*# (\S+) will be (created|read during apply|updated in-place|destroyed|replaced)/gm)].filter(
    (m) => !m[1].startsWith("data.") && !m[1].includes(".data."),
  ).length;
}

export interface PlanResult {
  readonly name: string;
  readonly passed: boolean;
  readonly planned: number;
  /** Distinct warnings the engine or a provider printed (deprecations, ignored values). */
  readonly warnings: string[];
  readonly output: string;
}

/** The distinct "Warning: ..." headlines of an engine run, with the address each one is about. */
export function warningsOf(output: string): string[] {
  const found = new Set<string>();
  for (const match of output.matchAll(/^Warning: (.+)\n\n(?:\s*with ([^,\n]+),)?/gm))
    found.add(match[2] ? `${match[1]} (${match[2]})` : match[1]);
  return [...found];
}

/**
 * Values for the stack's input variables that have no default (the secrets the pipeline passes as
 * TF_VAR_*): made up for this run and passed through the environment, never written to a file.
 */
function madeUpVariables(stack: Json): NodeJS.ProcessEnv {
  const variables = Object.entries((stack.variable ?? {}) as Json).filter(([, v]) => (v as Json).default === undefined);
  return Object.fromEntries(variables.map(([key]) => [`TF_VAR_${key}`, `plan-test-${randomBytes(8).toString("hex")}`]));
}

/** Writes the working copy and its test file, then runs init and the plan test. */
export function planStack(engine: Engine, work: string, name: string, stack: Json, stacks: ReadonlyMap<string, Json>): PlanResult {
  const dir = writeWorkdir(work, name, stack, { [TEST_FILE]: planTestFile(name, stacks) });
  const failedInit = init(engine, dir);
  if (failedInit) return { name, passed: false, planned: 0, warnings: [], output: `init failed:\n${failedInit}` };
  const result = run({ ...engine, env: { ...engine.env, ...madeUpVariables(stack) } }, dir, ["test", "-verbose"]);
  const output = `${result.stdout}\n${result.stderr}`;
  // Kept beside the working copy: the plan a reviewer (or a test) reads, and what the failure line points to.
  writeFileSync(join(dir, "plan-test.log"), output);
  const passed = result.status === 0 && /\b1 passed, 0 failed\b/.test(result.stdout);
  return { name, passed, planned: plannedResources(result.stdout), warnings: warningsOf(output), output };
}

/** Errors planted into copies of real stacks: each must make its stack's plan test fail. */
export const PLANTED_ERRORS: ReadonlyArray<{
  readonly stack: RegExp;
  readonly what: string;
  readonly plant: (stack: Json) => string;
  readonly expect: RegExp;
}> = [
  {
    stack: /-workspace-config$/,
    what: "a secret scope name the Databricks API refuses",
    plant: (stack) => {
      const [name, scope] = Object.entries(stack.resource.databricks_secret_scope as Json)[0];
      scope.name = "no spaces allowed!";
      return `databricks_secret_scope.${name}`;
    },
    expect: /invalid value for name[\s\S]*databricks_secret_scope/,
  },
  {
    stack: /-aws-workspace$/,
    what: "a bucket ARN handed to a policy data source that asks for the bucket name",
    plant: (stack) => {
      const [name, policy] = Object.entries(stack.data.databricks_aws_unity_catalog_policy as Json)[0];
      policy.bucket_name = "arn:aws:s3:::dev-lakehouse-data";
      return `data.databricks_aws_unity_catalog_policy.${name}`;
    },
    expect: /bucket_name[\s\S]*databricks_aws_unity_catalog_policy|databricks_aws_unity_catalog_policy[\s\S]*bucket/i,
  },
];

function excerpt(output: string): string {
  const errors = output.split("\n").filter((line) => /Error|error/.test(line));
  return (errors.length ? errors : output.split("\n"))
    .slice(0, 12)
    .map((line) => `    ${line}`)
    .join("\n");
}

if (require.main === module) {
  const started = Date.now();
  const out = process.argv[2] ?? join(__dirname, "..", "..", "cdktf.out");
  const engine = engineFromEnvironment();
  const work = join(out, "..", ".engine-work", "plan");
  console.log(`engine: ${engine.report}`);
  const stacks = readStacks(out);
  let failed = 0;
  let total = 0;
  for (const [name, stack] of stacks) {
    const result = planStack(engine, work, name, stack, stacks);
    total += result.planned;
    if (result.passed && result.planned > 0) {
      console.log(
        `✓ ${name}: ${result.planned} resources planned${stack.terraform?.required_providers?.azurerm ? " (azurerm mocked)" : ""}`,
      );
      for (const warning of result.warnings) console.log(`  warning: ${warning}`);
    } else {
      failed += 1;
      console.log(
        `✗ ${name}: plan test failed (${result.planned} resources planned)\n${excerpt(result.output)}\n    full output: ${join(work, name, "plan-test.log")}`,
      );
    }
  }
  console.log(`plan tests: ${stacks.size - failed} of ${stacks.size} stacks planned, ${total} resources in all`);
  let missed = 0;
  for (const planted of PLANTED_ERRORS) {
    const name = [...stacks.keys()].find((n) => planted.stack.test(n));
    if (!name) {
      missed += 1;
      console.log(`✗ planted error "${planted.what}": no stack matches ${planted.stack}`);
      continue;
    }
    const copy: Json = JSON.parse(JSON.stringify(stacks.get(name)));
    const address = planted.plant(copy);
    const result = planStack(engine, join(out, "..", ".engine-work", "planted"), name, copy, new Map([...stacks, [name, copy]]));
    if (!result.passed && planted.expect.test(result.output)) {
      console.log(`✓ planted error caught in ${name} (${address}: ${planted.what})`);
    } else {
      missed += 1;
      console.log(`✗ planted error NOT caught in ${name} (${address}: ${planted.what})\n${excerpt(result.output)}`);
    }
  }
  console.log(
    `${stacks.size - failed + PLANTED_ERRORS.length - missed} passed, ${failed + missed} failed (plan tests and planted errors, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  process.exit(failed === 0 && missed === 0 && stacks.size > 0 ? 0 : 1);
}
