import { z } from "zod";

// The prod baseline: what `stage: "prod"` turns on unless config turns it off with a written reason.
// Standards (complianceStandards) and the compliance security profile are never defaulted: the profile
// cannot be turned off once on, and which standards apply is the team's to say. docs/security-controls.md
// has the table; scripts/plan-summary.ts shows every switch turned off and its reason.

/** One setting of the baseline: where config holds it, what it is, what is lost without it. */
export interface BaselineSetting {
  readonly field: string;
  readonly label: string;
  readonly without: string;
}

export const BASELINE_SETTINGS: readonly BaselineSetting[] = [
  { field: "deletionProtection", label: "deletion protection", without: "one apply could destroy its buckets, keys and catalog" },
  {
    field: "aws.network.privateConnectivity.backEnd",
    label: "back-end private connectivity (AWS PrivateLink)",
    without: "its clusters would reach the control plane over the internet",
  },
  {
    field: "azure.network.privateConnectivity.backEnd",
    label: "back-end private connectivity (Azure Private Link)",
    without: "its clusters would reach the control plane over the internet",
  },
  {
    field: "aws.network.egress",
    label: "egress firewall for classic compute (AWS Network Firewall, or no internet)",
    without: "a notebook could send the data it reads to any host on the internet",
  },
  {
    field: "azure.network.egress",
    label: "egress firewall for classic compute (the region's hub Azure Firewall)",
    without: "a notebook could send the data it reads to any host on the internet",
  },
  {
    field: "security.serverlessEgress",
    label: "serverless egress restriction",
    without: "serverless compute could reach any host on the internet",
  },
  {
    field: "security.enhancedSecurityMonitoring",
    label: "enhanced security monitoring",
    without: "no antivirus, file integrity or vulnerability finding of its compute would reach the audit log",
  },
  {
    field: "security.automaticClusterUpdate",
    label: "automatic cluster update",
    without: "long-running clusters would keep images without security fixes",
  },
  {
    field: "security.restrictWorkspaceAdmins",
    label: "restricted workspace admins",
    without: "workspace admins could create tokens for others and run jobs as anyone",
  },
  {
    field: "security.auditLogDelivery",
    label: "audit log delivery (once per Databricks account, AWS)",
    without: "the account's audit logs would reach no bucket of yours",
  },
];

/** Databricks' own default window for automatic cluster update: the first Sunday of the month, 01:00 (docs, "Automatic cluster update"). */
export const DEFAULT_MAINTENANCE_WINDOW = { dayOfWeek: "SUNDAY", frequency: "FIRST_OF_MONTH", startHour: 1, startMinute: 0 } as const;

/** Why a baseline setting is off: a sentence kept in config, shown in the plan summary. */
export const reasonSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'is missing: a setting of the prod baseline is turned off only with a written reason, shown to reviewers in the plan summary. Fix: add reason: "why this environment does without it"'
        : undefined,
  })
  .trim()
  .min(
    10,
    'is too short to say why. Fix: write the reason in a sentence, e.g. "no Enhanced Security and Compliance add-on on this account yet (ticket SEC-42)"',
  );

/** `{ enabled: false, reason }`: a baseline setting turned off, with why. */
export const switchedOffSchema = z.strictObject({
  enabled: z.literal(false, {
    message:
      'is true; the { enabled, reason } form turns a setting off. Fix: write the setting as true, or { enabled: false, reason: "..." }',
  }),
  reason: reasonSchema,
});
export type SwitchedOff = z.output<typeof switchedOffSchema>;

/** An on/off setting of the baseline: true, false (outside prod), or { enabled: false, reason }; unset, prod turns it on. */
export const baselineSwitch = z
  .union([z.boolean(), switchedOffSchema], {
    error: (issue) =>
      issue.code === "invalid_union"
        ? 'must be true, false or { enabled: false, reason: "..." }. Fix: write true, or (outside prod) false'
        : undefined,
  })
  .optional();

type Switch = boolean | SwitchedOff | undefined;
type Window = { dayOfWeek: string; frequency: string; startHour: number; startMinute: number };

/** A baseline setting that is off in a prod environment; `reason` is unset when it was turned off by a bare false. */
export interface BaselineOff {
  readonly field: string;
  readonly reason?: string;
}

/** What the baseline did to an environment: settings it turned on (left unset in config), and those off. */
export interface BaselineRecord {
  readonly defaulted: readonly string[];
  readonly off: readonly BaselineOff[];
}

interface SecurityInput {
  enhancedSecurityMonitoring?: Switch;
  restrictWorkspaceAdmins?: Switch;
  auditLogDelivery?: Switch;
  automaticClusterUpdate?: Window | SwitchedOff;
  serverlessEgress: { enabled?: boolean; reason?: string };
}

/** A security block with the baseline's settings resolved to what is built. */
export type ResolvedSecurity<S extends SecurityInput> = Omit<
  S,
  "enhancedSecurityMonitoring" | "restrictWorkspaceAdmins" | "auditLogDelivery" | "automaticClusterUpdate" | "serverlessEgress"
> & {
  enhancedSecurityMonitoring: boolean;
  restrictWorkspaceAdmins: boolean;
  auditLogDelivery: boolean;
  automaticClusterUpdate?: Window;
  serverlessEgress: Omit<S["serverlessEgress"], "enabled"> & { enabled: boolean };
};

interface BaselineInput {
  stage: string;
  cloud: "aws" | "azure";
  deletionProtection?: Switch;
  databricks: { existingWorkspaceHost?: string };
  security: SecurityInput;
}

/**
 * Resolves the baseline settings of one environment (validated field by field): in prod, an unset
 * setting is turned on; a setting turned off (a bare false, or { enabled: false, reason }) is recorded
 * with its reason. Outside prod, unset means off and nothing is recorded. The workspace's network and
 * serverless egress belong to whoever manages a workspace brought along (databricks.existingWorkspaceHost),
 * so the baseline leaves them alone there; audit log delivery is an AWS account setting (on Azure the
 * workspace's diagnostic settings deliver its audit logs). config/rules/prod-baseline.ts refuses a prod
 * setting turned off without a reason; one delivery per account is settled across environments.
 */
export class ProdBaseline {
  private readonly defaulted: string[] = [];
  private readonly off: BaselineOff[] = [];
  private readonly prod: boolean;
  private readonly ownWorkspace: boolean;

  constructor(private readonly env: BaselineInput) {
    this.prod = env.stage === "prod";
    this.ownWorkspace = env.databricks.existingWorkspaceHost === undefined;
  }

  /** Gives the environment with deletion protection and the security settings resolved. */
  apply<E extends BaselineInput>(
    env: E,
  ): Omit<E, "deletionProtection" | "security"> & { deletionProtection: boolean; security: ResolvedSecurity<E["security"]> } {
    const security = env.security;
    const window = this.window(security.automaticClusterUpdate, "security.automaticClusterUpdate");
    const egress = security.serverlessEgress;
    return {
      ...env,
      deletionProtection: this.flag(env.deletionProtection, "deletionProtection"),
      security: {
        ...security,
        enhancedSecurityMonitoring: this.flag(security.enhancedSecurityMonitoring, "security.enhancedSecurityMonitoring"),
        restrictWorkspaceAdmins: this.flag(security.restrictWorkspaceAdmins, "security.restrictWorkspaceAdmins"),
        auditLogDelivery: this.flag(security.auditLogDelivery, "security.auditLogDelivery", this.env.cloud === "aws"),
        ...(window === undefined ? { automaticClusterUpdate: undefined } : { automaticClusterUpdate: window }),
        serverlessEgress: {
          ...egress,
          enabled: this.flag(
            egress.enabled === false && egress.reason !== undefined ? { enabled: false, reason: egress.reason } : egress.enabled,
            "security.serverlessEgress",
            this.ownWorkspace,
          ),
        },
      } as ResolvedSecurity<E["security"]>,
    };
  }

  /** Back-end private connectivity of the environment's cloud (`field` names it in config). */
  backEnd(value: Switch, field: string): boolean {
    return this.flag(value, field, this.ownWorkspace);
  }

  /**
   * A baseline setting that is a choice, not a switch (the egress mode, "firewall" in prod): records
   * that the baseline made it, for an environment that creates its workspace. Config refuses the
   * choice's opposite in prod (config/rules/egress.ts), so it is never recorded as off.
   */
  chose(field: string): void {
    if (this.prod && this.ownWorkspace) this.defaulted.push(field);
  }

  /** What the baseline turned on and what is off; read after apply and backEnd. */
  record(): BaselineRecord {
    return { defaulted: [...this.defaulted], off: [...this.off] };
  }

  private flag(value: Switch, field: string, applies = true): boolean {
    const inBaseline = this.prod && applies;
    if (value === undefined) {
      if (inBaseline) this.defaulted.push(field);
      return inBaseline;
    }
    if (value === true) return true;
    if (inBaseline) this.off.push({ field, reason: value === false ? undefined : value.reason });
    return false;
  }

  private window(value: Window | SwitchedOff | undefined, field: string): Window | undefined {
    if (value === undefined) {
      if (!this.prod) return undefined;
      this.defaulted.push(field);
      return { ...DEFAULT_MAINTENANCE_WINDOW };
    }
    if (!("enabled" in value)) return value;
    if (this.prod) this.off.push({ field, reason: value.reason });
    return undefined;
  }
}
