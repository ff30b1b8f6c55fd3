// The shared field checkers: names, CIDR ranges, node types, runtimes, worker counts, tags, e-mail, ports.
import { z } from "zod";
import { cidrProblem } from "../cidr";
import { type Cloud, nodeTypeProblem } from "../node-types";
import { runtimeProblem } from "../runtimes";

/** A string checked by `problem`, which gives undefined when the value is fine, else the reason and fix. */
export const checked = (problem: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  });

export const name = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,14}$/,
    'must be 2-15 lowercase letters, digits or "-", starting with a letter. Fix: use a short name such as "dev" or "prod-eu"',
  );

export const cidr = checked((value) => cidrProblem(value));
/** IP access lists and firewalls take a CIDR block or a single address. */
export const ipRange = checked((value) => cidrProblem(value, true));

export function nodeType(cloud: Cloud) {
  return checked((value) => nodeTypeProblem(cloud, value));
}

export function runtime(kind: "standard" | "ml") {
  return checked((value) => runtimeProblem(value, kind));
}

export const autoterminationMinutes = z
  .number()
  .int()
  .min(10, "is below 10 minutes; clusters would stop mid-session. Fix: use 10-120")
  .max(120, "is above 120 minutes; idle clusters burn money. Fix: use 10-120");

export const workerCount = z
  .number()
  .int()
  .min(0, "cannot be negative. Fix: use 0 or more")
  .max(200, "is above 200 workers. Fix: cap clusters at 200 workers or raise this limit deliberately in config/schema/primitives.ts");

// Tag values as AWS and Databricks cluster tags accept them: letters, digits, spaces and _ . : / = + - @
// (AWS "Tag naming limits and requirements"); no space at either end, which cost reports would keep.
const tagValue = (length: string, example: string) =>
  z
    .string()
    .regex(
      new RegExp(`^(?! )[\\p{L}\\p{N} _.:/=+@-]{${length}}(?<! )$`, "u"),
      `must be ${length.replace(",", "-")} letters, digits, spaces or _.:/=+-@, without a space at either end. Fix: e.g. "${example}"`,
    );

export const tagsSchema = z.strictObject({
  owner: tagValue("2,64", "data-platform"),
  costCenter: tagValue("2,32", "cc-1234"),
});

export const email = z.email({
  message: 'is not an e-mail address. Fix: a mailbox of your team, e.g. "security-oncall@" and your company\'s domain',
});

export const port = z
  .number()
  .int()
  .min(1, "is below 1. Fix: use a TCP port 1-65535")
  .max(65535, "is above 65535. Fix: use a TCP port 1-65535");
