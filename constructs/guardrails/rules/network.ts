import type { Finding, GuardrailRule } from "../model";

const ANYWHERE = ["0.0.0.0/0", "::/0"];

/**
 * With back-end PrivateLink (a databricks_mws_networks naming VPC endpoints, or private access
 * settings in the stack) cluster traffic must stay inside the VPC: an egress rule to the whole
 * internet, standalone or inline in a security group, undoes it. Applies only to such stacks, unless
 * an AWS Network Firewall stands in the way out (egress mode "firewall").
 */
export const privateEgressOnly: GuardrailRule = {
  id: "LH-NETWORK-PRIVATE-EGRESS",
  summary: "with PrivateLink on, no security group egress rule opens 0.0.0.0/0 or ::/0",
  check(view) {
    const privateLink =
      view.resources("databricks_mws_networks").some((n) => n.attrs.vpc_endpoints !== undefined) ||
      view.resources("databricks_mws_private_access_settings").length > 0;
    // An egress firewall filters what leaves by domain; LH-NETWORK-EGRESS-FIREWALL checks that every default route passes it.
    if (!privateLink || view.resources("aws_networkfirewall_firewall").length > 0) return [];
    const findings: Finding[] = [];
    const fix = "Fix: send egress to the VPC range, a prefix list or a security group (WorkspaceNetwork does with privateLink)";
    for (const rule of view.resources("aws_vpc_security_group_egress_rule")) {
      if (ANYWHERE.includes(rule.attrs.cidr_ipv4) || ANYWHERE.includes(rule.attrs.cidr_ipv6)) {
        findings.push({
          path: rule.path,
          message: `opens egress to ${rule.attrs.cidr_ipv4 ?? rule.attrs.cidr_ipv6} while PrivateLink keeps cluster traffic in the VPC. ${fix}`,
        });
      }
    }
    for (const group of view.resources("aws_security_group")) {
      const open = (group.attrs.egress ?? []).some((e: any) =>
        [...(e.cidr_blocks ?? []), ...(e.ipv6_cidr_blocks ?? [])].some((c: string) => ANYWHERE.includes(c)),
      );
      if (open)
        findings.push({
          path: group.path,
          message: `has an inline egress rule to the internet while PrivateLink keeps cluster traffic in the VPC. ${fix}`,
        });
    }
    return findings;
  },
};
