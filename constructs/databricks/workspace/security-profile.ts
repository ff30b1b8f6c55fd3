import { AutomaticClusterUpdateWorkspaceSetting } from "@cdktn/provider-databricks/lib/automatic-cluster-update-workspace-setting";
import { ComplianceSecurityProfileWorkspaceSetting } from "@cdktn/provider-databricks/lib/compliance-security-profile-workspace-setting";
import { EnhancedSecurityMonitoringWorkspaceSetting } from "@cdktn/provider-databricks/lib/enhanced-security-monitoring-workspace-setting";
import { RestrictWorkspaceAdminsSetting } from "@cdktn/provider-databricks/lib/restrict-workspace-admins-setting";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";

export interface SecurityProfileProps {
  readonly provider: TerraformProvider;
  /** Compliance security profile on, for these standards (Settings API ComplianceStandard names). */
  readonly complianceSecurityProfile: boolean;
  readonly complianceStandards: readonly string[];
  readonly enhancedSecurityMonitoring: boolean;
  /** Weekly or monthly window in which clusters restart to take updates; undefined leaves the setting alone. */
  readonly automaticClusterUpdate?: { dayOfWeek: string; frequency: string; startHour: number; startMinute: number };
  readonly restrictWorkspaceAdmins: boolean;
}

/**
 * The workspace's security profile, each part a switch of config: the compliance security profile
 * (Databricks docs, "Compliance security profile"; it cannot be turned off once on, and forces the
 * next two on), enhanced security monitoring, automatic cluster update in a maintenance window, and
 * restricted workspace admins (no tokens on behalf of others, run-as only themselves). A switch that
 * is off creates no resource: the workspace keeps Databricks' default.
 */
export class SecurityProfile extends Construct {
  constructor(scope: Construct, id: string, props: SecurityProfileProps) {
    super(scope, id);
    const provider = props.provider;
    if (props.complianceSecurityProfile) {
      new ComplianceSecurityProfileWorkspaceSetting(this, "compliance-profile", {
        provider,
        complianceSecurityProfileWorkspace: {
          isEnabled: true,
          complianceStandards: props.complianceStandards.length > 0 ? [...props.complianceStandards] : ["NONE"],
        },
      });
    }
    if (props.enhancedSecurityMonitoring) {
      new EnhancedSecurityMonitoringWorkspaceSetting(this, "security-monitoring", {
        provider,
        enhancedSecurityMonitoringWorkspace: { isEnabled: true },
      });
    }
    const window = props.automaticClusterUpdate;
    if (window) {
      new AutomaticClusterUpdateWorkspaceSetting(this, "cluster-update", {
        provider,
        automaticClusterUpdateWorkspace: {
          enabled: true,
          maintenanceWindow: {
            weekDayBasedSchedule: {
              dayOfWeek: window.dayOfWeek,
              frequency: window.frequency,
              windowStartTime: { hours: window.startHour, minutes: window.startMinute },
            },
          },
        },
      });
    }
    if (props.restrictWorkspaceAdmins) {
      new RestrictWorkspaceAdminsSetting(this, "restrict-admins", {
        provider,
        restrictWorkspaceAdmins: { status: "RESTRICT_TOKENS_AND_JOB_RUN_AS" },
      });
    }
  }
}
