import type { Environment } from "../types";
import type { AddProblem } from "./problem";

// Audit log delivery is a setting of the Databricks account (log delivery API: every workspace's audit
// logs go to the configured bucket), and the account allows at most two delivery configurations. The
// prod baseline turns it on once per account: in the account's first prod environment on AWS, unless an
// environment of the account delivers already (on Azure each workspace's diagnostic settings deliver).

const FIELD = "security.auditLogDelivery";
const defaulted = (env: Environment) => env.baseline.defaulted.includes(FIELD);

/**
 * Takes every configured environment (each with its baseline resolved); gives the indexes of those that
 * deliver their account's audit logs: each one config turns on, and, in an account none of whose
 * environments does, the first in which the baseline turned it on.
 */
export function auditLogDeliverers(envs: readonly Environment[]): Set<number> {
  const deliverers = new Set<number>();
  const accounts = new Set<string>();
  envs.forEach((env, index) => {
    if (env.security.auditLogDelivery && !defaulted(env)) {
      deliverers.add(index);
      accounts.add(env.databricks.accountId.toLowerCase());
    }
  });
  envs.forEach((env, index) => {
    const account = env.databricks.accountId.toLowerCase();
    if (defaulted(env) && env.security.auditLogDelivery && !accounts.has(account)) {
      deliverers.add(index);
      accounts.add(account);
    }
  });
  return deliverers;
}

/**
 * Takes every configured environment; reports a third delivery in one account, and a prod environment
 * that turns delivery off by a bare false in an account where no environment delivers (the baseline's
 * delivery once per account then needs a written reason to be left out).
 */
export function checkAuditLogDelivery(envs: readonly Environment[], add: AddProblem): void {
  const deliverers = auditLogDeliverers(envs);
  const byAccount = new Map<string, string[]>();
  [...deliverers]
    .sort((a, b) => a - b)
    .forEach((index) => {
      const account = envs[index].databricks.accountId;
      const names = [...(byAccount.get(account) ?? []), envs[index].name];
      byAccount.set(account, names);
      if (names.length > 2) {
        add(
          [index, "security", "auditLogDelivery"],
          `is the third audit log delivery in Databricks account ${account} (${names.join(", ")}); the account allows two. Fix: deliver account-wide from one environment and set auditLogDelivery: false elsewhere`,
        );
      }
    });
  envs.forEach((env, index) => {
    const bareOff = env.baseline.off.some((off) => off.field === FIELD && off.reason === undefined);
    if (bareOff && !byAccount.has(env.databricks.accountId)) {
      add(
        [index, "security", "auditLogDelivery"],
        `is false in a prod environment, and no environment of Databricks account ${env.databricks.accountId} delivers its audit logs; the prod baseline delivers them once per account. Fix: leave it out here (prod delivers), or keep it off with the reason reviewers will read: auditLogDelivery: { enabled: false, reason: "..." }`,
      );
    }
  });
}

/** Gives the environments with audit log delivery on in the deliverers only (auditLogDeliverers). */
export function deliverAuditLogsOncePerAccount(envs: Environment[]): Environment[] {
  const deliverers = auditLogDeliverers(envs);
  return envs.map(
    (env, index) =>
      (env.security.auditLogDelivery === deliverers.has(index)
        ? env
        : { ...env, security: { ...env.security, auditLogDelivery: deliverers.has(index) } }) as Environment,
  );
}
