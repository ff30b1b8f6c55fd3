import { useScratchTmpdir } from "./scratch-tmpdir";

/** Global setup of the tool tests (jest.tools.config.js): the run's own TMPDIR, removed by tools-global-teardown.ts. */
export default function scratchSetup(): void {
  useScratchTmpdir();
}
