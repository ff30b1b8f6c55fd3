import { BASELINE_SETTINGS, type BaselineRecord } from "../prod-baseline";
import type { AddProblem } from "./problem";

/**
 * Takes an environment with its prod baseline resolved (../prod-baseline); reports a baseline setting
 * of a prod environment turned off by a bare false, which must carry a written reason instead (shown
 * in the plan summary), and a reason written beside serverless egress that is on. Audit log delivery
 * is settled per Databricks account (./audit-log-delivery): one environment of the account delivers.
 */
export function checkProdBaseline(
  env: {
    readonly baseline: BaselineRecord;
    readonly security: { readonly serverlessEgress: { readonly enabled: boolean; readonly reason?: string } };
  },
  add: AddProblem,
): void {
  for (const off of env.baseline.off) {
    if (off.reason !== undefined || off.field === "security.auditLogDelivery") continue;
    const setting = BASELINE_SETTINGS.find((s) => s.field === off.field);
    const key = off.field.split(".").pop() as string;
    const path = off.field === "security.serverlessEgress" ? ["security", "serverlessEgress", "enabled"] : off.field.split(".");
    const keep =
      off.field === "security.serverlessEgress"
        ? 'serverlessEgress: { enabled: false, reason: "..." }'
        : `${key}: { enabled: false, reason: "..." }`;
    const on =
      off.field === "security.serverlessEgress"
        ? "leave enabled out (prod turns it on)"
        : `set ${key}: true (or leave it out: prod turns it on)`;
    add(
      path,
      `is false in a prod environment, which turns off the prod baseline's ${setting?.label ?? off.field} without a written reason; ${setting?.without ?? "the environment goes without it"}. Fix: ${on}, or keep it off with the reason reviewers will read: ${keep}`,
    );
  }
  const egress = env.security.serverlessEgress;
  if (egress.enabled && egress.reason !== undefined) {
    add(
      ["security", "serverlessEgress", "reason"],
      "gives a reason while serverless egress is restricted; a reason goes with enabled: false. Fix: remove the reason, or set enabled: false beside it",
    );
  }
}
