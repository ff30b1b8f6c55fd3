import { type ComputeConfig, prodServerlessOnAdoptedMetastore } from "../compute-mode";
import type { MetastoreChoice } from "../metastore";
import type { AddProblem } from "./problem";

/**
 * Takes an environment's serverless egress setting with what it stands on; reports settings that
 * would do nothing or could not be built: a domain list or dry run while egress control is off; egress
 * control for a workspace the blueprint does not create (the binding and the policy need its id) or
 * with an adopted metastore (the region's network connectivity configuration lives in the shared
 * metastore stack, stacks/metastore-stack.ts), unless ./compute-mode.ts refuses that metastore for the
 * environment's prod serverless compute already.
 */
export function checkServerlessEgress(
  env: {
    stage: string;
    security: { serverlessEgress: { enabled: boolean; allowedDomains: string[]; dryRun: boolean } };
    databricks: { existingWorkspaceHost?: string };
    unityCatalog: { metastore: MetastoreChoice };
    compute: ComputeConfig;
  },
  add: AddProblem,
): void {
  const egress = env.security.serverlessEgress;
  const path = ["security", "serverlessEgress"];
  if (!egress.enabled) {
    if (egress.allowedDomains.length > 0)
      add(
        [...path, "allowedDomains"],
        "lists domains while serverlessEgress.enabled is false, so nothing would restrict or admit them. Fix: set enabled: true, or remove the list",
      );
    if (egress.dryRun)
      add(
        [...path, "dryRun"],
        "is true while serverlessEgress.enabled is false; there is no policy to try out. Fix: set enabled: true, or remove dryRun",
      );
    return;
  }
  if (env.databricks.existingWorkspaceHost !== undefined) {
    add(
      [...path, "enabled"],
      "is true for a workspace the blueprint does not create (databricks.existingWorkspaceHost); its network policy and connectivity binding belong with the stack that owns the workspace. Fix: set enabled: false here and bind the workspace where it is managed",
    );
  }
  // Prod serverless compute on an adopted metastore is refused once, at the metastore (./compute-mode.ts).
  if (env.unityCatalog.metastore.mode === "adopt" && !prodServerlessOnAdoptedMetastore(env)) {
    const off =
      env.stage === "prod"
        ? 'keep it off with the reason reviewers will read: serverlessEgress: { enabled: false, reason: "..." }'
        : "set enabled: false";
    add(
      [...path, "enabled"],
      `is on with an adopted metastore (unityCatalog.metastore.mode "adopt"); the region's network connectivity configuration is created in the blueprint's metastore stack, which only { mode: "create" } has. Fix: use unityCatalog.metastore: { mode: "create" } where the region has no metastore yet, or ${off}`,
    );
  }
}
