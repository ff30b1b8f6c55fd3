import { environments } from "./config/environments";
import { loadEnvironments, selectEnvironments, SELECTION_VARIABLE } from "./config/load";
import { buildBlueprint } from "./stacks/blueprint";
import { synthAtomically } from "./stacks/synth-atomically";
import { loadCi } from "./config/ci";
import { github } from "./config/github";

// Which environments to synthesize: LAKEHOUSE_ENVIRONMENTS=dev,prod (all when unset or empty).
// Invalid config stops before anything is written; a guardrail finding stops synth with the
// construct path and the fix, and leaves cdktf.out/ as it was.
try {
  // Shared stacks (the metastores) are derived from every configured environment, not the selection.
  const all = loadEnvironments(environments);
  const selected = selectEnvironments(all, process.env[SELECTION_VARIABLE]);
  // Where CI runs (config/github.ts): the bootstrap stacks and the CI/CD principals trust it.
  const ci = loadCi(github, all);
  // The CLI (cdktn synth/deploy) names the output directory and deletes stale stacks itself; run on
  // its own (npm run synth), the app removes the stacks it no longer writes.
  const outdir = process.env.CDKTF_OUTDIR;
  synthAtomically(outdir ?? "cdktf.out", (app) => buildBlueprint(app, selected, all, ci), { pruneStale: outdir === undefined });
} catch (error) {
  if (!(error instanceof Error)) throw error;
  console.error(error.message);
  process.exit(1);
}
