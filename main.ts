import { loadCi } from "./config/ci";
import { environments } from "./config/environments";
import { exampleEnvironments } from "./config/examples";
import { github } from "./config/github";
import { loadEnvironments, SELECTION_VARIABLE, selectEnvironments } from "./config/load";
import { buildBlueprint } from "./stacks/blueprint";
import { synthAtomically } from "./stacks/synth-atomically";

// Which estate: the team's (config/environments/index.ts), or with LAKEHOUSE_ESTATE=examples the
// blueprint's examples (config/examples/), as the tests of the app's command run it.
// Which environments of it to synthesize: LAKEHOUSE_ENVIRONMENTS=dev,prod (all when unset or empty).
// Invalid config stops before anything is written; a guardrail finding stops synth with the
// construct path and the fix, and leaves cdktf.out/ as it was.
const ESTATE_VARIABLE = "LAKEHOUSE_ESTATE";
try {
  const choice = process.env[ESTATE_VARIABLE] ?? "";
  if (choice !== "" && choice !== "examples")
    throw new Error(
      `${ESTATE_VARIABLE} = ${JSON.stringify(choice)}: is not an estate. Fix: leave it unset for config/environments/index.ts, or set it to "examples" for config/examples/`,
    );
  const estate = choice === "examples" ? exampleEnvironments : environments;
  if (estate.length === 0)
    console.error(
      "The estate (config/environments/index.ts) lists no environment, so there is nothing to synthesize. Fix: add one (docs/adding-an-environment.md)",
    );
  // Shared stacks (the metastores) are derived from every configured environment, not the selection.
  const all = loadEnvironments(estate);
  const selected = selectEnvironments(all, process.env[SELECTION_VARIABLE]);
  // Where CI runs (config/github.ts): the bootstrap stacks and the CI/CD principals trust it.
  const ci = loadCi(github, all);
  // The CLI (cdktn synth/deploy) names the output directory and deletes stale stacks itself; run on
  // its own (npm run synth), the app removes the stacks it no longer writes.
  const outdir = process.env.CDKTF_OUTDIR;
  synthAtomically(outdir ?? "cdktf.out", (app) => buildBlueprint(app, selected, all, ci), { pruneStale: outdir === undefined });
  // One line on stdout so a person sees what the synth wrote (the CLI shows it too; stderr stays for problems).
  if (outdir === undefined) console.log(`synth: ${selected.map((env) => env.name).join(", ") || "no environment"} written to cdktf.out/`);
} catch (error) {
  if (!(error instanceof Error)) throw error;
  console.error(error.message);
  process.exit(1);
}
