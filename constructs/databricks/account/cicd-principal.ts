// The CI/CD service principal of an environment: the principal, its GitHub federation and its auditors membership.
import type { Group } from "@cdktn/provider-databricks/lib/group";
import { GroupMember } from "@cdktn/provider-databricks/lib/group-member";
import { ServicePrincipal } from "@cdktn/provider-databricks/lib/service-principal";
import type { TerraformProvider } from "cdktn";
import type { Construct } from "constructs";
import { GitHubFederation } from "./github-federation";

export interface CicdPrincipalProps {
  readonly cicdServicePrincipal: string;
  /**
   * Azure: the client id of the Entra identity the CI/CD principal is (the bootstrap stack's
   * id-ENV-cicd), which makes it an Entra ID service principal; unset, Databricks manages it.
   */
  readonly cicdApplicationId?: string;
  /**
   * How CI signs in as the CI/CD principal with Databricks workload identity federation: the
   * repository and the GitHub environments of this environment (plan and deploy) and the Databricks
   * account id (the audience). Unset for an Entra-backed principal, which signs in through its Entra
   * identity's federated credentials instead.
   */
  readonly cicdFederation?: {
    readonly repository: string;
    readonly githubEnvironments: readonly string[];
    readonly databricksAccountId: string;
  };
  /** The account-level provider. */
  readonly provider: TerraformProvider;
}

/**
 * Creates the CI/CD service principal in `scope` (the PersonaGroups construct, whose ids it keeps: cicd,
 * cicd-github, cicd-audits) and returns it; its workspace assignment stays with the persona groups'.
 */
export function addCicdPrincipal(scope: Construct, props: CicdPrincipalProps, auditors: Group): ServicePrincipal {
  const provider = props.provider;
  const cicd = new ServicePrincipal(scope, "cicd", {
    provider,
    displayName: props.cicdServicePrincipal,
    applicationId: props.cicdApplicationId,
  });
  if (props.cicdFederation) {
    // The pipeline applies the workspace-config stack as this principal, from its environment only.
    const { repository, githubEnvironments, databricksAccountId } = props.cicdFederation;
    new GitHubFederation(scope, "cicd-github", {
      provider,
      servicePrincipalId: cicd.id,
      repository,
      environments: githubEnvironments,
      databricksAccountId,
    });
  }
  // The pipeline's principal owns and runs the audit alerts, which read the system tables through
  // the auditors' grants; it gets no other auditor right.
  new GroupMember(scope, "cicd-audits", { provider, groupId: auditors.id, memberId: cicd.id });
  return cicd;
}
