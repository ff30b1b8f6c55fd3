import { Group } from "@cdktn/provider-databricks/lib/group";
import { GroupMember } from "@cdktn/provider-databricks/lib/group-member";
import { MwsPermissionAssignment } from "@cdktn/provider-databricks/lib/mws-permission-assignment";
import { ServicePrincipal } from "@cdktn/provider-databricks/lib/service-principal";
import type { ITerraformDependable } from "cdktn";
import { type TerraformProvider, Token } from "cdktn";
import { Construct } from "constructs";
import { GitHubFederation } from "./github-federation";

export interface PersonaGroupNames {
  readonly admins: string;
  readonly dataEngineers: string;
  readonly dataScientists: string;
  readonly analysts: string;
  /** Reads the system tables (audit, billing, compute) and nothing else. */
  readonly auditors: string;
}

export interface PersonaGroupsProps {
  readonly names: PersonaGroupNames;
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
  /** Assign the identities to this workspace (identity federation). */
  readonly workspaceId?: number;
  /** Workspace assignment needs the workspace to have a metastore. */
  readonly assignmentDependsOn?: ITerraformDependable[];
}

/**
 * Account-level identities of one environment: a group per persona (admins, engineers, scientists,
 * analysts, auditors) and the CI/CD service principal (a member of auditors, so the audit alerts it
 * runs can read the system tables; federated with the environment's GitHub environments, or an
 * Entra identity on Azure), assigned to the environment's workspace. Admins and the deploying principal get ADMIN; everyone
 * else USER. What each persona may do inside the workspace is then granted object by object.
 */
export class PersonaGroups extends Construct {
  readonly groups: Record<keyof PersonaGroupNames, Group>;
  readonly cicd: ServicePrincipal;

  constructor(scope: Construct, id: string, props: PersonaGroupsProps) {
    super(scope, id);
    const provider = props.provider;
    const make = (key: keyof PersonaGroupNames) => new Group(this, key, { provider, displayName: props.names[key] });
    this.groups = {
      admins: make("admins"),
      dataEngineers: make("dataEngineers"),
      dataScientists: make("dataScientists"),
      analysts: make("analysts"),
      auditors: make("auditors"),
    };
    this.cicd = new ServicePrincipal(this, "cicd", {
      provider,
      displayName: props.cicdServicePrincipal,
      applicationId: props.cicdApplicationId,
    });
    if (props.cicdFederation) {
      // The pipeline applies the workspace-config stack as this principal, from its environment only.
      const { repository, githubEnvironments, databricksAccountId } = props.cicdFederation;
      new GitHubFederation(this, "cicd-github", {
        provider,
        servicePrincipalId: this.cicd.id,
        repository,
        environments: githubEnvironments,
        databricksAccountId,
      });
    }
    // The pipeline's principal owns and runs the audit alerts, which read the system tables through
    // the auditors' grants; it gets no other auditor right.
    new GroupMember(this, "cicd-audits", { provider, groupId: this.groups.auditors.id, memberId: this.cicd.id });

    if (props.workspaceId === undefined) return;
    const assign = (key: string, principalId: string, permissions: string[]) =>
      new MwsPermissionAssignment(this, `assign-${key}`, {
        provider,
        workspaceId: props.workspaceId as number,
        principalId: Token.asNumber(principalId),
        permissions,
        dependsOn: props.assignmentDependsOn,
      });
    for (const [key, group] of Object.entries(this.groups)) assign(key, group.id, key === "admins" ? ["ADMIN"] : ["USER"]);
    // The pipeline applies the workspace-config stack, which needs workspace admin rights.
    assign("cicd", this.cicd.id, ["ADMIN"]);
  }
}
