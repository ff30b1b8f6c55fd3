import { Group } from "@cdktn/provider-databricks/lib/group";
import { MwsPermissionAssignment } from "@cdktn/provider-databricks/lib/mws-permission-assignment";
import type { ServicePrincipal } from "@cdktn/provider-databricks/lib/service-principal";
import type { ITerraformDependable } from "cdktn";
import { Token } from "cdktn";
import { Construct } from "constructs";
import { addCicdPrincipal, type CicdPrincipalProps } from "./cicd-principal";

export interface PersonaGroupNames {
  readonly admins: string;
  readonly dataEngineers: string;
  readonly dataScientists: string;
  readonly analysts: string;
  /** Reads the system tables (audit, billing, compute) and nothing else. */
  readonly auditors: string;
}

export interface PersonaGroupsProps extends CicdPrincipalProps {
  readonly names: PersonaGroupNames;
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
    this.cicd = addCicdPrincipal(this, props, this.groups.auditors);

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
