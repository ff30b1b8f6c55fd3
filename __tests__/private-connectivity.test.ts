import { loadEnvironments } from "../config/load";
import type { EnvironmentInput } from "../config/schema";
import { exampleEnvironments, examples, resourcesOf, synthBlueprint, variant } from "./helpers";

// The private connectivity modes as the example estate builds them: off in dev (no endpoint beyond
// S3, STS and Kinesis), back-end in prod, back-end plus front-end where config adds it.

const synthAws = (...inputs: EnvironmentInput[]) => synthBlueprint(loadEnvironments(inputs));
// The example estate itself (dev and prod among it), as the other test files read it: synthesized once per run.
const stacks = synthBlueprint(Object.values(exampleEnvironments()));
const services = (out: string) =>
  resourcesOf(out, "aws_vpc_endpoint")
    .map((e) => e.service_name)
    .sort();

describe("private connectivity on AWS", () => {
  it("leaves dev without Databricks endpoints, registrations, private access settings or endpoint policies", () => {
    const dev = stacks["dev-aws-workspace"];
    expect(services(dev)).toEqual(["com.amazonaws.eu-west-1.kinesis-streams", "com.amazonaws.eu-west-1.s3", "com.amazonaws.eu-west-1.sts"]);
    for (const type of ["databricks_mws_vpc_endpoint", "databricks_mws_private_access_settings", "aws_vpc_endpoint_policy"])
      expect(resourcesOf(dev, type)).toEqual([]);
    expect(resourcesOf(dev, "databricks_mws_workspaces")[0].private_access_settings_id).toBeUndefined();
  });

  it("builds back-end PrivateLink in prod: endpoints, their registration in the network, settings on the workspace, egress in the VPC", () => {
    const prod = stacks["prod-aws-workspace"];
    expect(services(prod)).toEqual([
      "com.amazonaws.eu-west-1.kinesis-streams",
      "com.amazonaws.eu-west-1.s3",
      "com.amazonaws.eu-west-1.sts",
      "com.amazonaws.vpce.eu-west-1.vpce-svc-09b4eb2bc775f4e8c",
      "com.amazonaws.vpce.eu-west-1.vpce-svc-0da6ebf1461278016",
    ]);
    expect(resourcesOf(prod, "aws_subnet").filter((s) => s.tags.Name.includes("-endpoints-"))).toHaveLength(3);
    expect(resourcesOf(prod, "aws_vpc_endpoint_policy")).toHaveLength(3);
    const registrations = resourcesOf(prod, "databricks_mws_vpc_endpoint");
    expect(registrations.map((r) => r.vpc_endpoint_name).sort()).toEqual(["prod-lakehouse-relay", "prod-lakehouse-rest-api"]);
    const [network] = resourcesOf(prod, "databricks_mws_networks");
    expect(network.vpc_endpoints.rest_api).toEqual([
      expect.stringMatching(/^\$\{databricks_mws_vpc_endpoint\.private-access_rest-api_[0-9A-F]+\.vpc_endpoint_id\}$/),
    ]);
    expect(network.vpc_endpoints.dataplane_relay).toEqual([
      expect.stringMatching(/^\$\{databricks_mws_vpc_endpoint\.private-access_relay_[0-9A-F]+\.vpc_endpoint_id\}$/),
    ]);
    const [settings] = resourcesOf(prod, "databricks_mws_private_access_settings");
    expect(settings).toMatchObject({ public_access_enabled: true, private_access_level: "ENDPOINT", region: "eu-west-1" });
    expect(resourcesOf(prod, "databricks_mws_workspaces")[0].private_access_settings_id).toMatch(
      /^\$\{databricks_mws_private_access_settings\.private-access_settings_[0-9A-F]+\.private_access_settings_id\}$/,
    );
    // Egress mode "firewall": only HTTP(S), which the route hands to the egress firewall (egress-firewall.test.ts).
    expect(
      resourcesOf(prod, "aws_vpc_security_group_egress_rule")
        .filter((r) => r.cidr_ipv4 === "0.0.0.0/0")
        .map((r) => r.from_port),
    ).toEqual([443, 80]);
    const noInternet = synthAws(variant(examples.prod, (e) => (e.aws.network.egress = { mode: "privateLinkOnly" })))["prod-aws-workspace"];
    expect(resourcesOf(noInternet, "aws_vpc_security_group_egress_rule").filter((r) => r.cidr_ipv4 === "0.0.0.0/0")).toEqual([]);
    expect(resourcesOf(noInternet, "aws_networkfirewall_firewall")).toEqual([]);
  });

  it("lets the locked-down workspace reach only the networks config names outside the VPC (prod: the orders database)", () => {
    // The firewall's HTTP(S) to 0.0.0.0/0 is left aside here: the domain allow-list filters it.
    const outside = (out: string) =>
      resourcesOf(out, "aws_vpc_security_group_egress_rule")
        .filter((r) => r.cidr_ipv4 !== undefined && r.cidr_ipv4 !== "10.30.0.0/16" && r.cidr_ipv4 !== "0.0.0.0/0")
        .map((r) => ({ cidr: r.cidr_ipv4, protocol: r.ip_protocol, from: r.from_port, to: r.to_port, description: r.description }));
    expect(outside(stacks["prod-aws-workspace"])).toEqual([
      { cidr: "10.40.8.0/24", protocol: "tcp", from: 5432, to: 5432, description: "orders database (PostgreSQL, jobs.jdbc.url)" },
    ]);
    const mirrors = synthAws(
      variant(examples.prod, (e) =>
        e.aws.network.privateConnectivity.allowedEgress.push({
          cidr: "172.20.0.0/16",
          fromPort: 8080,
          toPort: 8081,
          description: "package mirror (PyPI and Maven)",
        }),
      ),
    )["prod-aws-workspace"];
    expect(outside(mirrors)).toEqual([
      { cidr: "10.40.8.0/24", protocol: "tcp", from: 5432, to: 5432, description: "orders database (PostgreSQL, jobs.jdbc.url)" },
      { cidr: "172.20.0.0/16", protocol: "tcp", from: 8080, to: 8081, description: "package mirror (PyPI and Maven)" },
    ]);
  });

  it("adds the front-end transit VPC and endpoint where config asks, and can close public access", () => {
    const prod = synthAws(
      variant(
        examples.prod,
        (e) =>
          (e.aws.network.privateConnectivity = { backEnd: true, frontEnd: { transitVpcCidr: "10.31.0.0/24" }, publicAccessEnabled: false }),
      ),
    )["prod-aws-workspace"];
    expect(
      resourcesOf(prod, "aws_vpc")
        .map((v) => v.cidr_block)
        .sort(),
    ).toEqual(["10.30.0.0/16", "10.31.0.0/24"]);
    expect(
      resourcesOf(prod, "databricks_mws_vpc_endpoint")
        .map((r) => r.vpc_endpoint_name)
        .sort(),
    ).toEqual(["prod-lakehouse-front-end", "prod-lakehouse-relay", "prod-lakehouse-rest-api"]);
    const [settings] = resourcesOf(prod, "databricks_mws_private_access_settings");
    expect(settings.public_access_enabled).toBe(false);
    expect(settings.allowed_vpc_endpoint_ids).toHaveLength(2);
  });
});
