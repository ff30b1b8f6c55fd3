// The reviewed-plan record the workflows carry from a pull request to the deploy.
// Usage (from the repository root, after `npm run synth`):
//   npm run --silent ci:reviewed-plan -- record ENVIRONMENT PLAN_DIR OUT.json
//     PLAN_DIR holds plan-STACK.json (`tofu show -json`) and waits.txt ("STACK UPSTREAM" lines)
//   npm run --silent ci:reviewed-plan -- check REVIEWED.json STACK FRESH_PLAN.json
//     exit 0: apply the fresh plan; exit 1: refused, with the resources that differ
// Why a re-plan compared with the reviewed one rather than the pull request's saved plan file: a
// saved plan holds every variable's value in clear (the sensitive TF_VAR_* secrets too), so it
// cannot be kept as a workflow artifact; it was made with the read-only plan role against the state
// of that moment, and OpenTofu refuses to apply it once the state has moved on. The record keeps
// the changes with sensitive values masked, and the deploy applies its own fresh plan only when it
// makes exactly those changes.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { changesOf, type PlanJson, type ReviewedPlan, type ReviewedStack, verdict } from "./plan-equality";

/** The synthesized stacks: cdktf.out/stacks, or CI_STACKS_DIR (as scripts/ci/stacks.sh sets it). */
const STACKS_DIR = process.env.CI_STACKS_DIR ?? join("cdktf.out", "stacks");

/** SHA-256 of a stack's synthesized JSON: whether the code of a stack changed between review and deploy. */
export function stackHash(stack: string, stacksDir = STACKS_DIR): string {
  const file = join(stacksDir, stack, "cdk.tf.json");
  if (!existsSync(file))
    throw new Error(
      `reviewed-plan: ${file} does not exist. Fix: run npm run synth first (with LAKEHOUSE_ENVIRONMENTS naming the environment of ${stack})`,
    );
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

/** The record of one environment's pull-request plans in `planDir`. */
export function record(environment: string, planDir: string, commit: string, stacksDir = STACKS_DIR): ReviewedPlan {
  const stacks: Record<string, ReviewedStack> = {};
  for (const file of readdirSync(planDir)
    .filter((f) => /^plan-.+\.json$/.test(f))
    .sort()) {
    const stack = file.replace(/^plan-|\.json$/g, "");
    stacks[stack] = {
      status: "planned",
      stackHash: stackHash(stack, stacksDir),
      changes: changesOf(readJson<PlanJson>(join(planDir, file))),
    };
  }
  const waits = join(planDir, "waits.txt");
  if (existsSync(waits)) {
    for (const line of readFileSync(waits, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")) {
      const [stack, upstream] = line.trim().split(/\s+/);
      stacks[stack] = { status: "waits", upstream, stackHash: stackHash(stack, stacksDir) };
    }
  }
  return { environment, commit, stacks };
}

function currentCommit(): string {
  return process.env.GITHUB_SHA ?? execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
}

function main(args: string[]): number {
  const [command, ...rest] = args;
  if (command === "record" && rest.length === 3) {
    const [environment, planDir, out] = rest;
    writeFileSync(out, `${JSON.stringify(record(environment, planDir, currentCommit()), null, 2)}\n`);
    return 0;
  }
  if (command === "check" && rest.length === 3) {
    const [reviewedFile, stack, freshFile] = rest;
    const reviewed = existsSync(reviewedFile) ? readJson<ReviewedPlan>(reviewedFile) : undefined;
    const result = verdict(reviewed, stack, readJson<PlanJson>(freshFile), stackHash(stack));
    (result.apply ? console.log : console.error)(result.apply ? `apply: ${result.reason}` : `refused: ${result.reason}`);
    return result.apply ? 0 : 1;
  }
  console.error("Usage: reviewed-plan record ENVIRONMENT PLAN_DIR OUT.json | check REVIEWED.json STACK FRESH_PLAN.json");
  return 2;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
