import { FLAGS } from "./flags";

// Config's problems about the environment the scaffold would write, shown against the flag that set the
// field: `--region (aws.region) = "us-east-9": is not an AWS region ... Fix: ...`. Config's message,
// value and fix are kept word for word; only the field gains the flag that gave it.

/** The flag whose fields hold `field` (a dotted path with [i] indexes), if any. */
export function flagOf(field: string): string | undefined {
  const bare = field.replace(/\[\d+\]/g, "");
  return FLAGS.find((spec) => spec.fields.some((own) => bare === own || bare.startsWith(`${own}.`)))?.flag;
}

/**
 * Takes config's problems (from configProblems over the estate and the new environment) and the new
 * environment's name; gives those about the new environment, each with the flag that set its field, or
 * marked as a field the scaffold wrote itself (a combination of flags config refuses).
 */
export function problemsOfNewEnvironment(problems: readonly string[], name: string): string[] {
  const label = `environments[${JSON.stringify(name)}]`;
  return problems
    .filter((problem) => problem.startsWith(`${label}.`) || problem.startsWith(`${label} `))
    .map((problem) => {
      const rest = problem.slice(label.length).replace(/^\./, "");
      const field = /^[^ ]*/.exec(rest)?.[0] ?? "";
      const flag = flagOf(field);
      const remainder = rest.slice(field.length);
      return flag ? `--${flag} (${field})${remainder}` : `${field} (written by the scaffold from the flags)${remainder}`;
    });
}
