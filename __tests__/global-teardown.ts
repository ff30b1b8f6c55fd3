import { rmSync } from "node:fs";
import { SYNTH_CACHE_VARIABLE } from "./global-setup";

/** Jest's global teardown: removes the run's synth cache (see global-setup.ts). */
export default function globalTeardown(): void {
  const cache = process.env[SYNTH_CACHE_VARIABLE];
  if (cache) rmSync(cache, { recursive: true, force: true });
}
