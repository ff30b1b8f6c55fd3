import { DataDatabricksServicePrincipal } from "@cdktn/provider-databricks/lib/data-databricks-service-principal";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import type { Environment } from "../../../../config/schema";
import { PersonaEntitlements } from "../persona-entitlements";
import type { Principal } from "../principal";
import { SecurityProfile } from "../security-profile";
import { WorkspaceHardening } from "../workspace-hardening";

export interface IdentityAndHardeningProps {
  readonly env: Environment;
  readonly provider: TerraformProvider;
}

/**
 * Who works in the workspace and the settings that fence them in: the persona groups' entitlements,
 * the CI/CD service principal (looked up, it is created at account level), and the workspace-wide
 * security settings (IP access lists, token lifetime, export and legacy switches) and the security
 * profile config asks for (compliance profile, enhanced monitoring, cluster updates, restricted admins). Engineers may
 * create personal access tokens; nobody else.
 */
export class IdentityAndHardening extends Construct {
  readonly groups: PersonaEntitlements;
  readonly hardening: WorkspaceHardening;
  readonly securityProfile: SecurityProfile;
  /** The CI/CD service principal; deploys the config stack and runs the jobs. */
  readonly cicd: Principal;
  /** Its application id (a reference), for jobs' run_as and model ownership. */
  readonly cicdApplicationId: string;

  constructor(scope: Construct, id: string, props: IdentityAndHardeningProps) {
    super(scope, id);
    const { env, provider } = props;
    this.groups = new PersonaEntitlements(this, "groups", {
      names: env.groups,
      provider,
      serverless: env.compute.mode === "serverless",
    });
    const cicd = new DataDatabricksServicePrincipal(this, "cicd", { provider, displayName: env.cicdServicePrincipal });
    this.cicdApplicationId = cicd.applicationId;
    this.cicd = { kind: "service-principal", applicationId: cicd.applicationId, label: "cicd" };

    this.hardening = new WorkspaceHardening(this, "hardening", {
      provider,
      environment: env.name,
      ...env.security,
      keepDbfsMounts: env.mounts.enabled,
    });
    this.hardening.grantTokenUse(this.groups.dataEngineers);
    const { complianceSecurityProfile, complianceStandards, enhancedSecurityMonitoring, automaticClusterUpdate, restrictWorkspaceAdmins } =
      env.security;
    this.securityProfile = new SecurityProfile(this, "security-profile", {
      provider,
      complianceSecurityProfile,
      complianceStandards,
      enhancedSecurityMonitoring,
      automaticClusterUpdate: automaticClusterUpdate && { ...automaticClusterUpdate },
      restrictWorkspaceAdmins,
    });
  }
}
