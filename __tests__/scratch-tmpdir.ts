import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SCRATCH_VARIABLE = "LAKEHOUSE_TEST_SCRATCH";

/**
 * Gives one jest run its own temporary directory: TMPDIR, which os.tmpdir() reads in every worker and
 * child process the run starts, points at a fresh directory. cdktn's Testing.synth and fullSynth make a
 * `cdktf.outdir.*` directory per call and leave it, and a few tests make their own; without this, every
 * run left hundreds of them in the system's temporary directory.
 */
export function useScratchTmpdir(): void {
  const dir = mkdtempSync(join(tmpdir(), "lakehouse-test-tmp-"));
  process.env[SCRATCH_VARIABLE] = dir;
  process.env.TMPDIR = dir;
}

/** Removes what useScratchTmpdir made, with everything the run wrote in it. */
export function removeScratchTmpdir(): void {
  const dir = process.env[SCRATCH_VARIABLE];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
