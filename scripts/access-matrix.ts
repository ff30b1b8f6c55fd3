// Prints the access matrix of docs/access-matrix.md (persona x object x privilege) from the synthesized
// workspace-config stack of an example environment, so the table can never drift from the code.
// Usage: npx ts-node --swc scripts/access-matrix.ts [environment] (default: dev)

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktn";
import { exampleEnvironments as environments } from "../config/examples";
import { loadEnvironments } from "../config/load";
import type { Environment } from "../config/schema";
import { addEnvironment, stackNames } from "../stacks/blueprint";
import { developerReadersOf } from "../stacks/estate-stacks";

type Json = Record<string, any>;

const TARGETS: Array<[attribute: string, kind: string]> = [
  ["cluster_policy_id", "cluster policy"],
  ["cluster_id", "cluster"],
  ["sql_endpoint_id", "SQL warehouse"],
  ["instance_pool_id", "instance pool"],
  ["job_id", "job"],
  ["repo_id", "Git folder"],
  ["directory_path", "workspace folder"],
  ["experiment_id", "MLflow experiment"],
  ["authorization", "personal access tokens"],
  ["catalog", "catalog"],
  ["schema", "schema"],
  ["volume", "volume"],
  ["external_location", "external location"],
  ["model", "registered model"],
];

/** A readable name for the object a grant resource targets, from its construct path. */
function objectLabel(resource: Json, stack: string): string {
  const [attribute, kind] = TARGETS.find(([attr]) => resource[attr] !== undefined) ?? ["", "object"];
  const literal = typeof resource[attribute] === "string" && !resource[attribute].includes("${") ? resource[attribute] : undefined;
  if (literal) return `${kind}: ${literal}`;
  const segments: string[] = (resource["//"]?.metadata?.path ?? "").replace(`${stack}/`, "").split("/");
  if (["permissions", "grants"].includes(segments[segments.length - 1])) segments.pop();
  if (segments[segments.length - 1] === "access") segments.pop();
  const name = (segments.pop() ?? "").replace(/-(grants|access)$/, "");
  return `${kind}: ${name}`;
}

export function accessMatrix(env: Environment, stackJson: Json, stack: string): string {
  const personas: Record<string, string> = {
    [env.groups.admins]: "admins",
    [env.groups.dataEngineers]: "data engineers",
    [env.groups.dataScientists]: "data scientists",
    [env.groups.analysts]: "analysts",
    [env.groups.auditors]: "auditors",
  };
  const who = (name: string) =>
    personas[name] ?? (name.includes("databricks_service_principal") ? "CI/CD principal" : name.includes("@") ? "each developer" : name);
  const rows = new Map<string, Map<string, Set<string>>>();
  const add = (object: string, principal: string, privileges: string[]) => {
    const byPrincipal = rows.get(object) ?? new Map<string, Set<string>>();
    const set = byPrincipal.get(who(principal)) ?? new Set<string>();
    for (const p of privileges) set.add(p);
    byPrincipal.set(who(principal), set);
    rows.set(object, byPrincipal);
  };
  const resources = (type: string): Json[] => Object.values(stackJson.resource?.[type] ?? {});
  for (const r of resources("databricks_permissions")) {
    for (const a of r.access_control) {
      // Each developer's own Git folder is one row, however many developers there are.
      const object = a.user_name ? "Git folder: each developer's own" : objectLabel(r, stack);
      add(object, a.group_name ?? a.service_principal_name ?? a.user_name, [a.permission_level]);
    }
  }
  for (const r of resources("databricks_grants")) for (const g of r.grant) add(objectLabel(r, stack), g.principal, g.privileges);
  for (const r of resources("databricks_secret_acl"))
    add(`secret scope: ${r.scope.includes("${") ? env.secretScope : r.scope}`, r.principal, [r.permission]);

  const columns = ["admins", "data engineers", "data scientists", "analysts", "auditors", "CI/CD principal", "each developer"];
  const cell = (set?: Set<string>) => (set ? [...set].sort().join(", ") : "-");
  const lines = [`| object | ${columns.join(" | ")} |`, `| --- | ${columns.map(() => "---").join(" | ")} |`];
  for (const [object, byPrincipal] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${object} | ${columns.map((c) => cell(byPrincipal.get(c))).join(" | ")} |`);
  }
  return lines.join("\n");
}

/**
 * Who may read a prod catalog and what they see (docs/production-data-in-dev.md): its Unity Catalog
 * grants, with the developers of the dev environments that read it as columns of their own, and its
 * ABAC policies as rows (masked or filtered for whom, exempt for whom).
 */
export function prodCatalogMatrix(env: Environment, readers: readonly Environment[], stackJson: Json, stack: string): string {
  const personas: Record<string, string> = {
    [env.groups.admins]: "admins",
    [env.groups.dataEngineers]: "data engineers",
    [env.groups.dataScientists]: "data scientists",
    [env.groups.analysts]: "analysts",
    [env.piiReadersGroup]: "pii-readers",
  };
  for (const reader of readers) {
    personas[reader.groups.dataEngineers] = `${reader.name} data engineers`;
    personas[reader.groups.dataScientists] = `${reader.name} data scientists`;
  }
  const who = (name: string) => personas[name] ?? (name.includes("databricks_service_principal") ? "CI/CD principal" : name);
  const columns = [
    ...new Set([...Object.values(personas).slice(0, 4), "CI/CD principal", "pii-readers", ...Object.values(personas).slice(5)]),
  ];
  const rows = new Map<string, Map<string, string[]>>();
  const resources = (type: string): Json[] => Object.values(stackJson.resource?.[type] ?? {});
  for (const r of resources("databricks_grants")) {
    // The catalog's own securables only: not its locations, nor the metastore's system schemas.
    if (["external_location", "storage_credential", "model"].some((attr) => r[attr] !== undefined)) continue;
    if (r.catalog === "system" || String(r.schema ?? "").startsWith("system.")) continue;
    const byWho = rows.get(objectLabel(r, stack)) ?? new Map<string, string[]>();
    for (const g of r.grant) byWho.set(who(g.principal), [...(byWho.get(who(g.principal)) ?? []), ...g.privileges].sort());
    rows.set(objectLabel(r, stack), byWho);
  }
  for (const p of resources("databricks_policy_info")) {
    const kind = p.policy_type === "POLICY_TYPE_ROW_FILTER" ? "row filter" : "column mask";
    const fn = (p.row_filter ?? p.column_mask).function_name.split(".").pop();
    const effect = p.policy_type === "POLICY_TYPE_ROW_FILTER" ? `rows filtered (${fn})` : `masked (${fn})`;
    const byWho = new Map<string, string[]>();
    const exempt = new Set((p.except_principals as string[]).map(who));
    for (const column of columns) byWho.set(column, [exempt.has(column) ? "exempt" : effect]);
    rows.set(`ABAC ${kind}: ${p.match_columns[0].condition}`, byWho);
  }
  const cell = (values?: string[]) => (values ? values.join(", ") : "-");
  const lines = [`| object | ${columns.join(" | ")} |`, `| --- | ${columns.map(() => "---").join(" | ")} |`];
  for (const [object, byWho] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${object} | ${columns.map((c) => cell(byWho.get(c))).join(" | ")} |`);
  }
  return lines.join("\n");
}

/** Synthesizes the environment's stacks in a scratch directory and returns its access matrix (`prodCatalog`: the prod catalog's). */
export function exampleAccessMatrix(name = "dev", view: "workspace" | "prodCatalog" = "workspace"): string {
  const all = loadEnvironments(environments);
  const env = loadEnvironments(environments, name)[0];
  const outdir = mkdtempSync(join(tmpdir(), "access-matrix-"));
  try {
    const app = new App({ outdir });
    // All configured environments: shared choices (which one holds the system tables) as in the estate.
    addEnvironment(app, env, all);
    app.synth();
    const stack = stackNames(env).config;
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    return view === "workspace" ? accessMatrix(env, json, stack) : prodCatalogMatrix(env, developerReadersOf(env, all), json, stack);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The page that holds the generated matrix, between its markers. */
export const ACCESS_MATRIX_PAGE = join(__dirname, "..", "docs", "access-matrix.md");
export const MATRIX_MARKERS = { start: "<!-- access-matrix:start -->", end: "<!-- access-matrix:end -->" };
export const PROD_MATRIX_MARKERS = { start: "<!-- prod-catalog-matrix:start -->", end: "<!-- prod-catalog-matrix:end -->" };

/** The page with its section between `markers` (the access matrix's by default) replaced by `matrix`. */
export function pageWithMatrix(page: string, matrix: string, markers = MATRIX_MARKERS): string {
  const start = page.indexOf(markers.start);
  const end = page.indexOf(markers.end);
  if (start < 0 || end < start) throw new Error(`docs/access-matrix.md lacks the ${markers.start} ... ${markers.end} markers`);
  return `${page.slice(0, start + markers.start.length)}\n${matrix}\n${page.slice(end)}`;
}

// `--write` regenerates the page's matrix; otherwise the matrix is printed.
if (require.main === module) {
  const matrix = exampleAccessMatrix(process.argv.find((a, i) => i > 1 && !a.startsWith("--")));
  if (process.argv.includes("--write")) {
    const page = pageWithMatrix(readFileSync(ACCESS_MATRIX_PAGE, "utf8"), matrix);
    writeFileSync(ACCESS_MATRIX_PAGE, pageWithMatrix(page, exampleAccessMatrix("prod", "prodCatalog"), PROD_MATRIX_MARKERS));
  } else {
    console.log(matrix);
  }
}
