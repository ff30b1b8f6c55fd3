import { BASELINE_SETTINGS } from "../../config/prod-baseline";
import type { Environment } from "../../config/schema";

// The security switches of an environment as they will be built, each with why it is so: the prod
// baseline's record (config/prod-baseline.ts: what it turned on, what is off and the written reason),
// what config sets, and the switches the baseline never turns on by itself.

/** One switch: its label and field, on or off, and why. */
export interface SwitchLine {
  readonly setting: string;
  readonly field: string;
  readonly on: boolean;
  readonly why: string;
}

/** The resolved value of a baseline setting, by its field. */
function resolved(env: Environment, field: string): boolean | undefined {
  const security = env.security;
  switch (field) {
    case "deletionProtection":
      return env.deletionProtection;
    case "aws.network.privateConnectivity.backEnd":
      return env.cloud === "aws" ? env.aws.network?.privateConnectivity.backEnd : undefined;
    case "azure.network.privateConnectivity.backEnd":
      return env.cloud === "azure" ? env.azure.network.privateConnectivity.backEnd : undefined;
    case "aws.network.egress":
      return env.cloud === "aws" ? env.aws.network !== undefined && env.aws.network.egress.mode !== "open" : undefined;
    case "azure.network.egress":
      return env.cloud === "azure" ? env.azure.network.egress.mode !== "open" : undefined;
    case "security.serverlessEgress":
      return security.serverlessEgress.enabled;
    case "security.enhancedSecurityMonitoring":
      return security.enhancedSecurityMonitoring;
    case "security.automaticClusterUpdate":
      return security.automaticClusterUpdate !== undefined;
    case "security.restrictWorkspaceAdmins":
      return security.restrictWorkspaceAdmins;
    case "security.auditLogDelivery":
      return env.cloud === "aws" ? security.auditLogDelivery : undefined;
    default:
      return undefined;
  }
}

/**
 * Takes a validated environment (its baseline resolved, audit log delivery settled per account); gives
 * each setting of the prod baseline that applies to its cloud, on or off and why (the reason written in
 * config when one is off in prod), then the compliance security profile and the private-connectivity
 * switches the baseline leaves off.
 */
export function securitySwitches(env: Environment): SwitchLine[] {
  const prod = env.stage === "prod";
  const lines: SwitchLine[] = [];
  for (const setting of BASELINE_SETTINGS) {
    const on = resolved(env, setting.field);
    if (on === undefined) continue;
    const off = env.baseline.off.find((entry) => entry.field === setting.field);
    const defaulted = env.baseline.defaulted.includes(setting.field);
    let why: string;
    if (off) why = off.reason ?? "turned off in config (no reason given)";
    else if (defaulted)
      why = on
        ? "prod baseline (left unset in config)"
        : "another environment of the Databricks account delivers its audit logs (once per account)";
    else if (on) why = "set in config";
    else if (!prod) why = `off (the baseline is for prod; ${env.stage} leaves it off)`;
    // In prod a setting is off without a record only where the baseline does not apply.
    else why = "off for a workspace brought along (databricks.existingWorkspaceHost): managed where that workspace is";
    lines.push({ setting: setting.label, field: setting.field, on, why });
  }
  const profile = env.security.complianceSecurityProfile;
  const standards = env.security.complianceStandards;
  lines.push({
    setting: "compliance security profile",
    field: "security.complianceSecurityProfile",
    on: profile,
    why: profile
      ? `set in config; cannot be turned off again${standards.length ? `; standards: ${standards.join(", ")}` : "; no standard named"}`
      : "never defaulted (it cannot be turned off once on)",
  });
  // A serverless workspace (no aws.network) has no private connectivity of its own: both switches read off.
  const network =
    env.cloud === "aws"
      ? (env.aws.network?.privateConnectivity ?? { backEnd: false, frontEnd: undefined })
      : env.azure.network.privateConnectivity;
  const frontEnd =
    env.cloud === "aws" ? env.aws.network?.privateConnectivity.frontEnd !== undefined : env.azure.network.privateConnectivity.frontEnd;
  const cloudField = `${env.cloud}.network.privateConnectivity`;
  lines.push({
    setting: "front-end private connectivity",
    field: `${cloudField}.frontEnd`,
    on: frontEnd,
    why: frontEnd ? "set in config" : "off by default: it locks out deploy runners outside the network",
  });
  if (env.cloud === "azure" && "storageAndKeyVault" in network) {
    const on = network.storageAndKeyVault;
    lines.push({
      setting: "private storage and Key Vault",
      field: `${cloudField}.storageAndKeyVault`,
      on,
      why: on ? "set in config" : "off by default: it locks out deploy runners outside the network",
    });
  }
  // A serverless workspace has no VPC, no classic clusters and no network of its own to make private.
  return env.compute.mode === "serverless" ? lines.filter((line) => !CLASSIC_ONLY.some((field) => line.field.endsWith(field))) : lines;
}

/** Switches of classic compute and its network, which a serverless workspace does not have (docs/compute-modes.md). */
const CLASSIC_ONLY = [
  "network.egress",
  "network.privateConnectivity.backEnd",
  "network.privateConnectivity.frontEnd",
  "security.automaticClusterUpdate",
];
