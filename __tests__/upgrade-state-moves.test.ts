import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stateMoves } from "../scripts/upgrade/state-moves";
import { exampleEnvironments, synthBlueprint } from "./helpers";

// The example estate as deployed at 0.1.0: each config stack's state addresses, and the moved blocks
// that release carried (recorded from its synth; the engine then planned them with nothing replaced).
const recorded = JSON.parse(readFileSync(join(__dirname, "fixtures", "state-addresses-0.1.0.json"), "utf8")).stacks as Record<
  string,
  { stateAddresses: string[]; moved: Array<[string, string]> }
>;
const stacks = synthBlueprint(Object.values(exampleEnvironments()));
const addressesOf = (name: string) =>
  Object.entries(JSON.parse(stacks[name]).resource as Record<string, Record<string, unknown>>).flatMap(([type, byName]) =>
    Object.keys(byName).map((id) => `${type}.${id}`),
  );

// Resources added after 0.1 (CHANGELOG): created by the first apply of the new release, never moved.
const ADDED_SINCE_0_1 = [
  // production data in dev (docs/production-data-in-dev.md)
  /^databricks_alert_v2\.observability_audit-alerts_prod_results_downloaded_in_dev_/,
  /^databricks_alert_v2\.observability_audit-alerts_unmasked_pii_column_read_/,
  /^[a-z_]+\.prod-data-for-developers_/,
  /^databricks_workspace_binding\.data_catalog_catalog-read-only-/,
];

describe("upgrading a 0.1 estate (scripts/upgrade/state-moves.ts)", () => {
  it.each(Object.keys(recorded))("%s: prints exactly the moves 0.1's moved blocks made", (name) => {
    const { stateAddresses, moved } = recorded[name];
    expect(moved.length).toBeGreaterThan(60);
    const moves = stateMoves(stateAddresses, addressesOf(name));
    expect([...moves].sort()).toEqual([...moved].sort());
    // After the moves the state holds exactly the stack's addresses: nothing left behind, nothing to
    // create but what releases after 0.1 added (ADDED_SINCE_0_1).
    const after = new Set(stateAddresses.map((address) => moves.find(([from]) => from === address)?.[1] ?? address));
    const existing = addressesOf(name).filter((address) => !ADDED_SINCE_0_1.some((added) => added.test(address)));
    expect([...after].sort()).toEqual(existing.sort());
  });

  it("prints nothing for a state already at 0.2.0's addresses", () => {
    const name = "dev-workspace-config";
    expect(stateMoves(addressesOf(name), addressesOf(name))).toEqual([]);
  });

  it("refuses to guess when an old address could move to two places", () => {
    expect(() =>
      stateMoves(
        ["databricks_job.ingestion-job_0DB8E2E8"],
        ["databricks_job.code_ingestion-job_BEB6A965", "databricks_job.data_ingestion-job_0000AAAA"],
      ),
    ).toThrow(
      "databricks_job.ingestion-job_0DB8E2E8 could move to databricks_job.code_ingestion-job_BEB6A965 or databricks_job.data_ingestion-job_0000AAAA. Fix: move it by hand with tofu state mv",
    );
  });
});
