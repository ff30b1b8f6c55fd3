// Runs checkov over the synthesized stacks (terraform_json) and fails on any failed check that the
// committed skip list (scripts/scan/skips.json) does not cover. Each skip names its checks, a pattern
// of the resources it covers and a reason, so an exception never silently widens to new resources.
// A skip that holds only in some environments also names their mode (skip-modes.ts), which the
// configured environments resolve to workspace stacks (cdktf.out/stacks/<name>).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { environments } from "../../config/environments";
import { loadEnvironments } from "../../config/load";
import { stacksByMode } from "./skip-modes";

export interface Skip {
  readonly check: string[];
  readonly resource: string;
  /** Optional: the mode (SKIP_MODES in skip-modes.ts) of the environments whose stacks it holds in; unset, every stack. */
  readonly mode?: string;
  /** Optional: a pattern the stack's name must match (for a resource checkov names by its construct id alone); unset, every stack. */
  readonly stack?: string;
  readonly reason: string;
}
export interface Finding {
  readonly check: string;
  readonly name: string;
  readonly stack: string;
  readonly resource: string;
}

export function loadSkips(path: string): Skip[] {
  const skips = JSON.parse(readFileSync(path, "utf8")) as Skip[];
  for (const skip of skips) {
    if (!skip.reason || skip.reason.length < 20)
      throw new Error(`${path}: the skip of ${skip.check.join(", ")} needs a reason of at least 20 characters`);
  }
  return skips;
}

/** `modes`: the stacks of each mode a skip names (stacksByMode). */
export function classify(
  findings: Finding[],
  skips: Skip[],
  modes: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): { failed: Finding[]; skipped: Array<Finding & { reason: string }>; unused: Skip[] } {
  const used = new Set<Skip>();
  const failed: Finding[] = [];
  const skipped: Array<Finding & { reason: string }> = [];
  for (const finding of findings) {
    const skip = skips.find(
      (s) =>
        s.check.includes(finding.check) &&
        new RegExp(s.resource).test(finding.resource) &&
        (s.stack === undefined || new RegExp(s.stack).test(finding.stack)) &&
        (s.mode === undefined || (modes.get(s.mode)?.has(finding.stack) ?? false)),
    );
    if (skip) {
      used.add(skip);
      skipped.push({ ...finding, reason: skip.reason });
    } else {
      failed.push(finding);
    }
  }
  return { failed, skipped, unused: skips.filter((s) => !used.has(s)) };
}

type Report = {
  summary: { passed: number; failed: number };
  results: { failed_checks: Array<{ check_id: string; check_name: string; resource: string; file_path: string }> };
};

/** Runs the pinned checkov (installing it on first use) over `dir`; returns the passed count and the findings. */
export function runCheckov(dir: string): { passed: number; findings: Finding[] } {
  const root = join(__dirname, "..", "..");
  const venv = execFileSync("bash", [join(root, "scripts/setup/scan-env.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  let output: string;
  try {
    // --skip-download: offline, no guideline lookups from the vendor's API.
    output = execFileSync(
      join(venv, "bin/checkov"),
      ["-d", dir, "--framework", "terraform_json", "--quiet", "--skip-download", "-o", "json"],
      {
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
  } catch (error) {
    // checkov exits 1 when checks fail; its report is still on stdout.
    output = (error as { stdout?: string }).stdout ?? "";
    if (!output.trim().startsWith("[") && !output.trim().startsWith("{")) throw error;
  }
  const parsed = JSON.parse(output) as Report | Report[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  return {
    passed: reports.reduce((sum, r) => sum + r.summary.passed, 0),
    findings: reports.flatMap((r) =>
      r.results.failed_checks.map((f) => ({
        check: f.check_id,
        name: f.check_name,
        stack: f.file_path.split("/").slice(-2)[0],
        resource: f.resource,
      })),
    ),
  };
}

if (require.main === module) {
  const root = join(__dirname, "..", "..");
  const { passed, findings } = runCheckov(join(root, "cdktf.out"));
  const skips = loadSkips(join(root, "scripts/scan/skips.json"));
  const modes = stacksByMode(
    loadEnvironments(environments),
    skips.flatMap((s) => (s.mode === undefined ? [] : [s.mode])),
  );
  const { failed, skipped, unused } = classify(findings, skips, modes);
  for (const f of failed) console.log(`FAILED ${f.check} ${f.stack}/${f.resource}: ${f.name}`);
  for (const s of unused)
    console.log(`note: skip of ${s.check.join(", ")} for /${s.resource}/ matched nothing; remove it if the cause is gone`);
  console.log(
    `checkov: ${passed} passed, ${failed.length} failed, ${skipped.length} skipped (each with a reason in scripts/scan/skips.json)`,
  );
  process.exit(failed.length === 0 ? 0 : 1);
}
