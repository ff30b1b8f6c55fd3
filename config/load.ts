import { environmentsSchema, type Environment } from "./schema";
import { ConfigError, formatIssues } from "./errors";

export const SELECTION_VARIABLE = "LAKEHOUSE_ENVIRONMENTS";

/**
 * Validates every environment (so cross-environment rules such as unique names and non-overlapping
 * ranges always apply), then keeps the selected ones. `selection` is a comma-separated list of names;
 * empty means all.
 */
export function loadEnvironments(inputs: unknown, selection?: string): Environment[] {
  const parsed = environmentsSchema.safeParse(inputs);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error, inputs));

  const wanted = (selection ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const known = parsed.data.map((env) => env.name);
  const unknown = wanted.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError([`${SELECTION_VARIABLE} = ${JSON.stringify(selection)}: names no environment ${unknown.map((u) => `"${u}"`).join(", ")}. Fix: choose from ${known.join(", ")}`]);
  }
  return wanted.length === 0 ? parsed.data : parsed.data.filter((env) => wanted.includes(env.name));
}
