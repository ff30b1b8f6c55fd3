import { loadCi } from "../config/ci";
import { configProblems, loadEnvironments } from "../config/load";
import { DEFAULT_MAINTENANCE_WINDOW } from "../config/prod-baseline";
import type { Environment, EnvironmentInput } from "../config/schema";
import { teamAws, teamAzure } from "./fixtures/team-environments";
import { examples, resourcesOf, synthBlueprint, variant } from "./helpers";

// stage: "prod" turns the prod baseline on (config/prod-baseline.ts); a switch goes off only with a
// written reason. The team's environments (./fixtures/team-environments) are dev files; these tests
// copy them into prod, as a team does.

type Edit = (env: any) => void;
const REASON = "no Enhanced Security and Compliance add-on on this account yet (ticket SEC-42)";
// What a dev file copied into prod still has to change: no developers' Git folders, deletion protection
// not turned off; serverless egress needs the blueprint's metastore stack (mode "create").
const awsProd = (edit: Edit = () => undefined): EnvironmentInput =>
  variant(
    teamAws,
    (e) => (
      (e.stage = "prod"),
      delete e.deletionProtection,
      (e.repository.developers = []),
      (e.unityCatalog = { metastore: { mode: "create" } }),
      edit(e)
    ),
  );
const azureProd = (edit: Edit = () => undefined): EnvironmentInput =>
  variant(
    teamAzure,
    (e) => (
      (e.stage = "prod"),
      delete e.deletionProtection,
      (e.azure.network.privateConnectivity = { endpointSubnetCidr: "10.130.2.0/26" }),
      (e.azure.network.egress = { hubVnetCidr: "10.250.0.0/24" }),
      edit(e)
    ),
  );
const f = (env: string, path: string) => `environments["${env}"].${path}`;
const one = (inputs: EnvironmentInput[], name: string): Environment =>
  loadEnvironments(inputs).find((env) => env.name === name) as Environment;

const refused: Array<[string, EnvironmentInput[], { field: string; value: string; says: string }]> = [
  [
    "a dev file copied into prod: deletion protection still false",
    [variant(teamAws, (e) => (e.stage = "prod"))],
    {
      field: f("analytics", "deletionProtection"),
      value: "false",
      says: "turns off the prod baseline's deletion protection without a written reason",
    },
  ],
  [
    "a dev file copied into prod: Azure back-end Private Link needs its subnet",
    [variant(teamAzure, (e) => ((e.stage = "prod"), delete e.deletionProtection))],
    {
      field: f("azanalytics", "azure.network.privateConnectivity.endpointSubnetCidr"),
      value: "(not set)",
      says: 'the prod baseline turns on back-end Private Link, and its private endpoint needs a subnet of its own in 10.130.0.0/22. Fix: give a /28 to /26 block of the VNet outside the host and container subnets, e.g. "10.130.2.0/26"',
    },
  ],
  [
    "a dev file copied into prod: serverless egress with an adopted metastore",
    [variant(teamAws, (e) => ((e.stage = "prod"), delete e.deletionProtection, (e.repository.developers = [])))],
    {
      field: f("analytics", "security.serverlessEgress.enabled"),
      value: "(not set, on in prod)",
      says: 'keep it off with the reason reviewers will read: serverlessEgress: { enabled: false, reason: "..." }',
    },
  ],
  [
    "enhanced security monitoring off by a bare false",
    [awsProd((e) => (e.security.enhancedSecurityMonitoring = false))],
    {
      field: f("analytics", "security.enhancedSecurityMonitoring"),
      value: "false",
      says: 'no antivirus, file integrity or vulnerability finding of its compute would reach the audit log. Fix: set enhancedSecurityMonitoring: true (or leave it out: prod turns it on), or keep it off with the reason reviewers will read: enhancedSecurityMonitoring: { enabled: false, reason: "..." }',
    },
  ],
  [
    "restricted workspace admins off by a bare false",
    [azureProd((e) => (e.security.restrictWorkspaceAdmins = false))],
    {
      field: f("azanalytics", "security.restrictWorkspaceAdmins"),
      value: "false",
      says: "restricted workspace admins without a written reason",
    },
  ],
  [
    "serverless egress off without a reason",
    [awsProd((e) => (e.security.serverlessEgress = { enabled: false }))],
    {
      field: f("analytics", "security.serverlessEgress.enabled"),
      value: "false",
      says: "Fix: leave enabled out (prod turns it on), or keep it off",
    },
  ],
  [
    "AWS back-end PrivateLink off by a bare false",
    [awsProd((e) => (e.aws.network.privateConnectivity = { backEnd: false }))],
    {
      field: f("analytics", "aws.network.privateConnectivity.backEnd"),
      value: "false",
      says: "its clusters would reach the control plane over the internet",
    },
  ],
  [
    "Azure back-end Private Link off by a bare false",
    [azureProd((e) => (e.azure.network.privateConnectivity = { backEnd: false }))],
    {
      field: f("azanalytics", "azure.network.privateConnectivity.backEnd"),
      value: "false",
      says: "back-end private connectivity (Azure Private Link)",
    },
  ],
  [
    "the account's audit log delivery off in its only prod environment",
    [awsProd((e) => (e.security.auditLogDelivery = false))],
    {
      field: f("analytics", "security.auditLogDelivery"),
      value: "false",
      says: "no environment of Databricks account 3a6825e8-d0ad-4063-843e-1de841eba028 delivers its audit logs; the prod baseline delivers them once per account",
    },
  ],
  [
    "a reason too short to say why",
    [awsProd((e) => (e.security.enhancedSecurityMonitoring = { enabled: false, reason: "later" }))],
    { field: f("analytics", "security.enhancedSecurityMonitoring.reason"), value: '"later"', says: "is too short to say why" },
  ],
  [
    "a switch turned off without its reason",
    [awsProd((e) => (e.security.automaticClusterUpdate = { enabled: false }))],
    {
      field: f("analytics", "security.automaticClusterUpdate.reason"),
      value: "(missing)",
      says: "is turned off only with a written reason",
    },
  ],
  [
    "a reason beside a switch that is on",
    [awsProd((e) => (e.security.restrictWorkspaceAdmins = { enabled: true, reason: REASON }))],
    {
      field: f("analytics", "security.restrictWorkspaceAdmins.enabled"),
      value: "true",
      says: "the { enabled, reason } form turns a setting off",
    },
  ],
  [
    "a reason beside serverless egress that is on",
    [awsProd((e) => (e.security.serverlessEgress = { reason: REASON }))],
    { field: f("analytics", "security.serverlessEgress.reason"), value: `"${REASON}"`, says: "a reason goes with enabled: false" },
  ],
  [
    "deletion protection as a word",
    [awsProd((e) => (e.deletionProtection = "yes"))],
    { field: f("analytics", "deletionProtection"), value: '"yes"', says: "must be true or false, got a string" },
  ],
];

describe("prod baseline refusals", () => {
  it.each(refused)("refuses %s", (_, inputs, expected) => {
    const problems = configProblems(inputs);
    const matching = problems.filter(
      (p) => p.startsWith(`${expected.field} = ${expected.value}: `) && p.includes(expected.says) && p.includes("Fix: "),
    );
    expect({ problems, matching: matching.length }).toEqual({ problems, matching: 1 });
  });
});

describe("prod baseline", () => {
  it("turns every setting on in a prod environment that leaves them out, and no standard or compliance profile", () => {
    const env = one([awsProd()], "analytics");
    expect(env.cloud === "aws" && env.aws.network?.privateConnectivity.backEnd).toBe(true);
    expect({ ...env.security, ipAccessList: undefined, deployerIpRanges: undefined }).toMatchObject({
      enhancedSecurityMonitoring: true,
      restrictWorkspaceAdmins: true,
      auditLogDelivery: true,
      automaticClusterUpdate: DEFAULT_MAINTENANCE_WINDOW,
      serverlessEgress: { enabled: true },
      complianceSecurityProfile: false,
      complianceStandards: [],
    });
    expect(env.deletionProtection).toBe(true);
    expect(env.baseline).toEqual({
      defaulted: expect.arrayContaining([
        "deletionProtection",
        "security.serverlessEgress",
        "aws.network.privateConnectivity.backEnd",
        "security.auditLogDelivery",
      ]),
      off: [],
    });
  });

  it("keeps a switch turned off with its reason, beside the setting and in the record the plan summary reads", () => {
    const env = one(
      [
        azureProd(
          (e) => (
            (e.security.enhancedSecurityMonitoring = { enabled: false, reason: REASON }),
            (e.security.automaticClusterUpdate = { enabled: false, reason: REASON })
          ),
        ),
      ],
      "azanalytics",
    );
    expect(env.security.enhancedSecurityMonitoring).toBe(false);
    expect(env.security.automaticClusterUpdate).toBeUndefined();
    expect(env.baseline.off).toEqual([
      { field: "security.automaticClusterUpdate", reason: REASON },
      { field: "security.enhancedSecurityMonitoring", reason: REASON },
    ]);
  });

  it("delivers a Databricks account's audit logs once: from the first prod environment, or where config already does", () => {
    const second = awsProd(
      (e) => ((e.name = "analytics2"), (e.aws.network.vpcCidr = "10.121.0.0/16"), (e.state.keyPrefix = "lakehouse/analytics2")),
    );
    const delivering = (inputs: EnvironmentInput[]) =>
      loadEnvironments(inputs)
        .filter((env) => env.security.auditLogDelivery)
        .map((env) => env.name);
    expect(delivering([awsProd(), second])).toEqual(["analytics"]);
    expect(delivering([awsProd(), variant(second, (e) => (e.security.auditLogDelivery = true))])).toEqual(["analytics2"]);
    // A bare false is fine where another environment of the account delivers.
    expect(delivering([awsProd((e) => (e.security.auditLogDelivery = false)), second])).toEqual(["analytics2"]);
  });

  it("leaves dev and test alone: unset is off, and a switch off with a reason is accepted there", () => {
    const env = one([variant(teamAws, (e) => (e.security.enhancedSecurityMonitoring = { enabled: false, reason: REASON }))], "analytics");
    expect([
      env.deletionProtection,
      env.security.enhancedSecurityMonitoring,
      env.security.restrictWorkspaceAdmins,
      env.security.auditLogDelivery,
      env.security.serverlessEgress.enabled,
    ]).toEqual([false, false, false, false, false]);
    expect(env.security.automaticClusterUpdate).toBeUndefined();
    expect(env.baseline).toEqual({ defaulted: [], off: [] });
  });

  it("leaves the network and serverless egress of a workspace brought along to whoever manages it", () => {
    const byo = awsProd(
      (e) =>
        (e.databricks = {
          ...e.databricks,
          existingWorkspaceHost: "https://dbc-7c2e91ab-44d0.cloud.databricks.com",
          existingWorkspaceId: "2287463019845521",
        }),
    );
    const env = one([byo], "analytics");
    expect([
      env.cloud === "aws" && env.aws.network?.privateConnectivity.backEnd,
      env.security.serverlessEgress.enabled,
      env.security.enhancedSecurityMonitoring,
    ]).toEqual([false, false, true]);
  });

  it("changes nothing in the prod examples, which set every switch themselves", () => {
    for (const name of ["prod", "azprod"] as const) expect(one(Object.values(examples), name).baseline.off).toEqual([]);
  });

  it("synthesizes the baseline into a prod environment copied from a dev file", () => {
    const env = one([awsProd()], "analytics");
    // A team's estate runs CI in the team's repository (config/github.ts refuses the examples' one).
    const stacks = synthBlueprint([env], loadCi({ github: { repository: "northwind-analytics/lakehouse" } }, [env]));
    const config = stacks["analytics-workspace-config"];
    expect(resourcesOf(config, "databricks_enhanced_security_monitoring_workspace_setting")).toHaveLength(1);
    expect(resourcesOf(config, "databricks_restrict_workspace_admins_setting")).toHaveLength(1);
    expect(
      resourcesOf(config, "databricks_automatic_cluster_update_workspace_setting")[0].automatic_cluster_update_workspace.maintenance_window
        .week_day_based_schedule,
    ).toMatchObject({ day_of_week: "SUNDAY", frequency: "FIRST_OF_MONTH" });
    const workspace = stacks["analytics-aws-workspace"];
    expect(resourcesOf(workspace, "aws_vpc_endpoint").length).toBeGreaterThan(0);
    expect(resourcesOf(workspace, "databricks_mws_log_delivery").length).toBeGreaterThan(0);
    expect(resourcesOf(workspace, "aws_s3_bucket").every((bucket) => bucket.lifecycle?.prevent_destroy === true)).toBe(true);
  });
});
