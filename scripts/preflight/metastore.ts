// `npm run preflight:metastore`: before the first apply of an account's stacks, checks what the estate
// states about each metastore (config/metastore.ts) against the account: "create" where the region
// already has one, or "adopt" of a metastore the account does not have there, would fail at apply.
// Usage: npm run preflight:metastore                      (every account of the estate, with credentials)
//        npm run preflight:metastore -- --account ID --listing FILE   (a saved listing of one account)
// FILE: the JSON response of GET /api/2.0/accounts/{account_id}/metastores ({ "metastores": [...] }), or
// a plain list of its metastores. Exits 1 on a statement that would fail, 2 when it cannot check.
import { readFileSync } from "node:fs";
import { environments } from "../../config/environments";
import { loadEnvironments } from "../../config/load";
import { listAccountMetastores } from "./account-api";
import { checkStatements, type MetastoreListing, metastoreStatements } from "./metastores";

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
}

async function main(args: string[]): Promise<number> {
  const statements = metastoreStatements(loadEnvironments(environments));
  const account = option(args, "--account");
  const file = option(args, "--listing");
  if ((account === undefined) !== (file === undefined))
    throw new Error(
      "--account and --listing go together: a saved listing belongs to one account. Fix: give both, or neither to read every account of the estate",
    );
  const accounts = [...new Set(statements.map((s) => s.accountId.toLowerCase()))].filter(
    (id) => account === undefined || id === account.toLowerCase(),
  );
  if (accounts.length === 0)
    throw new Error(
      `No environment of the estate is in Databricks account ${account ?? "(any)"}. Fix: choose one of ${[...new Set(statements.map((s) => s.accountId))].join(", ") || "(the estate is empty)"}`,
    );
  let failed = 0;
  for (const id of accounts) {
    const mine = statements.filter((s) => s.accountId.toLowerCase() === id);
    const listing =
      file !== undefined
        ? (JSON.parse(readFileSync(file, "utf8")) as MetastoreListing)
        : await listAccountMetastores(mine[0].cloud as "aws" | "azure", mine[0].accountId);
    const { ok, problems } = checkStatements(mine, listing);
    for (const line of ok) console.log(`ok: ${line}`);
    for (const line of problems) console.error(`refused: ${line}`);
    failed += problems.length;
  }
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    },
  );
}
