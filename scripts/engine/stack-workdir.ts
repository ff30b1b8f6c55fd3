// The engine the tests run with (chosen by scripts/engine/use.sh) and the working copies of the
// synthesized stacks it runs in. The copies drop the stack's backend: validation and plan tests
// never read or write a real state.
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Json } from "./realistic-values";

export interface Engine {
  /** The tofu or terraform binary. */
  readonly bin: string;
  /** Environment of every engine call: no real cloud credentials, made-up ones in their place. */
  readonly env: NodeJS.ProcessEnv;
  /** One line: which engine and which provider builds (from scripts/engine/use.sh). */
  readonly report: string;
}

// Credentials a developer's shell may hold; a plan test must never reach a real cloud with them.
const REAL_CREDENTIALS = /^(AWS_|ARM_|AZURE_|DATABRICKS_|GOOGLE_)/;

/** The engine named by scripts/engine/use.sh; refuses to guess when it was not sourced. */
export function engineFromEnvironment(): Engine {
  const bin = process.env.TERRAFORM_BINARY_NAME;
  if (!bin || !process.env.LAKEHOUSE_ENGINE) {
    throw new Error(
      "No engine chosen. Fix: run through npm (npm run validate / npm run test:plan) or `bash scripts/engine/run.sh <command>`, which source scripts/engine/use.sh",
    );
  }
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !REAL_CREDENTIALS.test(k)));
  Object.assign(env, {
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    // Made up for this run, so that the providers configure; nothing they could open exists.
    AWS_ACCESS_KEY_ID: "plan-test-only",
    AWS_SECRET_ACCESS_KEY: randomBytes(16).toString("hex"),
    AWS_EC2_METADATA_DISABLED: "true",
    DATABRICKS_CLIENT_ID: "00000000-0000-4000-8000-00000000c1d0",
    DATABRICKS_CLIENT_SECRET: randomBytes(16).toString("hex"),
  });
  return { bin, env, report: process.env.LAKEHOUSE_ENGINE_REPORT ?? bin };
}

/** Every synthesized stack of `out` (a cdktf.out directory), by name, parsed. */
export function readStacks(out: string): Map<string, Json> {
  const stacks = new Map<string, Json>();
  for (const name of readdirSync(join(out, "stacks")).sort()) {
    stacks.set(name, JSON.parse(readFileSync(join(out, "stacks", name, "cdk.tf.json"), "utf8")) as Json);
  }
  return stacks;
}

/** Writes a fresh working copy of a stack (without its backend) under `root`; returns its directory. */
export function writeWorkdir(root: string, name: string, stack: Json, extraFiles: Record<string, unknown> = {}): string {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const copy: Json = JSON.parse(JSON.stringify(stack));
  delete copy.terraform?.backend;
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify(copy, null, 2));
  for (const [file, content] of Object.entries(extraFiles)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export function run(engine: Engine, dir: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(engine.bin, [...args, "-no-color"], { cwd: dir, env: engine.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

/** `init` without a backend; returns the error text, or undefined when it worked. */
export function init(engine: Engine, dir: string): string | undefined {
  const result = run(engine, dir, ["init", "-backend=false", "-input=false"]);
  return result.status === 0 ? undefined : result.stderr || result.stdout || `exit ${result.status}`;
}

/** Number of resource blocks and data blocks a stack defines. */
export function blockCount(stack: Json): { resources: number; data: number } {
  const count = (section: Json | undefined) =>
    Object.values(section ?? {}).reduce((n: number, byName) => n + Object.keys(byName as Json).length, 0);
  return { resources: count(stack.resource), data: count(stack.data) };
}
