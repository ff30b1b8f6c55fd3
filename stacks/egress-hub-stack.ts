import { Firewall } from "@cdktn/provider-azurerm/lib/firewall";
import { FirewallPolicy } from "@cdktn/provider-azurerm/lib/firewall-policy";
import { FirewallPolicyRuleCollectionGroup } from "@cdktn/provider-azurerm/lib/firewall-policy-rule-collection-group";
import { LogAnalyticsWorkspace } from "@cdktn/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktn/provider-azurerm/lib/monitor-diagnostic-setting";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktn/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { AzurermProvider } from "@cdktn/provider-azurerm/lib/provider";
import { PublicIp } from "@cdktn/provider-azurerm/lib/public-ip";
import { ResourceGroup } from "@cdktn/provider-azurerm/lib/resource-group";
import { Subnet } from "@cdktn/provider-azurerm/lib/subnet";
import { VirtualNetwork } from "@cdktn/provider-azurerm/lib/virtual-network";
import { TerraformOutput, TerraformStack } from "cdktn";
import type { Construct } from "constructs";
import { AZURE_DATABRICKS_SERVICE_TAG, azureDatabricksEndpoints } from "../config/azure-databricks-endpoints";
import type { StateConfig } from "../config/schema";
import { egressHubNames } from "../constructs/azure/egress/hub-names";
import { useStateBackend } from "./state-backend";

export interface EgressHubStackProps {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly location: string;
  readonly hubVnetCidr: string;
  readonly firewallSku: "Basic" | "Standard" | "Premium";
  readonly logRetentionDays: number;
  /** Ranges of the Databricks subnets of every configured environment the hub serves (the rules' sources). */
  readonly spokeSubnetCidrs: readonly string[];
  readonly tags: Record<string, string>;
  /** That of the hub's prod environment among ALL configured ones it serves, else the first's (stacks/estate-stacks.ts). */
  readonly state?: StateConfig;
}

/**
 * The egress hub of one Azure subscription and region (Azure Databricks "data exfiltration protection"
 * architecture: hub and spoke with Azure Firewall): a hub VNet with AzureFirewallSubnet (and, for the
 * Basic tier, AzureFirewallManagementSubnet), the firewall with a public IP of its own (the only
 * public address), a firewall policy whose "databricks" rule collection group lets every spoke reach
 * the region's Azure Databricks endpoints (config/azure-databricks-endpoints.ts) and nothing else, and
 * the firewall's logs in a Log Analytics workspace of the hub (resource-specific tables:
 * AZFWApplicationRule, AZFWNetworkRule). Shared by every firewall environment of the subscription and
 * region, like the metastore stack, and derived from all configured environments, never the selection:
 * what is the environment's own (peerings, routes, its allowed domains as a rule collection group) is
 * in its workspace stack, by the names of ../constructs/azure/egress/hub-names.ts.
 * Throws for a region without a row in the endpoint table (config refuses it first).
 */
export class EgressHubStack extends TerraformStack {
  /**
   * The stack (and state file) name of the hub of one subscription and region: the whole subscription
   * id, lowercased as config/rules/egress.ts's hubKeyOf compares it, since subscriptions often share
   * their first blocks (a shortened id could give two hubs one name).
   */
  static stackName(place: { subscriptionId: string; location: string }): string {
    return `egress-hub-azure-${place.location}-${place.subscriptionId.toLowerCase()}`;
  }

  /** The subscription and region this hub serves (what a second hub of the same stack name is checked against). */
  readonly subscriptionId: string;
  readonly location: string;

  constructor(scope: Construct, id: string, props: EgressHubStackProps) {
    super(scope, id);
    this.subscriptionId = props.subscriptionId;
    this.location = props.location;
    useStateBackend(this, props.state);
    const endpoints = azureDatabricksEndpoints(props.location);
    if (!endpoints) throw new Error(`EgressHubStack ${id}: no Azure Databricks endpoints are listed for ${props.location}`);
    new AzurermProvider(this, "azurerm", { subscriptionId: props.subscriptionId, tenantId: props.tenantId, features: [{}] });
    const names = egressHubNames(props);
    const group = new ResourceGroup(this, "resource-group", { name: names.resourceGroupName, location: props.location, tags: props.tags });
    const common = { resourceGroupName: group.name, location: props.location, tags: props.tags };
    const vnet = new VirtualNetwork(this, "vnet", { ...common, name: names.vnetName, addressSpace: [props.hubVnetCidr] });
    // Azure requires these exact subnet names; neither takes a network security group.
    const subnet = (id: string, name: string, cidr: string) =>
      new Subnet(this, id, {
        name,
        resourceGroupName: group.name,
        virtualNetworkName: vnet.name,
        addressPrefixes: [cidr],
        defaultOutboundAccessEnabled: false,
      });
    const firewallSubnet = subnet("firewall-subnet", "AzureFirewallSubnet", names.firewallSubnetCidr);
    const publicIp = (id: string, name: string) =>
      new PublicIp(this, id, { ...common, name, allocationMethod: "Static", sku: "Standard", zones: ["1", "2", "3"] });
    const ip = publicIp("firewall-ip", `pip-${names.base}-firewall`);

    const policy = new FirewallPolicy(this, "policy", {
      ...common,
      name: names.firewallPolicyName,
      sku: props.firewallSku,
      // Known-malicious addresses and domains are denied before any rule (not offered on Basic).
      threatIntelligenceMode: props.firewallSku === "Basic" ? undefined : "Deny",
      ...(props.firewallSku === "Premium" ? { intrusionDetection: { mode: "Deny" } } : {}),
    });
    const sources = [...props.spokeSubnetCidrs];
    const https = [{ type: "Https", port: 443 }];
    new FirewallPolicyRuleCollectionGroup(this, "databricks-rules", {
      name: "databricks",
      firewallPolicyId: policy.id,
      priority: 200,
      networkRuleCollection: [
        {
          name: "databricks-service-tags",
          priority: 100,
          action: "Allow",
          rule: [
            {
              name: "control-plane",
              protocols: ["TCP"],
              sourceAddresses: sources,
              destinationAddresses: [AZURE_DATABRICKS_SERVICE_TAG],
              destinationPorts: ["443"],
            },
            {
              name: "event-hub",
              protocols: ["TCP"],
              sourceAddresses: sources,
              destinationAddresses: [endpoints.eventHubServiceTag],
              destinationPorts: ["9093"],
            },
          ],
        },
      ],
      applicationRuleCollection: [
        {
          name: "databricks-endpoints",
          priority: 200,
          action: "Allow",
          rule: [
            { name: "scc-relay", protocols: https, sourceAddresses: sources, destinationFqdns: [...endpoints.sccRelay] },
            { name: "artifact-storage", protocols: https, sourceAddresses: sources, destinationFqdns: [...endpoints.artifactStorage] },
            { name: "log-storage", protocols: https, sourceAddresses: sources, destinationFqdns: [...endpoints.logStorage] },
            ...(endpoints.systemTablesStorage.length > 0
              ? [
                  {
                    name: "system-tables-storage",
                    protocols: https,
                    sourceAddresses: sources,
                    destinationFqdns: [...endpoints.systemTablesStorage],
                  },
                ]
              : []),
          ],
        },
      ],
    });

    const basic = props.firewallSku === "Basic";
    const management = basic ? subnet("management-subnet", "AzureFirewallManagementSubnet", names.managementSubnetCidr) : undefined;
    const managementIp = basic ? publicIp("management-ip", `pip-${names.base}-firewall-management`) : undefined;
    const firewall = new Firewall(this, "firewall", {
      ...common,
      name: names.firewallName,
      skuName: "AZFW_VNet",
      skuTier: props.firewallSku,
      firewallPolicyId: policy.id,
      // As the policy says (Basic only alerts): known-malicious destinations are denied.
      threatIntelMode: basic ? "Alert" : "Deny",
      zones: ["1", "2", "3"],
      ipConfiguration: [{ name: "egress", subnetId: firewallSubnet.id, publicIpAddressId: ip.id }],
      ...(management && managementIp
        ? { managementIpConfiguration: { name: "management", subnetId: management.id, publicIpAddressId: managementIp.id } }
        : {}),
    });

    const logs = new LogAnalyticsWorkspace(this, "logs", {
      ...common,
      name: `log-${names.base}`,
      sku: "PerGB2018",
      retentionInDays: props.logRetentionDays,
    });
    const diagnostics = new MonitorDiagnosticSetting(this, "firewall-logs", {
      name: "firewall-logs",
      targetResourceId: firewall.id,
      logAnalyticsWorkspaceId: logs.id,
      // Resource-specific tables (AZFWApplicationRule, AZFWNetworkRule...), which the denied-egress query reads.
      logAnalyticsDestinationType: "Dedicated",
      enabledLog: [{ categoryGroup: "allLogs" }],
    });

    // Denied egress becomes an alert: every 5 minutes, application and network rule denials by source
    // address (the spoke subnet names the environment) and destination. No action group: attach the
    // team's (email, chat, incident tool) to the rule.
    new MonitorScheduledQueryRulesAlertV2(this, "denied-egress-alert", {
      ...common,
      name: `alert-${names.base}-denied-egress`,
      description: "Classic compute tried to reach a destination the egress firewall does not allow",
      scopes: [logs.id],
      severity: 2,
      evaluationFrequency: "PT5M",
      windowDuration: "PT5M",
      criteria: [
        {
          query: [
            'AZFWApplicationRule | where Action == "Deny" | project TimeGenerated, SourceIp, Destination = Fqdn',
            '| union (AZFWNetworkRule | where Action == "Deny" | project TimeGenerated, SourceIp, Destination = DestinationIp)',
            "| summarize Denied = count() by SourceIp, Destination",
          ].join("\n"),
          timeAggregationMethod: "Total",
          metricMeasureColumn: "Denied",
          operator: "GreaterThan",
          threshold: 0,
          dimension: [
            { name: "SourceIp", operator: "Include", values: ["*"] },
            { name: "Destination", operator: "Include", values: ["*"] },
          ],
          failingPeriods: { minimumFailingPeriodsToTriggerAlert: 1, numberOfEvaluationPeriods: 1 },
        },
      ],
      // The tables appear with the first log record; validating the query before then would fail the apply.
      skipQueryValidation: true,
      dependsOn: [diagnostics],
    });

    new TerraformOutput(this, "firewall_private_ip", {
      value: firewall.ipConfiguration.get(0).privateIpAddress,
      description: "Private address of the firewall: the next hop of the spokes' default route (hub-names.ts derives the same)",
    });
    new TerraformOutput(this, "firewall_public_ip", {
      value: ip.ipAddress,
      description: "The one public address classic compute leaves by",
    });
    new TerraformOutput(this, "log_analytics_workspace_id", { value: logs.id, description: "Where the firewall's logs are queried" });
  }
}
