import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { MetastoreAssignment } from "@cdktf/provider-databricks/lib/metastore-assignment";
import { PersonaGroups, type PersonaGroupNames } from "./persona-groups";

export interface WorkspaceEnrollmentProps {
  /** The account-level provider. */
  readonly provider: TerraformProvider;
  readonly workspaceId: number;
  readonly metastoreId: string;
  readonly groups: PersonaGroupNames;
  readonly cicdServicePrincipal: string;
}

/**
 * Enrolls a new workspace in the account, on any cloud: assigns the region's Unity Catalog metastore,
 * then the environment's identities (which needs the metastore, for identity federation).
 */
export class WorkspaceEnrollment extends Construct {
  readonly metastore: MetastoreAssignment;
  readonly identities: PersonaGroups;

  constructor(scope: Construct, id: string, props: WorkspaceEnrollmentProps) {
    super(scope, id);
    this.metastore = new MetastoreAssignment(this, "metastore-assignment", { provider: props.provider, metastoreId: props.metastoreId, workspaceId: props.workspaceId });
    this.identities = new PersonaGroups(this, "identity", {
      provider: props.provider,
      names: props.groups,
      cicdServicePrincipal: props.cicdServicePrincipal,
      workspaceId: props.workspaceId,
      assignmentDependsOn: [this.metastore],
    });
  }
}
