/** Set to 1 to keep cdktf's token traces in a synth (slower; see withoutTokenTraces). */
export const TOKEN_TRACES_VARIABLE = "LAKEHOUSE_TOKEN_TRACES";

/**
 * Runs `work` (building and synthesizing an app) without cdktf's token traces, and gives its result.
 *
 * cdktf records a full stack trace wherever a token is made (every reference, Fn call and lazy
 * value, thousands per stack) on a plain object, never on an Error, and shows it only when a token
 * cannot be resolved. Formatting those traces was a fifth of synth; the option cdktf offers
 * (the App's stackTraces: false) covers annotations only. While `work` runs, such traces come out
 * empty (an annotation's trace in manifest.json too); Errors are formatted as node formats them. LAKEHOUSE_TOKEN_TRACES=1 keeps the traces, to
 * find where an unresolvable token was made.
 */
export function withoutTokenTraces<T>(work: () => T): T {
  if (process.env[TOKEN_TRACES_VARIABLE] === "1") return work();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    if (!(error instanceof Error)) return "";
    if (previous) return previous(error, frames);
    return `${headline(error)}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
  };
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

function headline(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return "Error";
  }
}
