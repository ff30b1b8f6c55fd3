import { removeScratchTmpdir } from "./scratch-tmpdir";

/** Jest's global teardown: removes the run's synth cache and temporary files (see global-setup.ts), both under its TMPDIR. */
export default function globalTeardown(): void {
  removeScratchTmpdir();
}
