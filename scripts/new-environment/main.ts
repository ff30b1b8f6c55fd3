// `npm run new-environment -- --cloud aws --name analytics --region us-east-1 --stage prod --metastore create --monthly-budget-usd 5000 [...]`:
// writes config/environments/NAME.ts, lists it in the estate and prints what to do next
// (scripts/new-environment/scaffold.ts). `--help` lists the flags. Exits 1, having written nothing,
// when a flag is wrong; every problem names the flag, the value and the fix.
import { join } from "node:path";
import { environments } from "../../config/environments";
import { usage } from "./flags";
import { ScaffoldError, scaffold } from "./scaffold";

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
    console.log(usage());
    process.exit(args.length === 0 ? 2 : 0);
  }
  try {
    const result = scaffold({ root: join(__dirname, "..", ".."), estate: environments, args });
    if (!result.written) for (const file of result.files) console.log(`--- ${file.path} (dry run: not written)\n${file.text}`);
    console.log(`${result.written ? "Wrote" : "Would write"} ${result.files.map((file) => file.path).join(", ")}.\n\n${result.nextSteps}`);
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
