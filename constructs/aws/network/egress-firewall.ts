import { CloudwatchLogGroup } from "@cdktn/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogMetricFilter } from "@cdktn/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktn/provider-aws/lib/cloudwatch-metric-alarm";
import { CloudwatchQueryDefinition } from "@cdktn/provider-aws/lib/cloudwatch-query-definition";
import type { NatGateway } from "@cdktn/provider-aws/lib/nat-gateway";
import { NetworkfirewallFirewall } from "@cdktn/provider-aws/lib/networkfirewall-firewall";
import { NetworkfirewallFirewallPolicy } from "@cdktn/provider-aws/lib/networkfirewall-firewall-policy";
import { NetworkfirewallLoggingConfiguration } from "@cdktn/provider-aws/lib/networkfirewall-logging-configuration";
import { NetworkfirewallRuleGroup } from "@cdktn/provider-aws/lib/networkfirewall-rule-group";
import { Route } from "@cdktn/provider-aws/lib/route";
import { RouteTable } from "@cdktn/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktn/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktn/provider-aws/lib/subnet";
import type { Vpc } from "@cdktn/provider-aws/lib/vpc";
import { Fn, type IResolvable, TerraformIterator, Token } from "cdktn";
import { Construct } from "constructs";
import { CustomerManagedKey } from "../customer-managed-key";

/** First /28 of the VPC's last block the firewall subnets take: the NAT gateways' /28s come before (up to 8 zones). */
export const FIREWALL_SUBNET_OFFSET = 8;
/**
 * Capacity of the domain-list rule group, fixed because AWS replaces a rule group whose capacity
 * changes. A domain list uses about one unit per domain and target type ("Setting rule group
 * capacity in AWS Network Firewall"), so 1000 holds some 480 domains on TLS_SNI and HTTP_HOST.
 */
export const DOMAIN_LIST_CAPACITY = 1000;

export interface EgressFirewallProps {
  readonly name: string;
  readonly region: string;
  readonly awsAccountId: string;
  readonly vpc: Vpc;
  readonly availabilityZones: readonly string[];
  /** The VPC's last private-sized block and its prefix: the firewall's /28s are netnums FIREWALL_SUBNET_OFFSET + i of it. */
  readonly lastBlock: string;
  readonly lastBlockPrefix: number;
  /** The NAT gateways, first zone first: zone i's firewall subnet sends to gateway i, or the last one when there are fewer. */
  readonly natGateways: readonly NatGateway[];
  /** Host names or "*." wildcards (config/schema/egress.ts checked them); "*.x" is written ".x", AWS's form for x and its subdomains. */
  readonly allowedDomains: readonly string[];
  readonly logRetentionDays: number;
  readonly deletionProtection: boolean;
}

/**
 * AWS Network Firewall in the workspace VPC, between the private subnets and the NAT gateways (AWS
 * "Architecture with an internet gateway and a NAT gateway", the distributed model): a /28 firewall
 * subnet per zone whose route table sends 0.0.0.0/0 to the zone's NAT gateway; a policy in strict
 * order whose only stateful rule group is a domain allow-list on TLS SNI and HTTP Host, with
 * drop-established and alert-established as default actions, so any other established flow leaving
 * the VPC is dropped and logged; flow and alert logs to CloudWatch log groups encrypted with a key of
 * its own. Takes the VPC carving and the NAT gateways; gives the firewall and `endpointIn(zone)`, the
 * firewall endpoint the private subnets of a zone route to. The routes of the private and public
 * subnets are added by the caller (WorkspaceNetwork) with `routeReturnTraffic`.
 */
export class EgressFirewall extends Construct {
  readonly firewall: NetworkfirewallFirewall;
  readonly subnets: Subnet[];
  readonly alertLogGroup: CloudwatchLogGroup;
  readonly flowLogGroup: CloudwatchLogGroup;
  private readonly endpointByZone: IResolvable;

  constructor(scope: Construct, id: string, props: EgressFirewallProps) {
    super(scope, id);
    const { name, availabilityZones: zones } = props;
    this.subnets = zones.map((zone, i) => {
      const subnet = new Subnet(this, `subnet-${zone}`, {
        vpcId: props.vpc.id,
        availabilityZone: zone,
        cidrBlock: Fn.cidrsubnet(props.lastBlock, 28 - props.lastBlockPrefix, FIREWALL_SUBNET_OFFSET + i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${name}-firewall-${zone}` },
      });
      const table = new RouteTable(this, `rt-${zone}`, { vpcId: props.vpc.id, tags: { Name: `${name}-firewall-${zone}` } });
      new Route(this, `default-route-${zone}`, {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: props.natGateways[Math.min(i, props.natGateways.length - 1)].id,
      });
      new RouteTableAssociation(this, `rta-${zone}`, { subnetId: subnet.id, routeTableId: table.id });
      return subnet;
    });

    const key = new CustomerManagedKey(this, "key", {
      name: `${name}-egress-firewall`,
      awsAccountId: props.awsAccountId,
      use: "logs",
      region: props.region,
      deletionProtection: props.deletionProtection,
    });
    const encryption = { type: "CUSTOMER_KMS", keyId: key.key.arn };
    const domains = new NetworkfirewallRuleGroup(this, "allowed-domains", {
      name: `${name}-allowed-domains`,
      description: "Domains classic compute may reach (TLS SNI, HTTP Host); everything else is dropped",
      type: "STATEFUL",
      capacity: DOMAIN_LIST_CAPACITY,
      encryptionConfiguration: encryption,
      ruleGroup: {
        statefulRuleOptions: { ruleOrder: "STRICT_ORDER" },
        rulesSource: {
          rulesSourceList: {
            generatedRulesType: "ALLOWLIST",
            targetTypes: ["TLS_SNI", "HTTP_HOST"],
            targets: props.allowedDomains.map((domain) => (domain.startsWith("*.") ? domain.slice(1) : domain)),
          },
        },
      },
    });
    const policy = new NetworkfirewallFirewallPolicy(this, "policy", {
      name: `${name}-egress`,
      description: "Allow-list egress of the workspace's classic compute",
      encryptionConfiguration: encryption,
      firewallPolicy: {
        statelessDefaultActions: ["aws:forward_to_sfe"],
        statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
        statefulEngineOptions: { ruleOrder: "STRICT_ORDER" },
        statefulDefaultActions: ["aws:drop_established", "aws:alert_established"],
        statefulRuleGroupReference: [{ resourceArn: domains.arn, priority: 100 }],
      },
    });
    this.firewall = new NetworkfirewallFirewall(this, "firewall", {
      name: `${name}-egress`,
      description: "Egress firewall of the workspace VPC",
      vpcId: props.vpc.id,
      firewallPolicyArn: policy.arn,
      subnetMapping: this.subnets.map((subnet) => ({ subnetId: subnet.id })),
      deleteProtection: props.deletionProtection,
      subnetChangeProtection: true,
      firewallPolicyChangeProtection: false,
      encryptionConfiguration: encryption,
      tags: { Name: `${name}-egress` },
    });

    const logGroup = (kind: string) =>
      new CloudwatchLogGroup(this, `${kind}-logs`, {
        name: `/network-firewall/${name}/${kind}`,
        retentionInDays: props.logRetentionDays,
        kmsKeyId: key.key.arn,
      });
    this.alertLogGroup = logGroup("alert");
    this.flowLogGroup = logGroup("flow");
    new NetworkfirewallLoggingConfiguration(this, "logging", {
      firewallArn: this.firewall.arn,
      loggingConfiguration: {
        logDestinationConfig: [
          { logType: "ALERT", logDestinationType: "CloudWatchLogs", logDestination: { logGroup: this.alertLogGroup.name } },
          { logType: "FLOW", logDestinationType: "CloudWatchLogs", logDestination: { logGroup: this.flowLogGroup.name } },
        ],
      },
    });

    this.alertOnDeniedEgress(name);

    // firewall_status[0].sync_states is a set with one element per zone: { availability_zone,
    // attachment[0].endpoint_id }. A for expression turns it into zone => endpoint id.
    this.endpointByZone = TerraformIterator.fromList(
      this.firewall.firewallStatus.get(0).syncStates as unknown as IResolvable,
    ).forExpressionForMap("val.availability_zone", "val.attachment[0].endpoint_id");
  }

  /**
   * Denied egress becomes an alarm, not only a log line: a metric filter counts the alert log's blocked
   * events (Network Firewall's alert log: event.alert.action "blocked"), an alarm goes off on the first
   * one in five minutes, and a saved Logs Insights query lists them by source address (which instance of
   * this workspace) and destination (TLS SNI or HTTP Host). The alarm has no action: subscribe the
   * team's channel (an SNS topic) to it.
   */
  private alertOnDeniedEgress(name: string): void {
    const metric = { name: "DeniedEgress", namespace: `Lakehouse/EgressFirewall/${name}` };
    new CloudwatchLogMetricFilter(this, "denied-egress-filter", {
      name: `${name}-denied-egress`,
      logGroupName: this.alertLogGroup.name,
      pattern: '{ $.event.alert.action = "blocked" }',
      metricTransformation: { ...metric, value: "1", unit: "Count" },
    });
    new CloudwatchMetricAlarm(this, "denied-egress-alarm", {
      alarmName: `${name}-denied-egress`,
      alarmDescription: `Classic compute of ${name} tried to reach a destination outside its allowed domains; the query ${name}-denied-egress lists them`,
      metricName: metric.name,
      namespace: metric.namespace,
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    });
    new CloudwatchQueryDefinition(this, "denied-egress-query", {
      name: `${name}-denied-egress`,
      logGroupNames: [this.alertLogGroup.name],
      queryString: [
        "fields @timestamp, event.src_ip, event.dest_ip, event.dest_port, event.tls.sni, event.http.hostname",
        '| filter event.alert.action = "blocked"',
        "| stats count() as attempts, min(@timestamp) as first, max(@timestamp) as last by event.src_ip, event.tls.sni, event.http.hostname, event.dest_ip",
        "| sort attempts desc",
      ].join("\n"),
    });
  }

  /** The id of the firewall endpoint (a vpce-...) in `zone`, known after apply. */
  endpointIn(zone: string): string {
    return Token.asString(Fn.lookup(this.endpointByZone, zone));
  }

  /**
   * Adds to the NAT gateways' route table a route per private subnet, to the firewall endpoint of the
   * subnet's zone, so that replies come back through the firewall that saw the request (symmetric).
   */
  routeReturnTraffic(publicRouteTableId: string, privateSubnets: readonly { zone: string; cidr: string }[]): void {
    for (const { zone, cidr } of privateSubnets) {
      new Route(this, `return-route-${zone}`, {
        routeTableId: publicRouteTableId,
        destinationCidrBlock: cidr,
        vpcEndpointId: this.endpointIn(zone),
      });
    }
  }
}
