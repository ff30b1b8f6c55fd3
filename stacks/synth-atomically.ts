import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { App } from "cdktn";
import { checkSynthesized } from "../constructs/guardrails/guardrails";

/**
 * Synthesizes into a staging directory beside `outdir`, runs the guardrails over the JSON written
 * there, and moves it in only when every stack passed, so a failed synth never leaves `outdir`
 * half-written: it keeps whatever it held before. Throws an Error listing every guardrail finding
 * (construct path, rule, fix); suppressed findings are printed to stderr with their reasons.
 */
export function synthAtomically(outdir: string, build: (app: App) => void, options: { readonly pruneStale?: boolean } = {}): void {
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
  swapIn(staging, target, options.pruneStale ?? false);
  if (process.env[SYNTH_TIMINGS_VARIABLE] === "1") {
    const ms = (value: number) => `${Math.round(value)} ms`;
    console.error(
      `synth timings: start-up, imports and config ${ms(started)}, building the constructs ${ms(built - started)}, synthesizing (resolve, write, guardrails) ${ms(performance.now() - built)}`,
    );
  }
}

/**
 * Builds `app` with `build`, synthesizes it into its outdir and runs the guardrails over what was
 * written (checkSynthesized). Throws on a finding; gives the moment building ended (performance.now(),
 * milliseconds). The test utilities synthesize through it too.
 */
export function buildAndSynthesize(app: App, build: (app: App) => void): number {
  build(app);
  const built = performance.now();
  app.synth();
  const report = checkSynthesized(app, app.outdir);
  for (const warning of report.warnings) console.error(`guardrail warning: ${warning}`);
  if (report.errors.length > 0) {
    throw new Error(
      `Guardrails failed synth (${report.errors.length} finding(s)); nothing was written:\n${report.errors.map((e) => `  - ${e}`).join("\n")}`,
    );
  }
  return built;
}

/** Set to 1 to print where a synth's time went (to stderr): what ran before synth, building, synthesizing. */
export const SYNTH_TIMINGS_VARIABLE = "LAKEHOUSE_SYNTH_TIMINGS";

/**
 * Moves what `staging` holds into `target` entry by entry (each stack directory, the manifest) and
 * removes `staging`. A stack directory of `target` that this synth did not write is removed when
 * `pruneStale` (the app run on its own, as `npm run synth` does); under the CLI it stays: the manifest
 * no longer lists it, and the CLI, which listed the stacks before running the app, deletes exactly
 * those afterwards (without `force`: had they gone already, `LAKEHOUSE_ENVIRONMENTS=dev cdktn synth`
 * after a full synth would fail).
 */
function swapIn(staging: string, target: string, pruneStale: boolean): void {
  mkdirSync(join(target, "stacks"), { recursive: true });
  for (const entry of readdirSync(staging)) {
    if (entry === "stacks") continue;
    rmSync(join(target, entry), { recursive: true, force: true });
    renameSync(join(staging, entry), join(target, entry));
  }
  const stacks = join(staging, "stacks");
  const written = existsSync(stacks) ? readdirSync(stacks) : [];
  if (pruneStale) {
    for (const stale of readdirSync(join(target, "stacks")).filter((name) => !written.includes(name)))
      rmSync(join(target, "stacks", stale), { recursive: true, force: true });
  }
  for (const stack of written) {
    rmSync(join(target, "stacks", stack), { recursive: true, force: true });
    renameSync(join(stacks, stack), join(target, "stacks", stack));
  }
  rmSync(staging, { recursive: true, force: true });
}
