import { readFileSync } from "node:fs";
import { basename } from "node:path";

/** The pins a serverless notebook task installs itself, with `%pip install -r` (notebooks/requirements-jobs.txt). */
export interface JobRequirements {
  /** The file's name inside notebooks/, which the notebooks resolve next to their lakehouse package. */
  readonly file: string;
  /** Exact pins (`name==version`), one requirement line each. */
  readonly dependencies: readonly string[];
}

// Serverless compute brings its own Spark Connect client; installing PySpark (or Delta's Python
// package, which requires it) there stops the session (Databricks docs, "Configure the serverless environment").
const PROVIDED_BY_SERVERLESS = new Set(["pyspark", "delta-spark", "databricks-connect"]);

/**
 * Reads the notebooks' job requirements (notebooks/requirements-jobs.txt: comments and blank lines
 * aside, one exact `name==version` pin a line). Serverless notebook tasks install this file
 * notebook-scoped in their first cells (`%pip install -r`): the Jobs API refuses a job environment on
 * a notebook task. The same file is installed into the local test environment (requirements-dev.txt
 * includes it), so the jobs install the pins the notebooks' tests ran with. Throws, naming the file and
 * the line, on a line that is not an exact pin or that names a package serverless compute provides itself.
 */
export function readJobRequirements(file: string): JobRequirements {
  const dependencies: string[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((raw, index) => {
      const line = raw.replace(/#.*$/, "").trim();
      if (line === "") return;
      const pin = /^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)$/.exec(line);
      if (!pin)
        throw new Error(
          `${file}:${index + 1}: "${line}" is not an exact pin; the jobs install what the tests ran with. Fix: write name==version`,
        );
      if (PROVIDED_BY_SERVERLESS.has(pin[1].toLowerCase()))
        throw new Error(
          `${file}:${index + 1}: ${pin[1]} comes with serverless compute, and installing it there stops the session. Fix: keep it in requirements-dev.txt only`,
        );
      dependencies.push(line);
    });
  return { file: basename(file), dependencies };
}
