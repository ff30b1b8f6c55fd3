import type { z } from "zod";
import { hasDefault, knownFields } from "./fields";
import { BASELINE_SETTINGS } from "./prod-baseline";
import { isSecretFieldName, maskSecrets, type SecretFinding } from "./secrets";
import { nearest } from "./suggest";
import { isUnfilled } from "./unfilled";

/** Thrown before any construct exists, so an invalid config never reaches cdktf.out/. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid environment config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );
}

/** `environments["dev"].aws.network.vpcCidr` for the path [0, "aws", "network", "vpcCidr"]. */
export function fieldName(path: readonly PropertyKey[], environments: unknown): string {
  if (path.length === 0) return "environments";
  const [index, ...rest] = path;
  const env = valueAt(environments, [index as PropertyKey]);
  const label =
    env && typeof env === "object" && typeof (env as { name?: unknown }).name === "string"
      ? `environments["${(env as { name: string }).name}"]`
      : `environments[${String(index)}]`;
  return [label, ...rest.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`))].join("").replace(/\.\[/g, "[");
}

const isUnder = (path: readonly PropertyKey[], prefix: readonly PropertyKey[]) =>
  prefix.length <= path.length && prefix.every((key, i) => path[i] === key);

type Unset = "missing" | "not set" | "not set, default used" | "not set, on in prod";

/** The given value as JSON, secrets masked BEFORE it is shortened (a cut secret would escape the mask). */
function shown(value: unknown, unset: Unset, secrets: readonly SecretFinding[]): string {
  if (value === undefined) return `(${unset})`;
  // JSON has no NaN or Infinity: JSON.stringify writes both as null, which is not what was given.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const text = maskSecrets(JSON.stringify(value), secrets);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** "a string", "an object", "a list": the kind of a given value, in the words of the config file. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (Number.isNaN(value)) return "NaN (not a number)";
  if (value === Infinity || value === -Infinity) return "an infinite number";
  if (typeof value === "number") return Number.isInteger(value) ? "a number" : "a decimal number";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  int: "a whole number",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "an object",
};

/** The fix for a value of the wrong type: mostly quotes added or removed. */
function typeFix(expected: string, value: unknown): string {
  // NaN and Infinity come from arithmetic or conversions in the config file: Number("ten") and
  // parseInt(undefined) give NaN, 1 / 0 gives Infinity.
  if (typeof value === "number" && !Number.isFinite(value)) {
    return `write a ${expected === "int" ? "whole " : ""}number literally; ${String(value)} comes from a calculation or a conversion in the config file (Number() or parseInt() of text that is no number, such as an unset environment variable; a division by zero)`;
  }
  if ((expected === "number" || expected === "int") && typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))
    return `write it without quotes: ${Number(value)}`;
  if (expected === "int" && typeof value === "number") return `use a whole number, e.g. ${Math.round(value)}`;
  if (expected === "boolean" && (value === "true" || value === "false")) return `write it without quotes: ${value}`;
  if (expected === "string" && (typeof value === "number" || typeof value === "boolean")) {
    return `write it in quotes: "${String(value)}"${typeof value === "number" ? " (ids are text; a number loses leading zeros and digits past 2^53)" : ""}`;
  }
  if (expected === "array") return `write it as a list: [${JSON.stringify(value)}]`;
  return `change it to ${EXPECTED[expected] ?? `a ${expected}`} (see config/examples/ for examples)`;
}

/** Fix hints for zod's built-in issues; refinements in the schema write their own. */
function builtInFix(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined) return `is required. Fix: add it (${EXPECTED[issue.expected] ?? `a ${issue.expected}`})`;
      return `must be ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}, got ${kindOf(value)}. Fix: ${typeFix(issue.expected, value)}`;
    case "too_small": {
      const unit = issue.origin === "string" ? " characters" : issue.origin === "array" ? " entries" : "";
      return `is too ${issue.origin === "string" ? "short" : "small"} (at least ${String(issue.minimum)}${unit}). Fix: raise it`;
    }
    case "too_big": {
      const unit = issue.origin === "string" ? " characters" : issue.origin === "array" ? " entries" : "";
      return `is too ${issue.origin === "string" ? "long" : "big"} (at most ${String(issue.maximum)}${unit}). Fix: lower it`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}. Fix: use one of those`;
    default:
      return `${issue.message}. Fix: see config/schema.ts`;
  }
}

/**
 * One problem per unknown key: misspellings get the nearest known field. Keys that name a secret are
 * reported by the secret scan instead (see ./secrets), so they are skipped here.
 */
function unknownKeyProblems(
  issue: z.core.$ZodIssueUnrecognizedKeys,
  environments: unknown,
  schema: z.ZodType,
  secrets: readonly SecretFinding[],
): string[] {
  const known = knownFields(schema, issue.path, environments);
  const where = issue.path.length > 1 ? issue.path.slice(1).map(String).join(".") : "an environment";
  return issue.keys
    .filter((key) => !isSecretFieldName(key) && !secrets.some((secret) => isUnder(secret.path, [...issue.path, key])))
    .map((key) => {
      const path = [...issue.path, key];
      const suggestion = nearest(key, known);
      const message = suggestion
        ? `is not a field of ${where}; did you mean ${suggestion}? Fix: rename it to ${suggestion}`
        : `is not a field of ${where}, so it would be ignored. Fix: remove it, or use one of ${known.join(", ")}`;
      return `${fieldName(path, environments)} = ${shown(valueAt(environments, path), "missing", secrets)}: ${message}`;
    });
}

/**
 * How an absent value is shown: a rule on a field left out reports "(not set, default used)" when the
 * schema gave it a default, "(not set, on in prod)" for a setting of the prod baseline in a prod
 * environment (./prod-baseline), and "(not set)" when it is optional without one; a required one is "(missing)".
 */
function unsetLabel(issue: z.core.$ZodIssue, schema: z.ZodType, environments: unknown): Unset {
  if (issue.code !== "custom") return "missing";
  const [index, ...rest] = issue.path;
  const stage = (valueAt(environments, [index as PropertyKey]) as { stage?: unknown } | undefined)?.stage;
  const field = rest.join(".");
  if (stage === "prod" && BASELINE_SETTINGS.some((setting) => field === setting.field || field === `${setting.field}.enabled`))
    return "not set, on in prod";
  return hasDefault(schema, issue.path, environments) ? "not set, default used" : "not set";
}

function formatIssue(issue: z.core.$ZodIssue, environments: unknown, schema: z.ZodType, secrets: readonly SecretFinding[]): string[] {
  if (issue.code === "unrecognized_keys") return unknownKeyProblems(issue, environments, schema, secrets);
  const value = valueAt(environments, issue.path);
  // A union (a switch that is true, false or { enabled: false, reason }; a window or that): report the
  // branch the value was meant for, the one whose shape it has (no wrong type, no unknown field at its
  // top), else the one with the fewest problems; a value no branch's shape fits, as the first branch.
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const atTop = (branch: z.core.$ZodIssue[], codes: string[]) => branch.some((sub) => sub.path.length === 0 && codes.includes(sub.code));
    const typed = issue.errors.filter((branch) => !atTop(branch, ["invalid_type", "invalid_value"]));
    const shaped = typed.filter((branch) => !atTop(branch, ["unrecognized_keys"]));
    const candidates = shaped.length > 0 ? shaped : typed;
    const fewest = Math.min(...candidates.map((branch) => branch.length));
    const meant =
      candidates.length === 0
        ? value !== null && typeof value === "object"
          ? []
          : [issue.errors[0]]
        : candidates.filter((branch) => branch.length === fewest);
    if (meant.length === 1)
      return meant[0].flatMap((sub) =>
        formatIssue({ ...sub, path: [...issue.path, ...sub.path] } as z.core.$ZodIssue, environments, schema, secrets),
      );
  }
  // A value of the wrong type is shown with its type ("got a string"), whatever the schema's message;
  // a missing one keeps the schema's own message only where it wrote one for that case ("is missing: ..."),
  // and so does a value where an object is asked whose schema wrote one for other values (the earlier
  // forms of unityCatalog.metastore, ./metastore).
  const wrongType = issue.code === "invalid_type";
  const own = issue.code === "custom" || issue.message.includes("Fix:");
  const ownForType = value === undefined ? issue.message.startsWith("is missing") : wrongType && issue.expected === "object";
  const message = own && (!wrongType || ownForType) ? issue.message : builtInFix(issue, value);
  const left = isUnfilled(value) ? "is a placeholder npm run new-environment wrote, still to fill: it " : "";
  return [`${fieldName(issue.path, environments)} = ${shown(value, unsetLabel(issue, schema, environments), secrets)}: ${left}${message}`];
}

/**
 * Turns zod's issues into problems that name the field, show the given value and end with the fix.
 * Issues about a value the secret scan already reported are left out (that report masks it), and no
 * problem prints a secret found by the scan.
 */
export function formatIssues(
  error: z.ZodError,
  environments: unknown,
  schema: z.ZodType,
  secrets: readonly SecretFinding[] = [],
): string[] {
  const unfilledSeen = new Set<string>();
  return error.issues
    .filter((issue) => !secrets.some((secret) => isUnder(issue.path, secret.path)))
    .filter((issue) => {
      // A placeholder left to fill (./unfilled) is reported once, with its field's own format problem
      // (which comes first); a rule that compares it with another environment's has nothing to compare.
      if (!isUnfilled(valueAt(environments, issue.path))) return true;
      const key = JSON.stringify(issue.path);
      if (unfilledSeen.has(key)) return false;
      unfilledSeen.add(key);
      return true;
    })
    .flatMap((issue) => formatIssue(issue, environments, schema, secrets))
    .map((problem) => maskSecrets(problem, secrets));
}

/** The secret scan's findings as problems: field, masked value, what was found and where to keep it. */
export function formatSecrets(secrets: readonly SecretFinding[], environments: unknown): string[] {
  return secrets.map((secret) => maskSecrets(`${fieldName(secret.path, environments)} = ${secret.shown}: ${secret.message}`, secrets));
}
