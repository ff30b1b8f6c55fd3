import { readFileSync } from "node:fs";
import { join } from "node:path";
import { governanceHash, governanceStatements } from "../constructs/databricks/workspace/unity-catalog/governance-sql";
import { PERSONAL_DATA_COLUMNS, SENSITIVITY_VALUES } from "../constructs/databricks/workspace/unity-catalog/sensitivity-tag-policy";
import { type Api, applyStatements, rotationRequested } from "../scripts/governance/apply-functions";

// How the deploy runs the governance SQL files (the SQL itself runs on local Spark: notebooks/tests/test_governance.py).

const DIRECTORY = join(__dirname, "..", "notebooks", "governance");

describe("governance statements", () => {
  it("reads the files in order, one statement per ';' at a line end, the catalog spliced in", () => {
    const statements = governanceStatements("prod_lakehouse", DIRECTORY);
    expect(statements.map((s) => s.file)).toEqual([
      "01_schema_and_key.sql",
      "01_schema_and_key.sql",
      "01_schema_and_key.sql",
      "01_schema_and_key.sql",
      "02_column_masks.sql",
      "02_column_masks.sql",
      "03_row_filters.sql",
    ]);
    expect(statements.map((s) => s.sql.split("\n")[0])).toEqual([
      "CREATE SCHEMA IF NOT EXISTS prod_lakehouse.governance",
      "CREATE TABLE IF NOT EXISTS prod_lakehouse.governance.pii_mask_key (key STRING NOT NULL)",
      "INSERT INTO prod_lakehouse.governance.pii_mask_key",
      "UPDATE prod_lakehouse.governance.pii_mask_key SET key = :key WHERE :rotate = 'true'",
      "CREATE OR REPLACE FUNCTION prod_lakehouse.governance.mask_join_key(value STRING)",
      "CREATE OR REPLACE FUNCTION prod_lakehouse.governance.redact(value STRING)",
      "CREATE OR REPLACE FUNCTION prod_lakehouse.governance.keep_sample(value DOUBLE)",
    ]);
    expect(statements.every((s) => !s.sql.includes("${catalog}") && !s.sql.includes("--"))).toBe(true);
    // idempotent: nothing is created without IF NOT EXISTS / OR REPLACE, the key only when none exists
    // or when a rotation is asked for; no statement deletes the key (a table without one masks to NULL)
    for (const { sql } of statements) expect(sql).toMatch(/IF NOT EXISTS|OR REPLACE|WHERE NOT EXISTS|WHERE :rotate = 'true'/);
    expect(statements.filter((s) => /\b(DELETE|TRUNCATE|DROP)\b/i.test(s.sql))).toEqual([]);
  });

  it("refuses a catalog name that would change the SQL", () => {
    expect(() => governanceStatements("prod; DROP SCHEMA x", DIRECTORY)).toThrow(
      'is not a catalog name. Fix: lowercase letters, digits and "_"',
    );
  });

  it("hashes names and contents, so the apply re-runs when a file changes", () => {
    expect(governanceHash(DIRECTORY)).toMatch(/^[0-9a-f]{64}$/);
    expect(governanceHash(DIRECTORY)).toBe(governanceHash(DIRECTORY));
    expect(governanceHash(join(__dirname, "..", "notebooks", "detections"))).not.toBe(governanceHash(DIRECTORY));
  });

  it("lists the same personal data columns as the data contract's classification", () => {
    const python = readFileSync(join(__dirname, "..", "notebooks", "lakehouse", "classification.py"), "utf8");
    const block = /^COLUMN_SENSITIVITY: dict\[str, str] = \{([^}]*)\}/m.exec(python)?.[1] ?? "";
    const personal = [...block.matchAll(/"([a-z_]+)": "(pii_key|pii)"/g)].map((m) => m[1]);
    expect(personal).toEqual([...PERSONAL_DATA_COLUMNS]);
  });

  it("names the same governed tag values as the data contract's classification", () => {
    const python = readFileSync(join(__dirname, "..", "notebooks", "lakehouse", "classification.py"), "utf8");
    const values = /^VALUES: tuple\[str, \.\.\.] = \(([^)]*)\)/m.exec(python)?.[1];
    expect(
      values
        ?.split(",")
        .map((v) => v.trim().replace(/"/g, ""))
        .filter(Boolean),
    ).toEqual([...SENSITIVITY_VALUES]);
  });
});

describe("rotating the mask key", () => {
  it("asks the UPDATE to rotate only when LAKEHOUSE_ROTATE_MASK_KEY is true", () => {
    const rotations: string[] = [];
    const api: Api = (_m, _p, body) => {
      for (const p of (body as any).parameters ?? []) if (p.name === "rotate") rotations.push(p.value);
      return { statement_id: "s", status: { state: "SUCCEEDED" } };
    };
    const statements = governanceStatements("prod_lakehouse", DIRECTORY);
    applyStatements(statements, "wh", api, "k", () => undefined, rotationRequested("true"));
    applyStatements(statements, "wh", api, "k", () => undefined, rotationRequested(undefined));
    expect(rotations).toEqual(["true", "false"]);
    expect(rotationRequested("")).toBe(false);
    expect(rotationRequested("false")).toBe(false);
    expect(() => rotationRequested("yes")).toThrow('LAKEHOUSE_ROTATE_MASK_KEY is "yes". Fix: set it to "true"');
  });
});

describe("applying the statements", () => {
  const statements = governanceStatements("prod_lakehouse", DIRECTORY);

  it("runs each in order, waits for running ones, and sends the key as a parameter of the INSERT only", () => {
    const calls: { method: string; path: string; body?: any }[] = [];
    let running = 0;
    const api: Api = (method, path, body) => {
      calls.push({ method, path, body });
      if (method === "post" && (body as any).statement.startsWith("CREATE OR REPLACE FUNCTION prod_lakehouse.governance.redact")) {
        running = 2;
        return { statement_id: "s-redact", status: { state: "RUNNING" } };
      }
      if (method === "get") return { statement_id: "s-redact", status: { state: --running > 0 ? "RUNNING" : "SUCCEEDED" } };
      return { statement_id: "s", status: { state: "SUCCEEDED" } };
    };
    expect(applyStatements(statements, "wh-1", api, "k3y", () => undefined)).toBe(7);
    const posts = calls.filter((c) => c.method === "post");
    expect(posts.map((c) => c.body.statement)).toEqual(statements.map((s) => s.sql));
    expect(posts.every((c) => c.body.warehouse_id === "wh-1" && c.path === "/api/2.0/sql/statements")).toBe(true);
    expect(posts.filter((c) => c.body.parameters !== undefined).map((c) => c.body.parameters)).toEqual([
      [{ name: "key", value: "k3y", type: "STRING" }],
      [
        { name: "key", value: "k3y", type: "STRING" },
        { name: "rotate", value: "false", type: "STRING" },
      ],
    ]);
    expect(posts.every((c) => !c.body.statement.includes("k3y"))).toBe(true);
    expect(calls.filter((c) => c.method === "get").map((c) => c.path)).toEqual([
      "/api/2.0/sql/statements/s-redact",
      "/api/2.0/sql/statements/s-redact",
    ]);
  });

  it("stops at the first failure, naming its file and the reason, before the statements after it", () => {
    const posted: string[] = [];
    const api: Api = (_method, _path, body) => {
      posted.push((body as any).statement);
      return (body as any).statement.startsWith("CREATE OR REPLACE FUNCTION prod_lakehouse.governance.mask_join_key")
        ? { statement_id: "s", status: { state: "FAILED", error: { message: "PERMISSION_DENIED: CREATE FUNCTION" } } }
        : { statement_id: "s", status: { state: "SUCCEEDED" } };
    };
    expect(() => applyStatements(statements, "wh-1", api, "k", () => undefined)).toThrow(
      "02_column_masks.sql: the statement ended FAILED: PERMISSION_DENIED: CREATE FUNCTION. Fix: run it by hand",
    );
    expect(posted).toHaveLength(5);
  });

  it("draws a new 256-bit key per run when none is given", () => {
    const keys: string[] = [];
    const api: Api = (_m, _p, body) => {
      for (const p of (body as any).parameters ?? []) keys.push(p.value);
      return { statement_id: "s", status: { state: "SUCCEEDED" } };
    };
    applyStatements(statements, "wh", api);
    applyStatements(statements, "wh", api);
    expect(keys.filter((k) => k !== "false")).toHaveLength(4);
    expect(keys[0]).not.toBe(keys[2]);
    expect(Buffer.from(keys[0], "base64url")).toHaveLength(32);
  });
});
