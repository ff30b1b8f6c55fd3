import type { Finding, GuardrailRule, StackView } from "../model";

const ADMIN_ONLY_PERMISSIONS = ["CAN_MANAGE", "IS_OWNER"];
const ADMIN_ONLY_PRIVILEGES = ["ALL_PRIVILEGES", "MANAGE"];

function principalName(view: StackView, entry: Record<string, any>): string {
  return String(view.literal(entry.group_name ?? entry.service_principal_name ?? entry.user_name ?? entry.principal ?? "(unknown)"));
}

export const adminOnlyManage: GuardrailRule = {
  id: "LH-GRANT-ADMIN-ONLY",
  summary: "only admins get MANAGE, CAN_MANAGE, IS_OWNER or ALL_PRIVILEGES",
  check(view) {
    const admins = view.options.adminPrincipals;
    const findings: Finding[] = [];
    const flag = (path: string, who: string, what: string) =>
      findings.push({
        path,
        message: `grants ${what} to "${who}", who is not an admin. Fix: grant the narrowest level the persona needs (e.g. CAN_RESTART, USE_SCHEMA, SELECT) or add the principal to the admins`,
      });

    for (const permissions of view.resources("databricks_permissions")) {
      for (const entry of permissions.attrs.access_control ?? []) {
        const who = principalName(view, entry);
        if (ADMIN_ONLY_PERMISSIONS.includes(entry.permission_level) && !admins.includes(who))
          flag(permissions.path, who, entry.permission_level);
      }
    }
    for (const grants of view.resources("databricks_grants")) {
      for (const entry of grants.attrs.grant ?? []) {
        const who = principalName(view, entry);
        for (const privilege of entry.privileges ?? [])
          if (ADMIN_ONLY_PRIVILEGES.includes(privilege) && !admins.includes(who)) flag(grants.path, who, privilege);
      }
    }
    for (const grant of view.resources("databricks_grant")) {
      const who = principalName(view, grant.attrs);
      for (const privilege of grant.attrs.privileges ?? [])
        if (ADMIN_ONLY_PRIVILEGES.includes(privilege) && !admins.includes(who)) flag(grant.path, who, privilege);
    }
    for (const acl of view.resources("databricks_secret_acl")) {
      const who = principalName(view, acl.attrs);
      if (acl.attrs.permission === "MANAGE" && !admins.includes(who)) flag(acl.path, who, "MANAGE on a secret scope");
    }
    return findings;
  },
};
