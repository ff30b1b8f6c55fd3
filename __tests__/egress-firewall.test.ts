// Egress of classic compute through a firewall (issue: exfiltration protection): the routes of every
// prod cluster subnet walked in the synthesized JSON, the hub shared by selections, and the guardrail
// that fails synth on a route past the firewall or a bare wildcard.
import { loadEnvironments } from "../config/load";
import type { Environment } from "../config/schema";
import { egressThroughFirewall } from "../constructs/guardrails/rules/egress";
import { buildStackView } from "../constructs/guardrails/stack-view";
import { exampleEnvironments, examples, standalone, synthBlueprint, synthBlueprintSelected, variant } from "./helpers";

type Json = { resource: Record<string, Record<string, any>>; output?: Record<string, any> };
const envs = exampleEnvironments();
const all = Object.values(envs);
const stacks = synthBlueprint(all);
const json = (name: string): Json => JSON.parse(stacks[name]);
const HUB = "egress-hub-azure-westeurope-00000000-0000-4000-8000-00000000aa02";

/** The resource a "${type.name.attr}" reference (anywhere in `value`) points to, as [name, attrs]. */
function target(stack: Json, value: unknown, type: string): [string, any] | undefined {
  const match = typeof value === "string" ? new RegExp(`${type}\\.([A-Za-z0-9_-]+)\\.`).exec(value) : null;
  return match ? [match[1], stack.resource[type]?.[match[1]]] : undefined;
}
const entries = (stack: Json, type: string): [string, any][] => Object.entries(stack.resource[type] ?? {});

/** Every 0.0.0.0/0 route of the route table a subnet is associated with. */
function awsDefaultRoutes(stack: Json, subnetName: string): any[] {
  const association = entries(stack, "aws_route_table_association").find(([, a]) => a.subnet_id === `\${aws_subnet.${subnetName}.id}`);
  const table = target(stack, association?.[1].route_table_id, "aws_route_table");
  return entries(stack, "aws_route")
    .filter(([, r]) => table && r.route_table_id === `\${aws_route_table.${table[0]}.id}` && r.destination_cidr_block === "0.0.0.0/0")
    .map(([, r]) => r);
}

describe("every prod cluster subnet reaches the internet through the firewall", () => {
  const prodAws = all.filter((env) => env.stage === "prod" && env.cloud === "aws");
  const prodAzure = all.filter((env) => env.stage === "prod" && env.cloud === "azure");

  it("covers a prod environment on each cloud", () => {
    expect(prodAws.length).toBeGreaterThan(0);
    expect(prodAzure.length).toBeGreaterThan(0);
  });

  it.each(prodAws.map((env) => env.name))(
    "AWS %s: the workspace's subnets route 0.0.0.0/0 to the firewall endpoint of their zone, the firewall's to a NAT gateway, and replies return through it",
    (name) => {
      const stack = json(`${name}-aws-workspace`);
      const [network] = Object.values(stack.resource.databricks_mws_networks);
      const subnets = (network.subnet_ids as string[]).map((id) => target(stack, id, "aws_subnet") as [string, any]);
      expect(subnets.length).toBeGreaterThanOrEqual(2);
      const [[firewallName, firewall]] = entries(stack, "aws_networkfirewall_firewall");
      for (const [subnetName, subnet] of subnets) {
        const routes = awsDefaultRoutes(stack, subnetName);
        expect(routes).toHaveLength(1);
        expect(routes[0].nat_gateway_id).toBeUndefined();
        expect(routes[0].gateway_id).toBeUndefined();
        // zone => endpoint id out of firewall_status[0].sync_states, looked up for the subnet's own zone.
        expect(routes[0].vpc_endpoint_id).toContain(`aws_networkfirewall_firewall.${firewallName}.firewall_status[0].sync_states`);
        expect(routes[0].vpc_endpoint_id).toContain(`val.availability_zone => val.attachment[0].endpoint_id`);
        expect(routes[0].vpc_endpoint_id).toContain(`["${subnet.availability_zone}"]`);
        // The reply to this subnet leaves the NAT gateways' table through the same zone's endpoint.
        const back = entries(stack, "aws_route").filter(([, r]) => r.destination_cidr_block === subnet.cidr_block);
        expect(back).toHaveLength(1);
        expect(back[0][1].vpc_endpoint_id).toBe(routes[0].vpc_endpoint_id);
      }
      for (const mapping of firewall.subnet_mapping as { subnet_id: string }[]) {
        const [firewallSubnet] = target(stack, mapping.subnet_id, "aws_subnet") as [string, any];
        const routes = awsDefaultRoutes(stack, firewallSubnet);
        expect(routes).toHaveLength(1);
        expect(routes[0].nat_gateway_id).toMatch(/^\$\{aws_nat_gateway\./);
      }
      // Stateful domain allow-list, strict order, established flows not allowed dropped.
      const [, policy] = entries(stack, "aws_networkfirewall_firewall_policy")[0];
      expect(policy.firewall_policy.stateful_default_actions).toEqual(["aws:drop_established", "aws:alert_established"]);
      expect(policy.firewall_policy.stateful_engine_options.rule_order).toBe("STRICT_ORDER");
      const [, group] = entries(stack, "aws_networkfirewall_rule_group")[0];
      const list = group.rule_group.rules_source.rules_source_list;
      expect(list).toMatchObject({ generated_rules_type: "ALLOWLIST", target_types: ["TLS_SNI", "HTTP_HOST"] });
      expect(list.targets).toEqual(envs[name].cloud === "aws" ? envs[name].aws.network?.egress.allowedDomains : []);
      const logging = entries(stack, "aws_networkfirewall_logging_configuration")[0][1];
      expect(logging.logging_configuration.log_destination_config.map((d: any) => d.log_type).sort()).toEqual(["ALERT", "FLOW"]);
    },
  );

  it.each(prodAzure.map((env) => env.name))(
    "Azure %s: both Databricks subnets route 0.0.0.0/0 to the hub firewall's private address, peered both ways, with no NAT gateway",
    (name) => {
      const stack = json(`${name}-azure-workspace`);
      const hub = json(HUB);
      const databricksSubnets = entries(stack, "azurerm_subnet").filter(([, s]) =>
        (s.delegation ?? []).some((d: any) => d.service_delegation.name === "Microsoft.Databricks/workspaces"),
      );
      expect(databricksSubnets).toHaveLength(2);
      const [, firewallSubnet] = entries(hub, "azurerm_subnet").find(([, s]) => s.name === "AzureFirewallSubnet") as [string, any];
      const [, firewall] = entries(hub, "azurerm_firewall")[0];
      expect(firewall.ip_configuration[0].subnet_id).toContain("azurerm_subnet.");
      for (const [subnetName] of databricksSubnets) {
        const association = entries(stack, "azurerm_subnet_route_table_association").find(
          ([, a]) => a.subnet_id === `\${azurerm_subnet.${subnetName}.id}`,
        );
        expect(association).toBeDefined();
        const [, table] = target(stack, association?.[1].route_table_id, "azurerm_route_table") as [string, any];
        const routes = (table.route as any[]).filter((r) => r.address_prefix === "0.0.0.0/0");
        expect(routes).toHaveLength(1);
        expect(routes[0].next_hop_type).toBe("VirtualAppliance");
        // The firewall takes the fifth address of AzureFirewallSubnet: the same expression as the hub's subnet range.
        const range = (firewallSubnet.address_prefixes[0] as string).replace(/^\$\{(.*)\}$/, "$1");
        expect(routes[0].next_hop_in_ip_address).toBe(`\${cidrhost(${range}, 4)}`);
        expect(entries(stack, "azurerm_subnet_nat_gateway_association").some(([, a]) => a.subnet_id.includes(subnetName))).toBe(false);
      }
      const peerings = entries(stack, "azurerm_virtual_network_peering").map(([, p]) => p);
      const hubVnet = entries(hub, "azurerm_virtual_network")[0][1];
      expect(peerings.find((p) => (p.remote_virtual_network_id as string).endsWith(`/virtualNetworks/${hubVnet.name}`))).toBeDefined();
      expect(
        peerings.find(
          (p) => p.virtual_network_name === hubVnet.name && p.resource_group_name === entries(hub, "azurerm_resource_group")[0][1].name,
        ),
      ).toBeDefined();
      // The environment's allowed domains are a rule collection group of the hub's policy.
      const [, group] = entries(stack, "azurerm_firewall_policy_rule_collection_group")[0];
      expect(group.firewall_policy_id).toMatch(/\/providers\/Microsoft\.Network\/firewallPolicies\/afwp-lakehouse-hub-westeurope$/);
      expect(group.application_rule_collection[0].rule[0].destination_fqdns).toEqual(
        envs[name].cloud === "azure" ? envs[name].azure.network.egress.allowedDomains : [],
      );
    },
  );
});

describe("the AWS firewall endpoint of a zone", () => {
  // validate and plan accept any attribute path inside a for expression over a set (a typo in
  // attachment[0].endpoint_id passes both); only apply reads it. So the expression is held here, exactly.
  it("is looked up by zone in a map built from the firewall's sync_states: availability_zone => attachment[0].endpoint_id", () => {
    const stack = json("prod-aws-workspace");
    const [firewall] = Object.keys(stack.resource.aws_networkfirewall_firewall);
    const routes = entries(stack, "aws_route").filter(([n]) => n.startsWith("network_private-default-route"));
    expect(routes.length).toBeGreaterThan(0);
    for (const [, route] of routes) {
      const zone =
        envs.prod.cloud === "aws"
          ? envs.prod.aws.network?.availabilityZones.find((z) => route.vpc_endpoint_id.includes(`"${z}"`))
          : undefined;
      expect(zone).toBeDefined();
      expect(route.vpc_endpoint_id).toBe(
        `\${{ for key, val in toset(tolist(aws_networkfirewall_firewall.${firewall}.firewall_status[0].sync_states)): val.availability_zone => val.attachment[0].endpoint_id }["${zone}"]}`,
      );
    }
  });
});

describe("the egress hub", () => {
  it("holds the firewall, its policy with the region's Databricks application and network rules, and its logs", () => {
    const hub = json(HUB);
    for (const type of [
      "azurerm_firewall",
      "azurerm_firewall_policy",
      "azurerm_public_ip",
      "azurerm_monitor_diagnostic_setting",
      "azurerm_log_analytics_workspace",
    ]) {
      expect(entries(hub, type)).toHaveLength(1);
    }
    const [, rules] = entries(hub, "azurerm_firewall_policy_rule_collection_group")[0];
    const fqdns = rules.application_rule_collection[0].rule.flatMap((r: any) => r.destination_fqdns);
    expect(fqdns).toContain("tunnel.westeurope.azuredatabricks.net");
    expect(rules.network_rule_collection[0].rule.map((r: any) => r.destination_addresses[0])).toEqual([
      "AzureDatabricks",
      "EventHub.WestEurope",
    ]);
  });

  it("is byte-identical whichever environments a run selects", () => {
    const alone = synthBlueprintSelected([envs.azprod], all);
    expect(alone[HUB]).toBe(stacks[HUB]);
    expect(synthBlueprintSelected([envs.dev], all)[HUB]).toBeUndefined();
  });
});

describe("LH-NETWORK-EGRESS-FIREWALL", () => {
  const prodView = (stack: Json) => buildStackView(stack, { stage: "prod", adminPrincipals: [], requiredTags: [] }, new Set());
  const firings = (stack: Json) => egressThroughFirewall.check(prodView(stack));

  it("passes the prod stacks as synthesized", () => {
    expect(firings(json("prod-aws-workspace"))).toEqual([]);
    expect(firings(json("azprod-azure-workspace"))).toEqual([]);
    expect(firings(json(HUB))).toEqual([]);
  });

  it("fires on an AWS cluster subnet whose default route goes to the NAT gateway", () => {
    const stack = json("prod-aws-workspace");
    const [name, route] = entries(stack, "aws_route").find(([n]) => n.startsWith("network_private-default-route")) as [string, any];
    const nat = Object.keys(stack.resource.aws_nat_gateway)[0];
    stack.resource.aws_route[name] = { ...route, vpc_endpoint_id: undefined, nat_gateway_id: `\${aws_nat_gateway.${nat}.id}` };
    const found = firings(stack);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain("past the egress firewall");
  });

  it("fires on an Azure Databricks subnet without the route through the firewall", () => {
    const stack = json("azprod-azure-workspace");
    const [name] = entries(stack, "azurerm_subnet_route_table_association")[0];
    delete stack.resource.azurerm_subnet_route_table_association[name];
    expect(firings(stack).map((f) => f.message)).toEqual([expect.stringContaining("does not pass the egress firewall")]);
  });

  it("fires on a bare wildcard in either firewall's allow-list, in any stage", () => {
    const aws = json("prod-aws-workspace");
    const [group] = Object.values(aws.resource.aws_networkfirewall_rule_group);
    group.rule_group.rules_source.rules_source_list.targets.push("*");
    const azure = json("azprod-azure-workspace");
    const [rules] = Object.values(azure.resource.azurerm_firewall_policy_rule_collection_group);
    rules.application_rule_collection[0].rule[0].destination_fqdns.push("*");
    const dev = (stack: Json) =>
      egressThroughFirewall.check(buildStackView(stack, { stage: "dev", adminPrincipals: [], requiredTags: [] }, new Set()));
    expect(dev(aws).map((f) => f.message)).toEqual([expect.stringContaining('allows every domain ("*")')]);
    expect(dev(azure).map((f) => f.message)).toEqual([expect.stringContaining('allows every destination ("*")')]);
  });

  /** The prod AWS stack with its private subnets' route table and a NAT gateway's reference. */
  const awsPrivateTable = () => {
    const stack = json("prod-aws-workspace");
    const [, route] = entries(stack, "aws_route").find(([n]) => n.startsWith("network_private-default-route")) as [string, any];
    const nat = `\${aws_nat_gateway.${Object.keys(stack.resource.aws_nat_gateway)[0]}.id}`;
    return { stack, table: route.route_table_id as string, nat };
  };

  it("fires on AWS split default routes (0.0.0.0/1 and 128.0.0.0/1) to the NAT gateway beside the firewall's", () => {
    const { stack, table, nat } = awsPrivateTable();
    stack.resource.aws_route.low = { route_table_id: table, destination_cidr_block: "0.0.0.0/1", nat_gateway_id: nat };
    stack.resource.aws_route.high = { route_table_id: table, destination_cidr_block: "128.0.0.0/1", nat_gateway_id: nat };
    expect(firings(stack).map((f) => f.message)).toEqual([
      expect.stringContaining("traffic to 0.0.0.0/1 past the egress firewall"),
      expect.stringContaining("traffic to 128.0.0.0/1 past the egress firewall"),
    ]);
  });

  it("fires on a public range routed to the internet gateway by an inline route block of the table", () => {
    const { stack, table } = awsPrivateTable();
    const [, name] = /aws_route_table\.([^.]+)\./.exec(table) as RegExpExecArray;
    stack.resource.aws_route_table[name].route = [{ cidr_block: "52.0.0.0/8", gateway_id: "${aws_internet_gateway.igw.id}" }];
    expect(firings(stack).map((f) => f.message)).toEqual([expect.stringContaining("traffic to 52.0.0.0/8 past the egress firewall")]);
  });

  it("fires when the security group opens the internet in halves, and leaves private destinations alone", () => {
    const { stack, table, nat } = awsPrivateTable();
    for (const [name, rule] of entries(stack, "aws_vpc_security_group_egress_rule")) {
      if (rule.cidr_ipv4 === "0.0.0.0/0") stack.resource.aws_vpc_security_group_egress_rule[name] = { ...rule, cidr_ipv4: "0.0.0.0/1" };
    }
    stack.resource.aws_route.office = { route_table_id: table, destination_cidr_block: "10.99.0.0/16", nat_gateway_id: nat };
    stack.resource.aws_route.shared = { route_table_id: table, destination_cidr_block: "100.64.0.0/16", nat_gateway_id: nat };
    expect(firings(stack)).toEqual([]);
    stack.resource.aws_route.low = { route_table_id: table, destination_cidr_block: "0.0.0.0/1", nat_gateway_id: nat };
    expect(firings(stack).map((f) => f.message)).toEqual([expect.stringContaining("traffic to 0.0.0.0/1 past the egress firewall")]);
  });

  const azureTable = () => {
    const stack = json("azprod-azure-workspace");
    const [, table] = entries(stack, "azurerm_route_table")[0];
    return { stack, table };
  };

  it("fires on an Azure split default (0.0.0.0/1, 128.0.0.0/1) or a service tag to Internet", () => {
    const { stack, table } = azureTable();
    table.route.push(
      { name: "low", address_prefix: "0.0.0.0/1", next_hop_type: "Internet" },
      { name: "high", address_prefix: "128.0.0.0/1", next_hop_type: "Internet" },
      { name: "storage", address_prefix: "Storage", next_hop_type: "Internet" },
      { name: "spoke", address_prefix: "10.99.0.0/16", next_hop_type: "VnetLocal" },
    );
    const messages = firings(stack).map((f) => f.message);
    // Both Databricks subnets, three routes each.
    expect(messages).toHaveLength(6);
    for (const prefix of ["0.0.0.0/1", "128.0.0.0/1", "Storage"]) {
      expect(messages.filter((m) => m.includes(`sends ${prefix} to next hop Internet`))).toHaveLength(2);
    }
  });

  it("fires on an Azure default route to a virtual appliance that is not the hub firewall's derived address", () => {
    const { stack, table } = azureTable();
    expect(table.route[0].next_hop_in_ip_address).toMatch(/^\$\{cidrhost\(cidrsubnet\("10\.250\.0\.0\/24", 2, 0\), 4\)\}$/);
    table.route[0].next_hop_in_ip_address = "10.250.0.99";
    const messages = firings(stack).map((f) => f.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain("to the virtual appliance 10.250.0.99, which is not the hub firewall's address");
  });

  it("fires on a separate azurerm_route of the subnets' table that sends a public range to Internet", () => {
    const { stack } = azureTable();
    const [tableName] = entries(stack, "azurerm_route_table")[0];
    stack.resource.azurerm_route = {
      out: {
        name: "out",
        route_table_name: `\${azurerm_route_table.${tableName}.name}`,
        address_prefix: "20.0.0.0/8",
        next_hop_type: "Internet",
      },
    };
    expect(firings(stack).map((f) => f.message)).toEqual([
      expect.stringContaining("sends 20.0.0.0/8 to next hop Internet"),
      expect.stringContaining("sends 20.0.0.0/8 to next hop Internet"),
    ]);
  });

  it("leaves privateLinkOnly alone: the default route leads nowhere when no security group lets anything out", () => {
    const stack = json("prod-aws-workspace");
    for (const [name, rule] of entries(stack, "aws_vpc_security_group_egress_rule")) {
      if (rule.cidr_ipv4 === "0.0.0.0/0") delete stack.resource.aws_vpc_security_group_egress_rule[name];
    }
    const [name, route] = entries(stack, "aws_route").find(([n]) => n.startsWith("network_private-default-route")) as [string, any];
    stack.resource.aws_route[name] = { ...route, vpc_endpoint_id: undefined, nat_gateway_id: "${aws_nat_gateway.x.id}" };
    expect(firings(stack)).toEqual([]);
  });
});

describe("denied egress becomes an alert", () => {
  it("AWS: a metric filter counts the firewall's blocked alert events, an alarm goes off on the first, a saved query lists them by source and destination", () => {
    const stack = json("prod-aws-workspace");
    const [[alertName, alertLog]] = entries(stack, "aws_cloudwatch_log_group").filter(([n]) => n.includes("egress-firewall_alert-logs"));
    const [, filter] = entries(stack, "aws_cloudwatch_log_metric_filter")[0];
    expect(filter.log_group_name).toBe(`\${aws_cloudwatch_log_group.${alertName}.name}`);
    expect(filter.pattern).toBe('{ $.event.alert.action = "blocked" }');
    const [, alarm] = entries(stack, "aws_cloudwatch_metric_alarm")[0];
    expect(alarm).toMatchObject({
      metric_name: filter.metric_transformation.name,
      namespace: filter.metric_transformation.namespace,
      threshold: 1,
      comparison_operator: "GreaterThanOrEqualToThreshold",
    });
    // The logging configuration writes ALERT events to that same group.
    const [, logging] = entries(stack, "aws_networkfirewall_logging_configuration")[0];
    const alertDestination = logging.logging_configuration.log_destination_config.find((d: any) => d.log_type === "ALERT");
    expect(alertDestination.log_destination.logGroup).toBe(`\${aws_cloudwatch_log_group.${alertName}.name}`);
    expect(alertLog.retention_in_days).toBe(365);
    const [, query] = entries(stack, "aws_cloudwatch_query_definition")[0];
    expect(query.query_string).toContain("by event.src_ip, event.tls.sni, event.http.hostname");
  });

  it("Azure: a scheduled query over the hub's firewall logs alerts on denials by source address and destination", () => {
    const hub = json(HUB);
    const [, rule] = entries(hub, "azurerm_monitor_scheduled_query_rules_alert_v2")[0];
    const [[logsName]] = entries(hub, "azurerm_log_analytics_workspace");
    expect(rule.scopes).toEqual([`\${azurerm_log_analytics_workspace.${logsName}.id}`]);
    expect(rule.criteria[0].query).toContain('AZFWApplicationRule | where Action == "Deny"');
    expect(rule.criteria[0].dimension.map((d: any) => d.name)).toEqual(["SourceIp", "Destination"]);
    const [, diagnostics] = entries(hub, "azurerm_monitor_diagnostic_setting")[0];
    expect(diagnostics.log_analytics_destination_type).toBe("Dedicated");
  });
});

describe("the egress mode config resolves", () => {
  const mode = (env: Environment) => (env.cloud === "aws" ? env.aws.network?.egress : env.azure.network.egress);
  it("to firewall in prod when unset, sharing serverless egress's domains; outside prod to what earlier releases built", () => {
    const prodUnset = loadEnvironments([variant(examples.prod, (e) => delete e.aws.network.egress)])[0];
    expect(mode(prodUnset)).toMatchObject({
      mode: "firewall",
      allowedDomains: ["pypi.org", "files.pythonhosted.org"],
      sharedDomains: true,
    });
    expect(mode(envs.dev)?.mode).toBe("open");
    expect(mode(envs.azdev)?.mode).toBe("open");
    const devLocked = loadEnvironments([
      variant(standalone(examples.dev), (e) => (e.aws.network.privateConnectivity = { backEnd: true })),
    ])[0];
    expect(mode(devLocked)?.mode).toBe("privateLinkOnly");
    const ownList = loadEnvironments([variant(examples.prod, (e) => (e.aws.network.egress.allowedDomains = ["*.maven.org"]))])[0];
    expect(mode(ownList)).toMatchObject({ allowedDomains: ["*.maven.org"], sharedDomains: false });
  });

  it("writes a *. wildcard in AWS's leading-dot form in the domain list", () => {
    const stacks = synthBlueprint(
      loadEnvironments([variant(examples.prod, (e) => (e.aws.network.egress.allowedDomains = ["*.maven.org", "pypi.org"]))]),
    );
    const [group] = Object.values(JSON.parse(stacks["prod-aws-workspace"]).resource.aws_networkfirewall_rule_group) as any[];
    expect(group.rule_group.rules_source.rules_source_list.targets).toEqual([".maven.org", "pypi.org"]);
  });
});

describe("two firewall environments of one subscription and region", () => {
  it("share one hub whose Databricks rules admit both spokes, each with its own rule collection group priority", () => {
    const second = variant(examples.azprod, (e) => {
      e.name = "azprod2";
      e.azure.network.vnetCidr = "10.60.0.0/20";
      e.azure.network.privateConnectivity.endpointSubnetCidr = "10.60.8.0/26";
      e.azure.keyVaultName = "kv-lakehouse-azprod2";
      e.azure.storageAccountName = "stlakehouseazprod2";
      e.state.keyPrefix = "lakehouse/azprod2";
    });
    const estate = loadEnvironments([...Object.values(examples), second]);
    const out = synthBlueprint(estate);
    expect(Object.keys(out).filter((name) => name.startsWith("egress-hub-"))).toEqual([HUB]);
    const hub = JSON.parse(out[HUB]) as Json;
    const [, rules] = entries(hub, "azurerm_firewall_policy_rule_collection_group")[0];
    expect(rules.network_rule_collection[0].rule[0].source_addresses).toEqual([
      "10.50.0.0/22",
      "10.50.4.0/22",
      "10.60.0.0/22",
      "10.60.4.0/22",
    ]);
    const priority = (name: string) =>
      entries(JSON.parse(out[`${name}-azure-workspace`]), "azurerm_firewall_policy_rule_collection_group")[0][1].priority;
    expect([priority("azprod"), priority("azprod2")]).toEqual([1000, 1010]);
  });
});

describe("firewall environments of two subscriptions whose ids begin with the same block", () => {
  // azdev (…aa01) and azprod (…aa02) both begin "00000000": each gets its own hub, named by the whole id.
  const estate = loadEnvironments([
    ...Object.values(examples).filter((e) => e !== examples.azdev),
    variant(examples.azdev, (e) => {
      e.azure.network.egress = { mode: "firewall", hubVnetCidr: "10.0.1.0/24", allowedDomains: ["pypi.org"] };
    }),
  ]);
  const out = synthBlueprint(estate);
  const hubs = Object.keys(out)
    .filter((name) => name.startsWith("egress-hub-"))
    .sort();
  const devHub = "egress-hub-azure-westeurope-00000000-0000-4000-8000-00000000aa01";
  const prodHub = "egress-hub-azure-westeurope-00000000-0000-4000-8000-00000000aa02";

  it("get one hub each, serving only their own environment's subnets", () => {
    expect(hubs).toEqual([devHub, prodHub]);
    const sources = (name: string) =>
      entries(JSON.parse(out[name]), "azurerm_firewall_policy_rule_collection_group")[0][1].network_rule_collection[0].rule[0]
        .source_addresses;
    expect(sources(devHub)).toEqual(["10.40.0.0/24", "10.40.1.0/24"]);
    expect(sources(prodHub)).toEqual(["10.50.0.0/22", "10.50.4.0/22"]);
    expect(JSON.parse(out[devHub]).provider.azurerm[0].subscription_id).toBe("00000000-0000-4000-8000-00000000aa01");
  });

  it("are each byte-identical whichever environments a run selects", () => {
    const byName = Object.fromEntries(estate.map((env) => [env.name, env]));
    for (const selection of [[byName.azdev], [byName.azprod], [byName.azdev, byName.azprod], [byName.dev]]) {
      const selected = synthBlueprintSelected(selection, estate);
      for (const hub of [devHub, prodHub]) {
        if (selected[hub] !== undefined) expect(selected[hub]).toBe(out[hub]);
      }
    }
    expect(synthBlueprintSelected([byName.azdev], estate)[devHub]).toBeDefined();
    expect(synthBlueprintSelected([byName.azprod], estate)[prodHub]).toBeDefined();
  });
});

describe("a hub stack name another hub already holds", () => {
  it("is refused, naming both subscriptions, rather than one hub silently dropped", () => {
    const { EgressHubStack } = require("../stacks/egress-hub-stack") as typeof import("../stacks/egress-hub-stack");
    const spy = jest.spyOn(EgressHubStack, "stackName").mockReturnValue("egress-hub-azure-westeurope-clash");
    try {
      const estate = loadEnvironments([
        ...Object.values(examples).filter((e) => e !== examples.azdev),
        variant(examples.azdev, (e) => {
          e.azure.network.egress = { mode: "firewall", hubVnetCidr: "10.0.1.0/24", allowedDomains: ["pypi.org"] };
        }),
      ]);
      const { buildBlueprint } = require("../stacks/blueprint") as typeof import("../stacks/blueprint");
      const { App } = require("cdktn") as typeof import("cdktn");
      expect(() => buildBlueprint(new App({ outdir: require("node:os").tmpdir() }), estate)).toThrow(
        /aa01 in westeurope \(azdev\) would take the stack name egress-hub-azure-westeurope-clash, which the hub of subscription 00000000-0000-4000-8000-00000000aa02 in westeurope already holds.*Fix:/,
      );
    } finally {
      spy.mockRestore();
    }
  });
});
