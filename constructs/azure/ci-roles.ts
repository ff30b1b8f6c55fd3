import { DataAzurermRoleDefinition } from "@cdktn/provider-azurerm/lib/data-azurerm-role-definition";
import { RoleAssignment } from "@cdktn/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktn/provider-azurerm/lib/role-definition";
import { Fn, type TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { type AzureDeployNeeds, DEPLOYER_ASSIGNABLE_ROLES, deployActions, PLAN_DATA_ACTIONS, planActions } from "./deploy-actions";

export interface AzureCiRolesProps {
  readonly provider: TerraformProvider;
  readonly subscriptionId: string;
  /** Object id of the identity that plans pull requests. */
  readonly planPrincipalId: string;
  /** Object id of the identity that deploys. */
  readonly deployPrincipalId: string;
  /** What the subscription's environments use beyond the common types (the egress firewall). */
  readonly needs: AzureDeployNeeds;
}

/** The built-in role that may manage role assignments, and nothing else (Azure built-in roles, "Privileged"). */
const RBAC_ADMINISTRATOR = "Role Based Access Control Administrator";

/**
 * The subscription-wide rights of the CI identities: a custom plan role (reads only, and the key
 * metadata a refresh reads from the vaults' data plane), a custom deploy role (the operations of
 * deploy-actions.ts) and, for the role assignments the workspace stacks make, Role Based Access
 * Control Administrator under a condition that lets the deploy identity assign or remove only the
 * roles those stacks use (Azure RBAC, "Delegate Azure role assignment management to others with
 * conditions", constrain roles). Role definition names are unique in the tenant, so each carries
 * the subscription id.
 */
export class AzureCiRoles extends Construct {
  readonly planRole: RoleDefinition;
  readonly deployRole: RoleDefinition;

  constructor(scope: Construct, id: string, props: AzureCiRolesProps) {
    super(scope, id);
    const { provider } = props;
    const subscription = `/subscriptions/${props.subscriptionId}`;
    const define = (key: string, description: string, actions: readonly string[], dataActions: readonly string[]) =>
      new RoleDefinition(this, key, {
        provider,
        name: `lakehouse-ci-${key}-${props.subscriptionId}`,
        description,
        scope: subscription,
        assignableScopes: [subscription],
        permissions: [{ actions: [...actions], dataActions: [...dataActions] }],
      });
    this.planRole = define(
      "plan",
      "Plans the lakehouse stacks from pull requests: reads only",
      planActions(props.needs),
      PLAN_DATA_ACTIONS,
    );
    this.deployRole = define("deploy", "Deploys the lakehouse stacks from the main branch", deployActions(props.needs), []);
    const assign = (key: string, roleDefinitionId: string, principalId: string, condition?: string) =>
      new RoleAssignment(this, key, {
        provider,
        scope: subscription,
        roleDefinitionId,
        principalId,
        principalType: "ServicePrincipal",
        condition,
        conditionVersion: condition ? "2.0" : undefined,
      });
    assign("plan-assignment", this.planRole.roleDefinitionResourceId, props.planPrincipalId);
    assign("deploy-assignment", this.deployRole.roleDefinitionResourceId, props.deployPrincipalId);

    const lookup = (name: string) =>
      new DataAzurermRoleDefinition(this, `role-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`, {
        provider,
        name,
        scope: subscription,
      });
    const assignable = Fn.join(
      ", ",
      DEPLOYER_ASSIGNABLE_ROLES.map((name) => lookup(name).roleDefinitionId),
    );
    const rbacAdministrator = lookup(RBAC_ADMINISTRATOR);
    assign("deploy-assigns-stack-roles", rbacAdministrator.id, props.deployPrincipalId, onlyTheseRoles(assignable));
  }
}

/**
 * An ABAC condition (version 2.0) that allows writing and deleting role assignments only for the
 * role definition GUIDs in `guids` (a comma-separated list): the documented "constrain roles" form.
 */
export function onlyTheseRoles(guids: string): string {
  return [
    "(",
    " (!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'}))",
    " OR",
    ` (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${guids}})`,
    ")",
    "AND",
    "(",
    " (!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}))",
    " OR",
    ` (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${guids}})`,
    ")",
  ].join("\n");
}
