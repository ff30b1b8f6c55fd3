// Creates or replaces the governance functions of a prod catalog (notebooks/governance/*.sql) on its
// SQL warehouse, through the SQL Statement Execution API, before the ABAC policies that call them.
// Run by the config stack's `terraform_data.governance-functions` (local-exec) on every apply whose
// SQL files, catalog or warehouse changed; every statement is idempotent, so re-running is safe.
// LAKEHOUSE_ROTATE_MASK_KEY=true in the environment of a forced re-run (`tofu apply -replace=...`,
// docs/production-data-in-dev.md) replaces the join-key hash's key in one statement.
//
//   LAKEHOUSE_CATALOG=prod_lakehouse LAKEHOUSE_WAREHOUSE_ID=... DATABRICKS_HOST=https://... \
//     npx ts-node --swc scripts/governance/apply-functions.ts
//
// It calls the Databricks CLI (`databricks api`), which signs in exactly as the Databricks provider
// does from the same environment (DATABRICKS_AUTH_TYPE github-oidc / github-oidc-azure in CI, OAuth
// M2M or a token by hand): the statements run as the CI/CD principal that applies the stack. The
// hash key (:key) is drawn here and sent as a statement parameter through a private temporary file,
// never on a command line; the first statement that finds no key keeps it, later runs keep the old one
// unless :rotate is 'true'.

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GovernanceStatement, governanceStatements } from "../../constructs/databricks/workspace/unity-catalog/governance-sql";

export interface StatementResponse {
  readonly statement_id?: string;
  readonly status?: { readonly state?: string; readonly error?: { readonly message?: string } };
}

/** One call of the Statement Execution API: POST a body, or GET a statement's status. */
export type Api = (method: "post" | "get", path: string, body?: unknown) => StatementResponse;

/**
 * `databricks api post|get PATH [--json @FILE]`: the body (which may hold the key) goes to a file of
 * mode 0600 in a fresh mkdtemp directory (0700), never on a command line, and both are deleted when
 * the call returns, whatever its outcome.
 */
export const databricksCli: Api = (method, path, body) => {
  const args = ["api", method, path];
  const dir = body === undefined ? undefined : mkdtempSync(join(tmpdir(), "governance-"));
  try {
    if (dir !== undefined) {
      const file = join(dir, "body.json");
      writeFileSync(file, JSON.stringify(body), { mode: 0o600 });
      args.push("--json", `@${file}`);
    }
    return JSON.parse(execFileSync("databricks", args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })) as StatementResponse;
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
};

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELED", "CLOSED"]);

/**
 * Runs `statements` one by one on `warehouseId`, waiting for each; throws naming the file of the first
 * that fails. `key` and `rotate` ("true" replaces an existing key) go only to statements that name
 * `:key` / `:rotate`, as statement parameters.
 */
export function applyStatements(
  statements: readonly GovernanceStatement[],
  warehouseId: string,
  api: Api,
  key: string = randomBytes(32).toString("base64url"),
  pause: () => void = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000),
  rotate = false,
): number {
  for (const { file, sql } of statements) {
    const values = { key, rotate: String(rotate) };
    const named = Object.entries(values).filter(([name]) => new RegExp(`:${name}\\b`).test(sql));
    const parameters = named.length > 0 ? named.map(([name, value]) => ({ name, value, type: "STRING" })) : undefined;
    let response = api("post", "/api/2.0/sql/statements", {
      statement: sql,
      warehouse_id: warehouseId,
      wait_timeout: "50s",
      on_wait_timeout: "CONTINUE",
      ...(parameters ? { parameters } : {}),
    });
    for (let polls = 0; !TERMINAL.has(response.status?.state ?? "") && polls < 150; polls++) {
      pause();
      response = api("get", `/api/2.0/sql/statements/${response.statement_id}`);
    }
    if (response.status?.state !== "SUCCEEDED") {
      throw new Error(
        `${file}: the statement ended ${response.status?.state ?? "without a state"}${response.status?.error?.message ? `: ${response.status.error.message}` : ""}. Fix: run it by hand on the warehouse to see why; the policies that call these functions are not applied until it passes`,
      );
    }
  }
  return statements.length;
}

/** LAKEHOUSE_ROTATE_MASK_KEY: unset, "" or "false" keep the key, "true" rotates it; anything else is refused rather than guessed. */
export function rotationRequested(value: string | undefined): boolean {
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new Error(`LAKEHOUSE_ROTATE_MASK_KEY is ${JSON.stringify(value)}. Fix: set it to "true" to rotate the mask key, or unset it`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set. Fix: run this through the config stack's apply, which sets it`);
  return value;
}

if (require.main === module) {
  try {
    required("DATABRICKS_HOST");
    const catalog = required("LAKEHOUSE_CATALOG");
    const directory = join(__dirname, "..", "..", "notebooks", "governance");
    const rotate = rotationRequested(process.env.LAKEHOUSE_ROTATE_MASK_KEY);
    const statements = governanceStatements(catalog, directory);
    const count = applyStatements(statements, required("LAKEHOUSE_WAREHOUSE_ID"), databricksCli, undefined, undefined, rotate);
    console.log(`governance functions: ${count} statements applied to ${catalog}.governance${rotate ? "; the mask key was rotated" : ""}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
