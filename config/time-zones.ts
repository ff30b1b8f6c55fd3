import { nearest } from "./suggest";

// IANA time zone names this Node.js knows, plus "UTC" (the default), which Intl lists under Etc/.
// Databricks job schedules take Java time zone ids, a superset of these names.
const TIME_ZONES: readonly string[] = ["UTC", ...Intl.supportedValuesOf("timeZone")];
// ICU's list keeps some old canonical names ("Asia/Calcutta", not "Asia/Kolkata"): a current IANA name
// that Intl resolves is accepted too, when spelled in IANA's case (Java's ids are case-sensitive).
const IANA_SPELLING = /^[A-Z][A-Za-z_+-]*(\/[A-Z][A-Za-z0-9_+-]*)+$/;

function resolvable(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Takes a schedule's time zone; gives undefined for "UTC" or an IANA name such as "Europe/Berlin"
 * (Intl.supportedValuesOf("timeZone"), or an alias Intl resolves), otherwise the reason, the nearest
 * name and the fix.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  if (TIME_ZONES.includes(timeZone) || (IANA_SPELLING.test(timeZone) && resolvable(timeZone))) return undefined;
  const suggestion = nearest(timeZone, TIME_ZONES);
  return `is not a time zone name${suggestion ? `; did you mean "${suggestion}"?` : "."} Fix: use an IANA name such as ${suggestion ? `"${suggestion}"` : '"Europe/Berlin"'} or "UTC"`;
}
