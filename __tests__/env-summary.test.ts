import { loadEnvironments } from "../config/load";
import { cidrsubnet, evaluateRange } from "../scripts/env-summary/cidr-expression";
import { networkCost } from "../scripts/env-summary/network-cost";
import { securitySwitches } from "../scripts/env-summary/security-switches";
import { stacksOf } from "../scripts/env-summary/stacks-of";
import { environmentSummary } from "../scripts/env-summary/summary";
import { teamAws } from "./fixtures/team-environments";
import { exampleEnvironments, examples, synthBlueprint, variant } from "./helpers";

// `npm run env:summary -- NAME` (scripts/env-summary/): what a person reads before deploying an
// environment, from config and the synthesized stacks, tested on the examples.

const envs = exampleEnvironments();
const all = Object.values(envs);
const synthesized = new Map(Object.entries(synthBlueprint(all)).map(([name, text]) => [name, JSON.parse(text) as Record<string, any>]));
const stacksFor = (name: string) => new Map([...synthesized].filter(([stack]) => stacksOf(envs[name], all).some((s) => s.name === stack)));

describe("environment summary", () => {
  it("names every stack of each example as the app synthesizes it, in deploy order", () => {
    for (const env of all) {
      const names = stacksOf(env, all).map((stack) => stack.name);
      expect(names.filter((name) => !synthesized.has(name))).toEqual([]);
      // azdev's data path to azprod's private storage comes last, after azprod (its own CI entry).
      expect(names.at(-1)).toBe(env.name === "azdev" ? "azdev-prod-data-path" : `${env.name}-workspace-config`);
    }
    expect(stacksOf(envs.dev, all).map((s) => [s.name, s.sharedWith])).toEqual([
      ["bootstrap-aws-00000000", ["prod", "sandbox"]],
      ["metastore-aws-eu-west-1-00000000", ["prod", "sandbox"]],
      ["dev-aws-workspace", []],
      ["dev-workspace-config", []],
    ]);
  });

  it("counts the fixed network cost in the synthesized stacks: NAT gateways, public IPs, interface endpoints per zone, private endpoints, egress firewalls", () => {
    const cost = (name: string) => networkCost(stacksFor(name), 0);
    const units = (name: string) => Object.fromEntries(cost(name).lines.map((line) => [line.price, line.units]));
    expect(units("dev")).toEqual({ awsNatGateway: 1, awsPublicIpv4: 1, awsInterfaceEndpoint: 4, awsGatewayEndpoint: 1 });
    expect(cost("dev").usdPerMonth).toBe(65.7);
    // prod: a NAT gateway and its address per zone; STS, Kinesis and the two PrivateLink endpoints in 3 zones;
    // a firewall endpoint per zone, beside which the NAT gateway-hours are waived: 197.1 + 865.05 - 98.55.
    expect(units("prod")).toEqual({
      awsNatGateway: 3,
      awsPublicIpv4: 3,
      awsInterfaceEndpoint: 12,
      awsGatewayEndpoint: 1,
      awsNetworkFirewallEndpoint: 3,
      awsNatGatewayWaiver: 3,
    });
    expect(cost("prod").usdPerMonth).toBe(963.6);
    // azdev's two private endpoints to azprod's storage (its data-path stack) count as its own.
    expect(units("azdev")).toEqual({ azureNatGateway: 1, azurePublicIp: 1, azurePrivateEndpoint: 2 });
    // azprod leaves through the hub: its Standard firewall and the firewall's public IP, no NAT gateway.
    expect(units("azprod")).toEqual({ azureFirewallStandard: 1, azurePublicIp: 1, azurePrivateEndpoint: 5 });
    expect(cost("azprod").usdPerMonth).toBe(952.65);
    expect(cost("azprod").unpriced).toEqual([{ what: expect.stringContaining("billed by Databricks"), count: 2 }]);
  });

  it("shows each security switch on or off with why: the baseline's record and the reasons written in config", () => {
    const reason = "no Enhanced Security and Compliance add-on on this account yet (ticket SEC-42)";
    const adopted = "the region's metastore is adopted; its network connectivity configuration is not ours";
    const prodCopy = (e: any) => {
      e.stage = "prod";
      delete e.deletionProtection;
      e.repository.developers = [];
      e.security.enhancedSecurityMonitoring = { enabled: false, reason };
      e.security.serverlessEgress = { enabled: false, reason: adopted };
    };
    const [copied] = loadEnvironments([variant(teamAws, prodCopy)]);
    const lines = Object.fromEntries(securitySwitches(copied).map((line) => [line.field, [line.on, line.why]]));
    expect(lines["security.enhancedSecurityMonitoring"]).toEqual([false, reason]);
    expect(lines["security.restrictWorkspaceAdmins"]).toEqual([true, "prod baseline (left unset in config)"]);
    expect(lines["security.serverlessEgress"]).toEqual([false, adopted]);
    expect(lines.deletionProtection).toEqual([true, "prod baseline (left unset in config)"]);
    expect(lines["security.complianceSecurityProfile"]).toEqual([false, "never defaulted (it cannot be turned off once on)"]);
    expect(lines["azure.network.privateConnectivity.backEnd"]).toBeUndefined();
    const prod = Object.fromEntries(securitySwitches(envs.prod).map((line) => [line.field, [line.on, line.why]]));
    expect(prod["security.complianceSecurityProfile"]).toEqual([true, "set in config; cannot be turned off again; no standard named"]);
    expect(Object.fromEntries(securitySwitches(envs.dev).map((line) => [line.field, line.on]))["security.auditLogDelivery"]).toBe(false);
  });

  it("renders the dev example: stacks with counts, switches, ranges as Terraform will carve them, and a priced total that says its region", () => {
    const text = environmentSummary(envs.dev, all, stacksFor("dev"));
    expect(text).toMatch(/^## dev: AWS eu-west-1, stage dev/);
    expect(text).toMatch(/\| dev-aws-workspace \| network, keys, storage, workspace, account-level identities \| \d+ \| \d+ \|/);
    expect(text).toContain("aws_nat_gateway 1");
    expect(text).toContain("| deletion protection | `deletionProtection` | **off** |");
    for (const range of [
      "| 10.20.0.0/16 | VPC |",
      "| 10.20.0.0/19 | subnet private-eu-west-1a |",
      "| 10.20.32.0/19 | subnet private-eu-west-1b |",
      "| 10.20.224.0/28 | subnet public-eu-west-1a |",
    ])
      expect(text).toContain(range);
    expect(text).toContain("| **total** | | | **$65.70** |");
    expect(text).toMatch(
      /list prices of us-east-1 .* taken 2026-12-06, .* dev runs in eu-west-1, where prices differ by region: look eu-west-1 up on https:\/\/aws\.amazon\.com\//,
    );
  });

  it("lists nothing classic-only for the serverless sandbox, and keeps it for the classic dev", () => {
    const classicOnly = [
      "aws.network.egress",
      "security.automaticClusterUpdate",
      "aws.network.privateConnectivity.frontEnd",
      "aws.network.privateConnectivity.backEnd",
    ];
    expect(securitySwitches(envs.sandbox).filter((line) => classicOnly.includes(line.field))).toEqual([]);
    expect(securitySwitches(envs.dev).map((line) => line.field)).toEqual(expect.arrayContaining(classicOnly.slice(0, 3)));
    const roles = (name: string) => stacksOf(envs[name], all).map((stack) => stack.role);
    expect(roles("sandbox").join("\n")).not.toMatch(/policies, compute|network, keys/);
    expect(roles("sandbox").slice(-2)).toEqual([
      "keys, storage, serverless workspace, account-level identities, serverless egress policy",
      "inside the workspace: catalog, secrets, jobs on serverless compute, grants, settings",
    ]);
    expect(roles("dev").slice(-2)).toEqual([
      "network, keys, storage, workspace, account-level identities",
      "inside the workspace: policies, compute, catalog, secrets, jobs, grants, settings",
    ]);
  });

  it("says which stacks are missing from cdktf.out rather than counting nothing", () => {
    const text = environmentSummary(envs.azdev, all, new Map());
    expect(text).toContain("| azdev-azure-workspace | network, keys, storage, workspace, account-level identities | not synthesized | - |");
    expect(text).toContain("Run `LAKEHOUSE_ENVIRONMENTS=azdev npm run synth` first.");
  });

  it("evaluates Terraform's cidrsubnet as the constructs write it, and nothing else", () => {
    expect(cidrsubnet("10.20.0.0/16", 3, 7)).toBe("10.20.224.0/19");
    expect(evaluateRange('${cidrsubnet(cidrsubnet(cidrsubnet("10.30.0.0/16", 3, 7), 1, 1), 7, 2)}')).toBe("10.30.240.64/27");
    expect(evaluateRange("10.50.8.0/26")).toBe("10.50.8.0/26");
    expect(evaluateRange('${cidrsubnet("10.20.0.0/16", 3, 8)}')).toBeUndefined();
    expect(evaluateRange("${aws_subnet.x.cidr_block}")).toBeUndefined();
    expect(examples.dev.name).toBe("dev");
  });
});
