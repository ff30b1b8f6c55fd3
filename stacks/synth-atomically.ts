import { App } from "cdktf";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { withoutTokenTraces } from "./token-traces";
import { withVersionChecksOnce } from "./version-checks";

/**
 * Synthesizes into a staging directory beside `outdir` and moves it in only when every stack passed
 * (guardrail findings fail synth while stacks are being written), so a failed synth never leaves
 * `outdir` half-written: it keeps whatever it held before. cdktf's token traces are skipped
 * (token-traces.ts) and its Terraform version check runs once, not once per stack (version-checks.ts).
 */
export function synthAtomically(outdir: string, build: (app: App) => void): void {
  const started = performance.now();
  const target = resolve(outdir);
  const staging = mkdtempSync(join(dirname(target), `.cdktf-staging-${basename(target)}-`));
  let built: number;
  try {
    built = buildAndSynthesize(new App({ outdir: staging }), build);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  swapIn(staging, target);
  if (process.env[SYNTH_TIMINGS_VARIABLE] === "1") {
    const ms = (value: number) => `${Math.round(value)} ms`;
    console.error(`synth timings: start-up, imports and config ${ms(started)}, building the constructs ${ms(built - started)}, synthesizing (resolve, guardrails, write) ${ms(performance.now() - built)}`);
  }
}

/**
 * Builds `app` with `build` and synthesizes it the way the app does: without cdktf's token traces
 * (token-traces.ts) and with its Terraform version check answered once (version-checks.ts). Gives the
 * moment building ended (performance.now(), milliseconds). The test utilities synthesize through it too.
 */
export function buildAndSynthesize(app: App, build: (app: App) => void): number {
  return withoutTokenTraces(() =>
    withVersionChecksOnce(() => {
      build(app);
      const built = performance.now();
      app.synth();
      return built;
    }),
  );
}

/** Set to 1 to print where a synth's time went (to stderr): what ran before synth, building, synthesizing. */
export const SYNTH_TIMINGS_VARIABLE = "LAKEHOUSE_SYNTH_TIMINGS";

/**
 * Moves what `staging` holds into `target` entry by entry (each stack directory, the manifest) and
 * removes `staging`. A stack directory of `target` that this synth did not write stays: the manifest no
 * longer lists it, and the cdktf CLI, which listed the stacks before running the app, deletes exactly
 * those afterwards (without `force`: had they gone already, `LAKEHOUSE_ENVIRONMENTS=dev cdktf synth`
 * after a full synth would fail).
 */
function swapIn(staging: string, target: string): void {
  mkdirSync(join(target, "stacks"), { recursive: true });
  for (const entry of readdirSync(staging)) {
    if (entry === "stacks") continue;
    rmSync(join(target, entry), { recursive: true, force: true });
    renameSync(join(staging, entry), join(target, entry));
  }
  const stacks = join(staging, "stacks");
  for (const stack of existsSync(stacks) ? readdirSync(stacks) : []) {
    rmSync(join(target, "stacks", stack), { recursive: true, force: true });
    renameSync(join(stacks, stack), join(target, "stacks", stack));
  }
  rmSync(staging, { recursive: true, force: true });
}
