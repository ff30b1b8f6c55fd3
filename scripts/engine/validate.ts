// Validates every synthesized stack with the real engine (OpenTofu) and the providers built by
// scripts/engine/install.sh, offline. The databricks provider cannot be obtained on this machine
// (its module is refused by the Go module proxy), so each stack is validated in an "engine view":
// databricks_* blocks are removed and every expression that reads one becomes an input variable of
// unknown value. What was not validated is counted and printed, never hidden.
// Usage: npm run validate (synthesizes first) | ts-node scripts/engine/validate.ts [cdktf.out]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

type Json = Record<string, any>;
const UNAVAILABLE = /^databricks_/;

export interface EngineView {
  readonly json: Json;
  readonly removed: string[];
  readonly standIns: number;
}

/** The stack without the blocks of unavailable providers; references to them become variables. */
export function engineView(stack: Json): EngineView {
  const json: Json = JSON.parse(JSON.stringify(stack));
  const removed: string[] = [];
  for (const section of ["resource", "data"] as const) {
    for (const type of Object.keys(json[section] ?? {})) {
      if (!UNAVAILABLE.test(type)) continue;
      removed.push(...Object.keys(json[section][type]).map((name) => `${section === "data" ? "data." : ""}${type}.${name}`));
      delete json[section][type];
    }
  }
  delete json.provider?.databricks;
  delete json.terraform?.required_providers?.databricks;
  const variables = new Map<string, string>();
  const mentions = /\$\{([^{}]*\b(data\.)?databricks_[a-z_]+\.[^{}]*)\}/g;
  const rewrite = (value: unknown): unknown => {
    if (typeof value === "string") {
      return value.replace(mentions, (_, expression: string) => {
        const name = variables.get(expression) ?? `stand_in_${variables.size + 1}`;
        variables.set(expression, name);
        return `\${var.${name}}`;
      });
    }
    if (Array.isArray(value)) return value.filter((v) => !(typeof v === "string" && /^(data\.)?databricks_/.test(v))).map(rewrite);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  const rewritten = rewrite(json) as Json;
  // JSON syntax rejects empty block maps.
  for (const key of ["resource", "data", "provider", "output"]) if (rewritten[key] && Object.keys(rewritten[key]).length === 0) delete rewritten[key];
  if (rewritten.terraform?.required_providers && Object.keys(rewritten.terraform.required_providers).length === 0) delete rewritten.terraform.required_providers;
  if (variables.size > 0) {
    rewritten.variable = { ...(rewritten.variable ?? {}) };
    for (const [expression, name] of variables) rewritten.variable[name] = { type: "any", description: `stands in for \${${expression}} (databricks provider unavailable)` };
  }
  return { json: rewritten, removed, standIns: variables.size };
}

interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  address?: string;
  range?: { filename: string; start: { line: number } };
}

function engine(): { tofu: string; env: NodeJS.ProcessEnv } {
  const root = process.env.LAKEHOUSE_ENGINE_HOME ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "lakehouse-engine");
  const tofu = join(root, "bin", "tofu");
  if (!existsSync(tofu)) throw new Error(`No engine at ${tofu}. Fix: run scripts/engine/install.sh`);
  return { tofu, env: { ...process.env, TF_CLI_CONFIG_FILE: join(root, "tofurc"), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" } };
}

if (require.main === module) {
  const out = process.argv[2] ?? join(__dirname, "..", "..", "cdktf.out");
  const { tofu, env } = engine();
  const work = join(out, "..", ".engine-views");
  rmSync(work, { recursive: true, force: true });
  let invalid = 0;
  let validatedBlocks = 0;
  let skippedBlocks = 0;
  for (const stack of readdirSync(join(out, "stacks")).sort()) {
    const view = engineView(JSON.parse(readFileSync(join(out, "stacks", stack, "cdk.tf.json"), "utf8")));
    const dir = join(work, stack);
    mkdirSync(dir, { recursive: true });
    delete view.json.terraform?.backend;
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(view.json, null, 2));
    const blocks = ["resource", "data"].reduce((n, s) => n + Object.values((view.json[s] ?? {}) as Json).reduce((m: number, byName) => m + Object.keys(byName as Json).length, 0), 0);
    const init = spawnSync(tofu, ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, env, encoding: "utf8" });
    if (init.status !== 0) {
      invalid += 1;
      console.log(`✗ ${stack}: init failed\n${init.stderr || init.stdout}`);
      continue;
    }
    const result = spawnSync(tofu, ["validate", "-json", "-no-color"], { cwd: dir, env, encoding: "utf8" });
    const report = JSON.parse(result.stdout) as { valid: boolean; error_count: number; diagnostics: Diagnostic[] };
    validatedBlocks += blocks;
    skippedBlocks += view.removed.length;
    const note = view.removed.length ? ` (${view.removed.length} databricks blocks not validated, ${view.standIns} stand-in variables)` : "";
    if (report.valid) {
      console.log(`✓ ${stack}: ${blocks} blocks valid${note}`);
    } else {
      invalid += 1;
      console.log(`✗ ${stack}: ${report.error_count} error(s)${note}`);
      for (const d of report.diagnostics.filter((x) => x.severity === "error")) {
        console.log(`  ${d.range ? `${d.range.filename}:${d.range.start.line} ` : ""}${d.address ?? ""} ${d.summary}${d.detail ? `: ${d.detail}` : ""}`);
      }
    }
  }
  const version = execFileSync(tofu, ["version"], { env, encoding: "utf8" }).split("\n")[0];
  console.log(`${version}: ${validatedBlocks} blocks validated by the engine, ${skippedBlocks} databricks blocks not validated (provider unavailable), ${invalid} invalid stack(s)`);
  process.exit(invalid === 0 ? 0 : 1);
}
