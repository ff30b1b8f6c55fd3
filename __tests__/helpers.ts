import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { Testing } from "cdktn";
import type { Construct } from "constructs";
import type { CiSettings } from "../config/ci";
import { awsDev, awsProd, awsSandbox, azureDev, azureProd } from "../config/examples";
import { loadEnvironments } from "../config/load";
import type { Environment, EnvironmentInput } from "../config/schema";
import type { buildBlueprint as BuildBlueprint } from "../stacks/blueprint";
import { buildAndSynthesize } from "../stacks/synth-atomically";
import { SYNTH_CACHE_VARIABLE } from "./global-setup";

/** A deep copy of an example environment, changed by `edit`; inputs may be made invalid on purpose. */
export function variant(base: EnvironmentInput, edit: (env: any) => void = () => undefined): EnvironmentInput {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}

export const examples = { dev: awsDev, prod: awsProd, azdev: azureDev, azprod: azureProd, sandbox: awsSandbox };

/**
 * An example without the prod catalog it reads (unityCatalog.readsProdCatalogOf), for an estate
 * that holds it without its prod environment: config refuses a pairing with an environment it lacks.
 */
export function standalone(env: EnvironmentInput): EnvironmentInput {
  return variant(env, (e) => delete e.unityCatalog.readsProdCatalogOf);
}

/** The validated example environments, keyed by name. */
export function exampleEnvironments(): Record<string, Environment> {
  return Object.fromEntries(loadEnvironments(Object.values(examples)).map((env) => [env.name, env]));
}

function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "//")
      .map(([key, v]) => [key, withoutMetadata(v)]),
  );
}

/**
 * Synthesizes the blueprint for `envs` exactly as main.ts does (a real app.synth(), cross-stack
 * references included, no token traces and one Terraform version check, as synthAtomically) and returns
 * each stack's JSON, metadata stripped, keyed by stack name.
 */
export function synthBlueprint(envs: Environment[], ci?: CiSettings): Record<string, string> {
  return synthBlueprintSelected(envs, envs, ci);
}

/**
 * As synthBlueprint, for a selection of the configured environments `all` (as LAKEHOUSE_ENVIRONMENTS does);
 * `ci` is where CI runs (config/github.ts's by default, which an estate of the team's own must replace).
 * Kept for the rest of the jest run (in the directory jest's global setup names), keyed by the
 * environments given, so the same estate is synthesized once per run, not once per test file.
 */
export function synthBlueprintSelected(selected: Environment[], all: Environment[], ci?: CiSettings): Record<string, string> {
  const cache = process.env[SYNTH_CACHE_VARIABLE];
  const file = cache && join(cache, `${sha256(JSON.stringify(ci === undefined ? [selected, all] : [selected, all, ci]))}.json`);
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  // Loaded on a miss only: a test file that reads an estate another file synthesized does not load every
  // construct and provider binding of the blueprint (a third of a second per file).
  const { buildBlueprint } = require("../stacks/blueprint") as { buildBlueprint: typeof BuildBlueprint };
  const app = Testing.app();
  buildAndSynthesize(app, (built) => buildBlueprint(built, selected, all, ...(ci === undefined ? [] : [ci])));
  const names = app.node.children.map((child) => child.node.id);
  const stacks = Object.fromEntries(
    names.map((name) => [
      name,
      JSON.stringify(withoutMetadata(JSON.parse(readFileSync(join(app.outdir, "stacks", name, "cdk.tf.json"), "utf8"))), null, 2),
    ]),
  );
  if (file) {
    // Another worker may write the same estate at the same time: each writes its own file and renames.
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(stacks));
    renameSync(`${file}.${process.pid}`, file);
  }
  return stacks;
}

/** Synthesizes what `build` adds to a stack that already has a workspace-level Databricks provider. */
export function synthWorkspaceScope(build: (scope: Construct, provider: DatabricksProvider) => void): string {
  return Testing.synthScope((scope) => {
    const provider = new DatabricksProvider(scope, "databricks", { host: "https://example.cloud.databricks.com" });
    build(scope, provider);
  });
}

/** The SHA-256 of a text, in hex: compares whole stacks byte for byte without printing them on failure. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Parsed resources of one type in a synthesized document. */
export function resourcesOf(synthesized: string, type: string): Record<string, any>[] {
  const parsed = JSON.parse(synthesized) as { resource?: Record<string, Record<string, any>> };
  return Object.values(parsed.resource?.[type] ?? {});
}

/** Parsed data sources of one type in a synthesized document. */
export function dataSourcesOf(synthesized: string, type: string): Record<string, any>[] {
  const parsed = JSON.parse(synthesized) as { data?: Record<string, Record<string, any>> };
  return Object.values(parsed.data?.[type] ?? {});
}

/** The resource (or data source) types in a synthesized document, sorted. */
export function typesOf(synthesized: string, section: "resource" | "data"): string[] {
  return Object.keys((JSON.parse(synthesized) as Record<string, object>)[section] ?? {}).sort();
}
