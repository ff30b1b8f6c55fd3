/** Set to 1 to keep cdktf's token traces in a synth (slower; see withoutTokenTraces). */
export const TOKEN_TRACES_VARIABLE = "LAKEHOUSE_TOKEN_TRACES";

/**
 * Runs `work` (building and synthesizing an app) without stack traces, and gives its result.
 *
 * cdktf records a full stack trace wherever a token is made (every reference, Fn call and lazy value,
 * thousands per stack; it raises Error.stackTraceLimit to capture all frames) and shows it only when a
 * token cannot be resolved. Capturing and formatting them was a quarter of synth; the option cdktf
 * offers (the App's stackTraces: false) covers annotations only. While `work` runs,
 * Error.stackTraceLimit reads 0 and ignores writes, so V8 captures no frames: token and annotation
 * traces come out empty, and an Error thrown meanwhile keeps its message but has no stack (main.ts
 * prints messages only). LAKEHOUSE_TOKEN_TRACES=1 keeps every trace, to find where an unresolvable
 * token or a failing construct was made.
 */
export function withoutTokenTraces<T>(work: () => T): T {
  if (process.env[TOKEN_TRACES_VARIABLE] === "1") return work();
  const limit = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
  Object.defineProperty(Error, "stackTraceLimit", { configurable: true, get: () => 0, set: () => undefined });
  try {
    return work();
  } finally {
    if (limit) Object.defineProperty(Error, "stackTraceLimit", limit);
    else delete (Error as { stackTraceLimit?: number }).stackTraceLimit;
  }
}
