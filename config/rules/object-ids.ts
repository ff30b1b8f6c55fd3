import { firstPartyApp } from "../first-party-apps";
import type { AddProblem } from "./problem";

/**
 * Takes an Azure environment's object id fields; reports a well-known first-party application id
 * (../first-party-apps) given where the object id of a service principal in the tenant is asked: the
 * application id is the same in every tenant, the object id is the tenant's own, and a role assignment
 * or key access policy for the application id would name no principal.
 */
export function checkObjectIds(
  env: { azure: { databricksEnterpriseAppObjectId: string }; mounts: { servicePrincipalObjectId?: string } },
  add: AddProblem,
): void {
  const fields: Array<[string[], string | undefined]> = [
    [["azure", "databricksEnterpriseAppObjectId"], env.azure.databricksEnterpriseAppObjectId],
    [["mounts", "servicePrincipalObjectId"], env.mounts.servicePrincipalObjectId],
  ];
  for (const [path, value] of fields) {
    const app = value === undefined ? undefined : firstPartyApp(value);
    if (app === undefined) continue;
    add(
      path,
      `is the application (client) id of Microsoft's first-party application ${app}, the same in every tenant; an object id is asked: that of the application's service principal in your tenant. Fix: az ad sp show --id ${value} --query id -o tsv, and paste what it prints`,
    );
  }
}
