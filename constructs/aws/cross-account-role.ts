import { IamRole } from "@cdktn/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktn/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { TimeSleep } from "../time/time-sleep";
import type { DatabricksAwsPolicies } from "./databricks-policies";

export interface CrossAccountRoleProps {
  readonly name: string;
  readonly awsAccountId: string;
  readonly region: string;
  readonly vpcId: string;
  readonly securityGroupId: string;
  /** Roles cluster nodes may run as (instance profiles), which Databricks must be allowed to pass. */
  readonly passRoles?: string[];
  /** Source of the trust and permission documents (normally the Databricks provider's data sources). */
  readonly policies: DatabricksAwsPolicies;
}

/**
 * The IAM role Databricks assumes to launch cluster nodes. Its trust and permissions come from the
 * Databricks provider's policy data sources, whose "restricted" type scopes EC2 actions to the
 * workspace VPC, security group, region and account.
 */
export class CrossAccountRole extends Construct {
  readonly role: IamRole;
  /** Completes once IAM has had time to propagate the role; depend on it, not on the role. */
  readonly propagated: TimeSleep;

  constructor(scope: Construct, id: string, props: CrossAccountRoleProps) {
    super(scope, id);
    const trust = props.policies.crossAccountTrust(this, "trust");
    const permissions = props.policies.crossAccountPermissions(this, "permissions", {
      awsAccountId: props.awsAccountId,
      region: props.region,
      vpcId: props.vpcId,
      securityGroupId: props.securityGroupId,
      passRoles: props.passRoles,
    });
    this.role = new IamRole(this, "role", {
      name: `${props.name}-databricks-crossaccount`,
      description: "Assumed by the Databricks control plane to manage cluster nodes in the workspace VPC",
      assumeRolePolicy: trust,
      maxSessionDuration: 3600,
    });
    const policy = new IamRolePolicy(this, "policy", {
      name: "databricks-crossaccount",
      role: this.role.id,
      policy: permissions,
    });
    // New IAM roles are not usable by other accounts for several seconds; Databricks validates the
    // credential on creation, so wait instead of asking people to re-run apply.
    this.propagated = new TimeSleep(this, "iam-propagation", { createDuration: "30s", dependsOn: [this.role, policy] });
  }
}
