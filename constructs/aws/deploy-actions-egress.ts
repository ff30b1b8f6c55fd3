// What the CI roles need for the egress firewall of a workspace VPC (network/egress-firewall.ts): AWS
// Network Firewall, its log delivery to CloudWatch Logs, the service-linked role, and the denied-egress
// alarm. Part of ./deploy-actions.ts's groups, in the same form.
import type { ActionGroup } from "./deploy-actions";

export const EGRESS_FIREWALL_GROUPS: readonly ActionGroup[] = [
  {
    // The egress firewall (constructs/aws/network/egress-firewall.ts): AWS Network Firewall names its
    // resources "<environment>-lakehouse-..." ("Actions, resources, and condition keys for AWS Network Firewall").
    sid: "NetworkFirewall",
    neededBy: "firewall",
    types: [
      "aws_networkfirewall_firewall",
      "aws_networkfirewall_firewall_policy",
      "aws_networkfirewall_rule_group",
      "aws_networkfirewall_logging_configuration",
    ],
    read: [
      "network-firewall:DescribeFirewall",
      "network-firewall:DescribeFirewallPolicy",
      "network-firewall:DescribeRuleGroup",
      "network-firewall:DescribeLoggingConfiguration",
      "network-firewall:ListTagsForResource",
    ],
    write: [
      "network-firewall:CreateFirewall",
      "network-firewall:DeleteFirewall",
      "network-firewall:AssociateFirewallPolicy",
      "network-firewall:AssociateSubnets",
      "network-firewall:DisassociateSubnets",
      "network-firewall:UpdateFirewallDeleteProtection",
      "network-firewall:UpdateFirewallDescription",
      "network-firewall:UpdateFirewallEncryptionConfiguration",
      "network-firewall:UpdateFirewallPolicyChangeProtection",
      "network-firewall:UpdateSubnetChangeProtection",
      "network-firewall:CreateFirewallPolicy",
      "network-firewall:UpdateFirewallPolicy",
      "network-firewall:DeleteFirewallPolicy",
      "network-firewall:CreateRuleGroup",
      "network-firewall:UpdateRuleGroup",
      "network-firewall:DeleteRuleGroup",
      "network-firewall:UpdateLoggingConfiguration",
      "network-firewall:TagResource",
      "network-firewall:UntagResource",
    ],
    resources: (s) =>
      s.regions.flatMap((r) =>
        s.firewallPrefixes.flatMap((p) =>
          ["firewall", "firewall-policy", "stateful-rulegroup"].map(
            (kind) => `arn:aws:network-firewall:${r}:${s.accountId}:${kind}/${p}-*`,
          ),
        ),
      ),
  },
  {
    // Logging to CloudWatch Logs goes through a log delivery of the caller ("Permissions to publish
    // logs to CloudWatch Logs", AWS Network Firewall developer guide); these take no resource ARN.
    sid: "NetworkFirewallLogDelivery",
    neededBy: "firewall",
    types: [],
    read: ["logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:DescribeResourcePolicies"],
    write: ["logs:CreateLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:PutResourcePolicy"],
    resources: () => ["*"],
    regional: true,
  },
  {
    // Denied-egress alerting of the egress firewall: a metric filter, an alarm and a saved query.
    sid: "DeniedEgressAlerts",
    neededBy: "firewall",
    types: ["aws_cloudwatch_log_metric_filter", "aws_cloudwatch_metric_alarm", "aws_cloudwatch_query_definition"],
    read: ["logs:DescribeMetricFilters", "logs:DescribeQueryDefinitions", "cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
    write: [
      "logs:PutMetricFilter",
      "logs:DeleteMetricFilter",
      "logs:PutQueryDefinition",
      "logs:DeleteQueryDefinition",
      "cloudwatch:PutMetricAlarm",
      "cloudwatch:DeleteAlarms",
      "cloudwatch:TagResource",
      "cloudwatch:UntagResource",
    ],
    resources: () => ["*"],
    regional: true,
  },
  {
    // The first firewall of an account creates AWS Network Firewall's service-linked role.
    sid: "NetworkFirewallServiceRole",
    neededBy: "firewall",
    types: [],
    read: [],
    write: ["iam:CreateServiceLinkedRole"],
    resources: (s) => [`arn:aws:iam::${s.accountId}:role/aws-service-role/network-firewall.amazonaws.com/*`],
  },
];
