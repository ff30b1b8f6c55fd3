import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useScratchTmpdir } from "./scratch-tmpdir";

/** Names the directory where helpers.ts keeps synthesized estates for one jest run. */
export const SYNTH_CACHE_VARIABLE = "LAKEHOUSE_TEST_SYNTH_CACHE";

/** Jest's global setup: a fresh directory per run (workers inherit the variable), so nothing outlives a code change; and the run's own TMPDIR. */
export default function globalSetup(): void {
  useScratchTmpdir();
  process.env[SYNTH_CACHE_VARIABLE] = mkdtempSync(join(tmpdir(), "lakehouse-test-synth-"));
}
