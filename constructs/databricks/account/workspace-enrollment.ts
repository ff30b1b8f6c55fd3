import { Group } from "@cdktn/provider-databricks/lib/group";
import { GroupMember } from "@cdktn/provider-databricks/lib/group-member";
import { MetastoreAssignment } from "@cdktn/provider-databricks/lib/metastore-assignment";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { type PersonaGroupNames, PersonaGroups, type PersonaGroupsProps } from "./persona-groups";

export interface WorkspaceEnrollmentProps {
  /** The account-level provider. */
  readonly provider: TerraformProvider;
  readonly workspaceId: number;
  readonly metastoreId: string;
  /**
   * Account-level id of the group that owns the metastore (the blueprint's shared metastore). The
   * environment's CI/CD service principal and admins group join it: the config stack, applied by
   * that principal, creates the environment's external locations and catalog, which only a
   * metastore admin may do. Omitted for an adopted metastore, whose admins must grant that themselves.
   */
  readonly metastoreAdminGroupId?: string;
  readonly groups: PersonaGroupNames;
  readonly cicdServicePrincipal: string;
  /** See PersonaGroupsProps.cicdApplicationId. */
  readonly cicdApplicationId?: string;
  /** See PersonaGroupsProps.cicdFederation. */
  readonly cicdFederation?: PersonaGroupsProps["cicdFederation"];
  /**
   * Prod: the account-level group the prod catalog's masks and row filters except
   * (docs/production-data-in-dev.md). Created empty and not assigned to any workspace: who reads
   * pii is decided by adding members, a reviewed change in the identity provider or the account console.
   */
  readonly piiReadersGroup?: string;
}

/**
 * Enrolls a new workspace in the account, on any cloud: assigns the region's Unity Catalog metastore,
 * then the environment's identities (which needs the metastore, for identity federation), and makes
 * the environment's deploying principal and admins metastore admins of the shared metastore.
 */
export class WorkspaceEnrollment extends Construct {
  readonly metastore: MetastoreAssignment;
  readonly identities: PersonaGroups;
  readonly piiReaders?: Group;

  constructor(scope: Construct, id: string, props: WorkspaceEnrollmentProps) {
    super(scope, id);
    this.metastore = new MetastoreAssignment(this, "metastore-assignment", {
      provider: props.provider,
      metastoreId: props.metastoreId,
      workspaceId: props.workspaceId,
    });
    this.identities = new PersonaGroups(this, "identity", {
      provider: props.provider,
      names: props.groups,
      cicdServicePrincipal: props.cicdServicePrincipal,
      cicdApplicationId: props.cicdApplicationId,
      cicdFederation: props.cicdFederation,
      workspaceId: props.workspaceId,
      assignmentDependsOn: [this.metastore],
    });
    if (props.piiReadersGroup !== undefined) {
      this.piiReaders = new Group(this, "pii-readers", { provider: props.provider, displayName: props.piiReadersGroup });
    }
    if (props.metastoreAdminGroupId !== undefined) {
      const join = (key: string, memberId: string) =>
        new GroupMember(this, `metastore-admin-${key}`, {
          provider: props.provider,
          groupId: props.metastoreAdminGroupId as string,
          memberId,
        });
      join("cicd", this.identities.cicd.id);
      join("admins", this.identities.groups.admins.id);
    }
  }
}
