import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// The governance functions' SQL files (notebooks/governance/*.sql) as the deploy runs them; the
// local Spark tests read them the same way (notebooks/lakehouse/governance.py): files in name order,
// statements split at a ";" that ends a line, comment lines dropped, ${catalog} replaced.

const CATALOG = /^[a-z_][a-z0-9_]*$/;

export interface GovernanceStatement {
  readonly file: string;
  readonly sql: string;
}

/** The `.sql` files of `directory`, in the order they run. */
export function governanceFiles(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith(".sql"))
    .sort();
}

/** Every statement of the files in `directory` for `catalog`, in order. Refuses a catalog name that is not a plain identifier (it is spliced into SQL). */
export function governanceStatements(catalog: string, directory: string): GovernanceStatement[] {
  if (!CATALOG.test(catalog)) throw new Error(`${JSON.stringify(catalog)} is not a catalog name. Fix: lowercase letters, digits and "_"`);
  return governanceFiles(directory).flatMap((file) =>
    readFileSync(join(directory, file), "utf8")
      .replaceAll("${catalog}", catalog)
      .split(/;[ \t]*$/m)
      .map((chunk) =>
        chunk
          .split("\n")
          .filter((line) => !line.trim().startsWith("--"))
          .join("\n")
          .trim(),
      )
      .filter((sql) => sql !== "")
      .map((sql) => ({ file, sql })),
  );
}

/** SHA-256 over the files' names and contents: a change of any file re-runs them on the next apply. */
export function governanceHash(directory: string): string {
  const hash = createHash("sha256");
  for (const file of governanceFiles(directory))
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(directory, file)))
      .update("\0");
  return hash.digest("hex");
}
