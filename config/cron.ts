// Quartz cron expressions, which Databricks job schedules take (`quartz_cron_expression`). The field
// rules are Quartz's CronExpression (Quartz Scheduler documentation, "Cron Trigger Tutorial"):
// seconds minutes hours day-of-month month day-of-week [year], and "?" in exactly one of the two day
// fields (Quartz refuses a day-of-month and a day-of-week together).

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: readonly Field[] = [
  { name: "seconds", min: 0, max: 59 },
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: DAYS },
  { name: "year", min: 1970, max: 2099 },
];
const DAY_OF_MONTH = 3;
const DAY_OF_WEEK = 5;

function fieldValue(text: string, field: Field): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

/** True when `item` (one comma-separated part of a field) is valid for `field`. */
function validItem(item: string, field: Field, index: number): boolean {
  if (index === DAY_OF_MONTH && /^(L(-\d{1,2})?|LW|\d{1,2}W)$/.test(item)) {
    const day = /\d+/.exec(item)?.[0];
    return day === undefined || (Number(day) >= (item.startsWith("L-") ? 0 : 1) && Number(day) <= (item.startsWith("L-") ? 30 : 31));
  }
  if (index === DAY_OF_WEEK) {
    const special = /^([A-Za-z]{3}|\d)(L|#([1-5]))$/.exec(item);
    if (special) return fieldValue(special[1], field) !== undefined;
    if (item === "L") return true;
  }
  const [base, step, ...rest] = item.split("/");
  if (rest.length > 0 || (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1 && Number(step) <= field.max))) return false;
  if (base === "*") return true;
  const [from, to, ...more] = base.split("-");
  if (more.length > 0 || fieldValue(from, field) === undefined) return false;
  return to === undefined || fieldValue(to, field) !== undefined;
}

/**
 * Takes a schedule; gives undefined when it is a Quartz cron expression Databricks accepts, otherwise
 * the reason and the fix. Refuses a wrong number of fields, values out of a field's range, and "*"
 * (or values) in both day-of-month and day-of-week, where Quartz requires "?" in one of them.
 */
export function quartzCronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length < 6 || parts.length > 7) {
    return `has ${parts.length} field${parts.length === 1 ? "" : "s"}; a Quartz cron expression has 6 or 7 (seconds minutes hours day-of-month month day-of-week [year]). Fix: e.g. "0 0 2 * * ?" for 02:00 daily`;
  }
  for (const [index, part] of parts.entries()) {
    const field = FIELDS[index];
    const isDay = index === DAY_OF_MONTH || index === DAY_OF_WEEK;
    if (part === "?" && isDay) continue;
    if (!part.split(",").every((item) => validItem(item, field, index))) {
      const range = field.names
        ? `${field.min}-${field.max} or ${field.names[0]}-${field.names[field.names.length - 1]}`
        : `${field.min}-${field.max}`;
      return `has "${part}" as its ${field.name} field, which Quartz does not accept (values ${range}, "*", lists "a,b", ranges "a-b", steps "a/n"${isDay ? ', "?"' : ""}). Fix: e.g. "0 0 2 * * ?" for 02:00 daily`;
    }
  }
  const dayOfMonth = parts[DAY_OF_MONTH];
  const dayOfWeek = parts[DAY_OF_WEEK];
  if (dayOfMonth === "?" && dayOfWeek === "?") {
    return `has "?" in both day-of-month and day-of-week; Quartz allows it in only one. Fix: "${withField(parts, DAY_OF_MONTH, "*")}"`;
  }
  if (dayOfMonth !== "?" && dayOfWeek !== "?") {
    const both =
      dayOfMonth === "*" && dayOfWeek === "*"
        ? '"*" in both day-of-month and day-of-week'
        : `both a day-of-month ("${dayOfMonth}") and a day-of-week ("${dayOfWeek}")`;
    const fixed = dayOfWeek === "*" ? withField(parts, DAY_OF_WEEK, "?") : withField(parts, DAY_OF_MONTH, "?");
    return `has ${both}; Quartz requires "?" in one of the two day fields. Fix: "${fixed}"`;
  }
  return undefined;
}

const withField = (parts: readonly string[], index: number, value: string) =>
  parts.map((part, i) => (i === index ? value : part)).join(" ");
