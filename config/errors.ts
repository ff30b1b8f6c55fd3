import type { z } from "zod";

/** Thrown before any construct exists, so an invalid config never reaches cdktf.out/. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined), input);
}

function fieldName(path: readonly PropertyKey[], environments: unknown): string {
  const [index, ...rest] = path;
  const env = valueAt(environments, [index as PropertyKey]);
  const label = env && typeof env === "object" && typeof (env as { name?: unknown }).name === "string" ? `environments["${(env as { name: string }).name}"]` : `environments[${String(index)}]`;
  return [label, ...rest.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`))].join("").replace(/\.\[/g, "[");
}

function shown(value: unknown, defaulted: boolean): string {
  if (value === undefined) return defaulted ? "(not set, default used)" : "(missing)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Fix hints for zod's built-in issues; refinements in the schema write their own. */
function builtInFix(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? `is required. Fix: add it (a ${issue.expected})` : `must be a ${issue.expected}. Fix: change it to a ${issue.expected}`;
    case "unrecognized_keys":
      return `has unknown field(s) ${issue.keys.join(", ")}. Fix: remove or rename them (see config/schema.ts)`;
    case "too_small":
      return `is too small (minimum ${String(issue.minimum)}). Fix: raise it`;
    case "too_big":
      return `is too big (maximum ${String(issue.maximum)}). Fix: lower it`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}. Fix: use one of those`;
    default:
      return `${issue.message}. Fix: see config/schema.ts`;
  }
}

export function formatIssues(error: z.ZodError, environments: unknown): string[] {
  return error.issues.map((issue) => {
    // A schema's own message (it names the fix) wins over the generic one; for a missing field only
    // when the schema wrote one for that case ("is missing: ...").
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    const own = issue.code === "custom" || issue.message.includes("Fix:");
    const message = own && (!missing || issue.message.startsWith("is missing")) ? issue.message : builtInFix(issue);
    return `${fieldName(issue.path, environments)} = ${shown(valueAt(environments, issue.path), issue.code === "custom")}: ${message}`;
  });
}
