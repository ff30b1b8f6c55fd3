import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";

/** One audit detection as its `.sql` file states it (format: notebooks/detections/README.md). */
export interface Detection {
  /** The file stem, e.g. "admin_group_membership_changed". */
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly catches: string;
  readonly why: string;
  readonly severity: "high" | "medium" | "low";
  readonly reference: string;
  /** Names of the `:name` parameter markers the body uses (exactly the header's `parameters`). */
  readonly parameters: readonly string[];
  /** The query, header removed, markers still in. */
  readonly body: string;
}

const REQUIRED_FIELDS = ["title", "catches", "why", "severity", "reference"] as const;
const SEVERITIES = ["high", "medium", "low"] as const;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

type Part = { kind: "text"; text: string } | { kind: "marker"; name: string };

/**
 * Splits a query into text and `:name` markers. Markers inside string literals ('...', "..."),
 * quoted identifiers (`...`) and comments (--, /* *\/) are text, as Spark and Databricks SQL read them.
 */
export function splitMarkers(sql: string): Part[] {
  const parts: Part[] = [];
  let text = "";
  let i = 0;
  const skipQuoted = (quote: string) => {
    let j = i + 1;
    while (j < sql.length && sql[j] !== quote) j += sql[j] === "\\" ? 2 : 1;
    return j + 1;
  };
  while (i < sql.length) {
    const c = sql[i];
    let end = i + 1;
    if (c === "'" || c === '"' || c === "`") end = skipQuoted(c);
    else if (c === "-" && sql[i + 1] === "-") end = sql.indexOf("\n", i) < 0 ? sql.length : sql.indexOf("\n", i);
    else if (c === "/" && sql[i + 1] === "*") end = sql.indexOf("*/", i + 2) < 0 ? sql.length : sql.indexOf("*/", i + 2) + 2;
    else if (c === ":") {
      NAME.lastIndex = i + 1;
      const name = NAME.exec(sql)?.[0];
      if (name) {
        if (text) parts.push({ kind: "text", text });
        parts.push({ kind: "marker", name });
        text = "";
        i += 1 + name.length;
        continue;
      }
    }
    text += sql.slice(i, end);
    i = end;
  }
  if (text) parts.push({ kind: "text", text });
  return parts;
}

/** A Spark / Databricks SQL string literal holding `value` exactly (backslash and quote escaped). */
export function sqlStringLiteral(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r")}'`;
}

/**
 * Reads and checks one detection file; throws naming the file, what is wrong and the fix when the
 * header misses a field, the severity is unknown, the body has a trailing semicolon, or the markers
 * the body uses differ from the header's `parameters`.
 */
export function parseDetection(file: string, text: string): Detection {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const fields: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length && lines[i].startsWith("--"); i++) {
    const field = /^--\s*([a-z]+):\s*(.*?)\s*$/.exec(lines[i]);
    if (field && !(field[1] in fields)) fields[field[1]] = field[2];
  }
  const fail = (message: string): never => {
    throw new Error(`${file}: ${message}`);
  };
  for (const name of REQUIRED_FIELDS)
    if (!fields[name]) fail(`the header has no "-- ${name}: ..." line. Fix: add it (notebooks/detections/README.md lists the fields)`);
  if (!(SEVERITIES as readonly string[]).includes(fields.severity))
    fail(`severity "${fields.severity}" is not one of ${SEVERITIES.join(", ")}. Fix: use one of them`);
  const body = lines.slice(i).join("\n").trim();
  if (!body) fail("has a header but no query. Fix: write the SELECT after the header");
  if (body.endsWith(";"))
    fail("ends with a semicolon; the alert wraps the query, so it must be one statement without one. Fix: remove the trailing ;");
  const used = [...new Set(splitMarkers(body).flatMap((p) => (p.kind === "marker" ? [p.name] : [])))].sort();
  const declared = (fields.parameters ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .sort();
  if (used.join(",") !== declared.join(",")) {
    fail(
      `the query uses the parameters [${used.join(", ")}] but the header declares [${declared.join(", ")}]. Fix: make "-- parameters:" list exactly the :name markers the query uses`,
    );
  }
  return {
    id: basename(file, ".sql"),
    file,
    title: fields.title,
    catches: fields.catches,
    why: fields.why,
    severity: fields.severity as Detection["severity"],
    reference: fields.reference,
    parameters: declared,
    body,
  };
}

// Parsed files by path, with the modification time and size they were parsed at: every environment
// reads the same directory, and a synth of many environments parsed it once per environment.
const parsed = new Map<string, { readonly stamp: string; readonly detection: Detection }>();

/** Every `*.sql` detection of `directory`, by file name order (a file is parsed again only once it changes). */
export function readDetections(directory: string): Detection[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith(".sql"))
    .sort()
    .map((name) => {
      const file = join(directory, name);
      const { mtimeMs, size } = statSync(file);
      const stamp = `${mtimeMs}:${size}`;
      const known = parsed.get(file);
      if (known?.stamp === stamp) return known.detection;
      const detection = parseDetection(file, readFileSync(file, "utf8"));
      parsed.set(file, { stamp, detection });
      return detection;
    });
}

/**
 * The detection's query with each `:name` marker replaced by `values[name]` as a SQL string literal.
 * A value that is a Terraform reference (known only at apply time) must be one that needs no
 * escaping, such as an application id or a workspace id; the caller passes only such references.
 * Throws, naming the file and the parameter, when a marker has no value.
 */
export function renderDetection(detection: Detection, values: Readonly<Record<string, string>>): string {
  return splitMarkers(detection.body)
    .map((part) => {
      // Terraform would read "${" and "%{" in the file's own text as interpolation: escape them.
      if (part.kind === "text") return part.text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
      const value = values[part.name];
      if (value === undefined) {
        throw new Error(
          `${detection.file}: parameter :${part.name} has no value for this environment. Fix: use one the audit alerts supply (${Object.keys(values).sort().join(", ")}), or supply it in AuditAlerts' parameters`,
        );
      }
      return sqlStringLiteral(value);
    })
    .join("");
}
