import type { Environment } from "../../config/schema";
import { stackNames } from "../../stacks/blueprint";

// A checkov skip that holds only where a configured mode is off (or on) names that mode in
// skips.json ("mode": "..."), never the stack names: an environment added later in the same mode is
// covered, and one that turns the mode on is scanned without the skip.

/** Each mode: which environments are in it. Their workspace stacks are the ones the skip covers. */
export const SKIP_MODES: Record<string, (env: Environment) => boolean> = {
  /** Storage account and Key Vault reached through service endpoints and firewalls (no private endpoints). */
  "azure-storage-and-vault-public": (env) => env.cloud === "azure" && !env.azure.network.privateConnectivity.storageAndKeyVault,
  /** Storage account and Key Vault reached only through private endpoints. */
  "azure-storage-and-vault-private": (env) => env.cloud === "azure" && env.azure.network.privateConnectivity.storageAndKeyVault,
  /** The workspace UI and API take public traffic (front-end Private Link off; IP access lists apply). */
  "azure-front-end-public": (env) => env.cloud === "azure" && !env.azure.network.privateConnectivity.frontEnd,
};

/**
 * The workspace stack names of the environments in each mode, for `classify`. Refuses a mode that
 * SKIP_MODES does not define, naming it and the known ones.
 */
export function stacksByMode(environments: readonly Environment[], modes: readonly string[]): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const mode of modes) {
    const inMode = SKIP_MODES[mode];
    if (!inMode)
      throw new Error(
        `scripts/scan/skips.json: unknown mode "${mode}". Fix: use one of ${Object.keys(SKIP_MODES).join(", ")} or define it in scripts/scan/skip-modes.ts`,
      );
    result.set(mode, new Set(environments.filter(inMode).map((env) => stackNames(env).workspace)));
  }
  return result;
}
