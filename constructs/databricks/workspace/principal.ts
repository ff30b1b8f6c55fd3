import { Token } from "cdktn";

/** Someone a permission can be granted to, as the Databricks permissions API names them. */
export type Principal =
  | { readonly kind: "group"; readonly name: string }
  /** `label` names the principal in construct ids when its application id is only known at apply time. */
  | { readonly kind: "service-principal"; readonly applicationId: string; readonly label?: string }
  | { readonly kind: "user"; readonly userName: string };

export const group = (name: string): Principal => ({ kind: "group", name });

export function principalKey(principal: Principal): string {
  switch (principal.kind) {
    case "group":
      return `group:${principal.name}`;
    case "service-principal":
      // A token's text changes whenever unrelated code changes; ids built from it would replace resources.
      if (principal.label) return `sp:${principal.label}`;
      if (Token.isUnresolved(principal.applicationId))
        throw new Error("A service principal whose application id is a reference needs a label");
      return `sp:${principal.applicationId}`;
    case "user":
      return `user:${principal.userName}`;
  }
}

export function accessControlPrincipal(principal: Principal): { groupName?: string; servicePrincipalName?: string; userName?: string } {
  switch (principal.kind) {
    case "group":
      return { groupName: principal.name };
    case "service-principal":
      return { servicePrincipalName: principal.applicationId };
    case "user":
      return { userName: principal.userName };
  }
}
