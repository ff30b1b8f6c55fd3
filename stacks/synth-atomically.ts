import { App } from "cdktf";
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { withoutTokenTraces } from "./token-traces";
import { withVersionChecksOnce } from "./version-checks";

/**
 * Synthesizes into a staging directory beside `outdir` and swaps it in only when every stack passed
 * (guardrail findings fail synth while stacks are being written), so a failed synth never leaves
 * `outdir` half-written: it keeps whatever it held before. cdktf's token traces are skipped
 * (token-traces.ts) and its Terraform version check runs once, not once per stack (version-checks.ts).
 */
export function synthAtomically(outdir: string, build: (app: App) => void): void {
  const target = resolve(outdir);
  const staging = mkdtempSync(join(dirname(target), `.cdktf-staging-${basename(target)}-`));
  try {
    withoutTokenTraces(() =>
      withVersionChecksOnce(() => {
        const app = new App({ outdir: staging });
        build(app);
        app.synth();
      }),
    );
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}
