import { removeScratchTmpdir } from "./scratch-tmpdir";

/** Global teardown of the tool tests: removes the TMPDIR tools-global-setup.ts made. */
export default function scratchTeardown(): void {
  removeScratchTmpdir();
}
