import { ConfigError, formatIssues, formatSecrets } from "./errors";
import { type Environment, environmentsSchema } from "./schema";
import { findSecrets } from "./secrets";

export const SELECTION_VARIABLE = "LAKEHOUSE_ENVIRONMENTS";

/**
 * Every problem of raw `inputs` (an array of environments), each naming the field, showing the value
 * (secrets masked) and giving the fix; empty when the config is valid. Secrets are looked for in the
 * raw input, unknown fields included, before the schema drops or rejects anything.
 */
export function configProblems(inputs: unknown): string[] {
  return validate(inputs).problems;
}

function validate(inputs: unknown): { problems: string[]; environments: Environment[] } {
  const secrets = findSecrets(inputs);
  const parsed = environmentsSchema.safeParse(inputs);
  const problems = [
    ...formatSecrets(secrets, inputs),
    ...(parsed.success ? [] : formatIssues(parsed.error, inputs, environmentsSchema, secrets)),
  ];
  return { problems, environments: parsed.data ?? [] };
}

/**
 * Validates every environment (so cross-environment rules such as unique names and non-overlapping
 * ranges always apply), then keeps the selected ones (selectEnvironments). Throws a ConfigError
 * listing every problem when the config is invalid.
 */
export function loadEnvironments(inputs: unknown, selection?: string): Environment[] {
  const { problems, environments } = validate(inputs);
  if (problems.length > 0) throw new ConfigError(problems);
  return selectEnvironments(environments, selection);
}

/**
 * The environments of `environments` (already loaded) that `selection` names, in config order.
 * `selection` is a comma-separated list of names (LAKEHOUSE_ENVIRONMENTS); empty or unset means all.
 * Throws a ConfigError when it names an environment that does not exist, listing the ones that do.
 */
export function selectEnvironments(environments: Environment[], selection?: string): Environment[] {
  const wanted = (selection ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const known = environments.map((env) => env.name);
  const unknown = wanted.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError([
      `${SELECTION_VARIABLE} = ${JSON.stringify(selection)}: names no environment ${unknown.map((u) => `"${u}"`).join(", ")}. Fix: choose from ${known.join(", ")}`,
    ]);
  }
  return wanted.length === 0 ? environments : environments.filter((env) => wanted.includes(env.name));
}
