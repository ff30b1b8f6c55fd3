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
      const shown = flag ? `--${flag} (${field})${remainder}` : `${field} (written by the scaffold from the flags)${remainder}`;
      return `${shown}${flagsOfFix(remainder)}`;
    });
}

/**
 * The flags that set the fields a problem's fix names (config words its fixes as config edits), as
 * ` (scaffold flags: --metastore sets unityCatalog.metastore; ...)`, or "" when it names none.
 */
function flagsOfFix(text: string): string {
  const at = text.indexOf("Fix:");
  if (at < 0) return "";
  const fix = text.slice(at);
  const named = FLAGS.flatMap((spec) =>
    spec.fields
      .filter((field) => new RegExp(`(^|[^\\w.])${field.replace(/\./g, "\\.")}(?![\\w])`).test(fix))
      .map((field) => `--${spec.flag} sets ${field}`),
  );
  return named.length === 0 ? "" : ` (scaffold flags: ${named.join("; ")})`;
}
