import { parseAddressOrCidr } from "../cidr";
import type { AddProblem } from "./problem";

// What a prod environment may not do, beyond the baseline it gets by default (../prod-baseline).

/** A range this wide (fewer prefix bits) admits a large part of the internet: /8 is 16.7 million addresses. */
const WIDEST_PREFIX = 8;

/**
 * Takes a prod environment's state backend and IP access list; reports state kept locally (on the
 * machine that applied: lost with it, never locked, unseen by the next deployer or by CI), and an
 * access list entry that admits everything or a large part of the internet (0.0.0.0/0, or wider than a
 * /8), which makes the list no control at all. Non-prod environments may do both (trying the blueprint out).
 */
export function checkProd(env: { stage: string; state: { backend: string }; security: { ipAccessList: string[] } }, add: AddProblem): void {
  if (env.stage !== "prod") return;
  if (env.state.backend === "local") {
    add(
      ["state"],
      'keeps a prod environment\'s Terraform state in local files: lost with the machine that applied, never locked, and unseen by the next deployer or by CI. Fix: set state: { backend: "s3", bucket, region } or { backend: "azurerm", resourceGroupName, storageAccountName } (docs/remote-state.md)',
    );
  }
  env.security.ipAccessList.forEach((range, i) => {
    const block = parseAddressOrCidr(range);
    if (!block || block.prefix >= WIDEST_PREFIX) return;
    const all =
      block.prefix === 0
        ? "admits every address"
        : `admits ${(block.last - block.first + 1).toLocaleString("en")} addresses, a large part of the internet`;
    add(
      ["security", "ipAccessList", i],
      `${all}, so in a prod environment the IP access list controls nothing. Fix: list the egress ranges of your offices and VPN (each a /${WIDEST_PREFIX} or narrower)`,
    );
  });
}
