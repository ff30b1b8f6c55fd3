import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SYNTH_TIMINGS_VARIABLE } from "../../stacks/synth-atomically";

// `npm run bench`: how long synth and the unit part take, as medians of several child-process runs
// measured side by side in one run (so a busy machine slows every side alike and the ratios hold):
//   1. `npm run synth` (what a user types), the app of cdktf.json against its import floor (a process
//      that only requires the node_modules files the app's own code imports, recorded from a real app
//      run), and `cdktn synth` (the CLI) end to end;
//   2. the scale curve: 1, 10 and 50 generated AWS environments through the app's own command;
//   3. the unit part: `npm run typecheck` and `npm run test:unit`.
// Nothing here asserts a time; it reports. Runs: BENCH_RUNS (app, floor; default 5, at least 1),
// BENCH_SCALE_RUNS (default 3; 0 skips the scale curve), BENCH_UNIT_RUNS (default 3; 0 skips the unit
// part), BENCH_CLI_RUNS (default 3; 0 skips `cdktn synth`). BENCH_SCALE=1,10,50 chooses the environment counts.

const ROOT = resolve(__dirname, "../..");
const TIME = "/usr/bin/time";
const runs = (name: string, fallback: number, least = 0) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < least)
    throw new Error(`${name} = ${process.env[name]}: must be a whole number of runs (${least} or more)`);
  return value;
};

interface Sample {
  readonly seconds: number;
  /** Peak resident set of the largest process of the run's tree, MB (GNU time's %M); NaN when not measurable. */
  readonly peakMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

const measuresRss = spawnSync(TIME, ["-f", "%M", "true"], { encoding: "utf8" }).status === 0;

/** Runs `command` (a shell command line) in the repository, fails on a non-zero exit, gives wall time and peak RSS. */
function measure(command: string, env: NodeJS.ProcessEnv = {}): Sample {
  const scratch = mkdtempSync(join(tmpdir(), "bench-time-"));
  const rssFile = join(scratch, "rss");
  const argv = measuresRss ? [TIME, "-f", "%M", "-o", rssFile, "sh", "-c", command] : ["sh", "-c", command];
  const started = process.hrtime.bigint();
  const run = spawnSync(argv[0], argv.slice(1), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakMb = measuresRss && existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) / 1024 : NaN;
  rmSync(scratch, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`bench: \`${command}\` exited ${run.status}\n${run.stdout}\n${run.stderr}`);
  return { seconds, peakMb, stdout: run.stdout, stderr: run.stderr };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const secs = (s: number) => `${s.toFixed(2)} s`;
const mb = (m: number) => (Number.isNaN(m) ? "n/a" : `${Math.round(m)} MB`);
const row = (label: string, samples: Sample[], extra = "") =>
  `  ${label.padEnd(34)} ${secs(median(samples.map((s) => s.seconds))).padStart(9)} ${mb(median(samples.map((s) => s.peakMb))).padStart(8)}${extra}`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

const appCommand: string = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app;
const outdir = mkdtempSync(join(tmpdir(), "bench-out-"));
const stackCount = (dir: string) => readdirSync(join(dir, "stacks")).length;

function recordImports(): { listFile: string; imported: number; appLoaded: number } {
  // A first run settles whatever the app does once (a compile step, caches), so the recorded run and
  // the timed ones are warm, and what only a cold run loads stays out of the floor.
  measure(appCommand, { CDKTF_OUTDIR: join(outdir, "warm-up") });
  const prefix = join(outdir, "imports");
  measure(appCommand, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${join(__dirname, "record-imports.js")}`.trim(),
    BENCH_PROJECT_ROOT: ROOT,
    BENCH_IMPORTS_OUT: prefix,
    CDKTF_OUTDIR: join(outdir, "record"),
  });
  // Every process of the app's tree (npx, the loader, the app) writes its own list; the app's is the one with imports.
  const lists = readdirSync(outdir)
    .filter((f) => f.startsWith("imports."))
    .map((f) => JSON.parse(readFileSync(join(outdir, f), "utf8")) as { imported: string[]; loaded: number });
  if (lists.length !== 1) throw new Error(`bench: expected one process of the app to import from node_modules, found ${lists.length}`);
  return {
    listFile: join(outdir, readdirSync(outdir).find((f) => f.startsWith("imports."))!),
    imported: lists[0].imported.length,
    appLoaded: lists[0].loaded,
  };
}

function main(): void {
  // The app against its floor is the benchmark's first figure and is always measured.
  const appRuns = runs("BENCH_RUNS", 5, 1);
  const scaleRuns = runs("BENCH_SCALE_RUNS", 3);
  const unitRuns = runs("BENCH_UNIT_RUNS", 3);
  const cliRuns = runs("BENCH_CLI_RUNS", 3);
  const scale = (process.env.BENCH_SCALE ?? "1,10,50").split(",").map(Number);
  console.log(`== npm run bench  (node ${process.version}, load average ${load()} at start)`);
  console.log(`   app: ${appCommand}`);

  // 1. The app against its import floor, runs interleaved so both see the same machine.
  const { listFile, imported, appLoaded } = recordImports();
  const app: Sample[] = [];
  const floor: Sample[] = [];
  const npmSynth: Sample[] = [];
  for (let i = 0; i < appRuns; i++) {
    const target = join(outdir, "app");
    app.push(measure(appCommand, { CDKTF_OUTDIR: target }));
    if (i === 0) console.log(`   the app wrote ${stackCount(target)} stacks`);
    floor.push(measure(`node ${JSON.stringify(join(__dirname, "require-floor.js"))} ${JSON.stringify(listFile)}`));
    npmSynth.push(measure("npm run --silent synth", { CDKTF_OUTDIR: join(outdir, "npm-synth") }));
  }
  const floorLoaded = Number(floor[0].stdout.trim());
  const cli: Sample[] = [];
  for (let i = 0; i < cliRuns; i++)
    cli.push(measure(`npx cdktn synth --output ${JSON.stringify(join(outdir, "cli"))}`, { CHECKPOINT_DISABLE: "1" }));
  const appSeconds = median(app.map((s) => s.seconds));
  const floorSeconds = median(floor.map((s) => s.seconds));
  console.log(`\n-- synth (medians of ${appRuns} runs)                                wall     peak RSS`);
  console.log(row("npm run synth", npmSynth, "   (goal: at most 2 s; npm's own start-up included)"));
  console.log(row("app (cdktf.json)", app));
  console.log(row("import floor", floor, `   (${imported} modules the app imports; ${floorLoaded} files with theirs)`));
  console.log(
    `  app / floor                        ${(appSeconds / floorSeconds).toFixed(2).padStart(7)}x   (the app loaded ${appLoaded} node_modules files, loader included)`,
  );
  if (cliRuns > 0) console.log(row(`cdktn synth, end to end (${cliRuns} runs)`, cli, "   (the CLI's own start-up included)"));
  // Where one more run of the app spends its time (stacks/synth-atomically.ts prints it on request).
  const phases = measure(appCommand, { CDKTF_OUTDIR: join(outdir, "app"), [SYNTH_TIMINGS_VARIABLE]: "1" }).stderr.match(
    /synth timings: (.*)/,
  )?.[1];
  if (phases) console.log(`  one more app run, by phase: ${phases}`);

  // 2. The scale curve: the app's own command with the entry file swapped for the generated estate.
  const scaleCommand = appCommand.replace(/\bmain\.(ts|js)\b/, "scripts/bench/scale-main.$1");
  if (scaleCommand === appCommand) throw new Error(`bench: cannot find main.ts or main.js in the app command "${appCommand}"`);
  const curve = new Map<number, Sample[]>(scale.map((n) => [n, []]));
  for (let i = 0; i < scaleRuns; i++) {
    for (const n of scale)
      curve.get(n)!.push(measure(scaleCommand, { BENCH_ENVIRONMENTS: String(n), CDKTF_OUTDIR: join(outdir, `scale-${n}`) }));
  }
  if (scaleRuns > 0) {
    console.log(`\n-- scale: generated AWS environments through the app's command (medians of ${scaleRuns} runs)`);
    for (const n of scale)
      console.log(row(`${String(n).padStart(3)} environment(s), ${stackCount(join(outdir, `scale-${n}`))} stacks`, curve.get(n)!));
    const [first, last] = [scale[0], scale[scale.length - 1]];
    const t = (n: number) => median(curve.get(n)!.map((s) => s.seconds));
    if (last > first)
      console.log(
        `  per added environment (${first} -> ${last})     ${`${Math.round(((t(last) - t(first)) / (last - first)) * 1000)} ms`.padStart(9)}   (goal: at most 60 ms; ${last} in under 5 s)`,
      );
  }

  // 3. The unit part, as `npm test` runs it.
  if (unitRuns > 0) {
    const typecheck: Sample[] = [];
    const unit: Sample[] = [];
    for (let i = 0; i < unitRuns; i++) {
      typecheck.push(measure("npm run --silent typecheck"));
      unit.push(measure("npm run --silent test:unit 2>&1"));
    }
    const total = median(typecheck.map((s) => s.seconds)) + median(unit.map((s) => s.seconds));
    const tests = unit[0].stdout.match(/Tests:\s+(\d+) passed/)?.[1] ?? "?";
    console.log(`\n-- unit part (medians of ${unitRuns} runs)`);
    console.log(row("npm run typecheck", typecheck));
    console.log(row(`npm run test:unit (${tests} tests)`, unit));
    console.log(`  together                           ${secs(total).padStart(9)}            (goal: under 30 s)`);
  }
  console.log(`\n   load average ${load()} at the end`);
}

try {
  main();
} catch (error) {
  // A bad setting or a failed run: its message says which; the stack trace would only bury it.
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
