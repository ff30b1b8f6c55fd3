import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { loadEnvironments } from "../../config/load";
import { CostControls } from "../../constructs/databricks/account/cost-controls";
import { AuditAlerts } from "../../constructs/databricks/workspace/audit/audit-alerts";
import {
  parseDetection,
  renderDetection,
  splitMarkers,
  sqlStringLiteral,
} from "../../constructs/databricks/workspace/audit/detection-file";
import { group } from "../../constructs/databricks/workspace/principal";
import { SecurityProfile } from "../../constructs/databricks/workspace/security-profile";
import { ServerlessSqlWarehouse } from "../../constructs/databricks/workspace/serverless-sql-warehouse";
import { SYSTEM_SCHEMAS, SystemTables } from "../../constructs/databricks/workspace/system-tables";
import { systemTablesOwnedBy } from "../../stacks/blueprint";
import { auditedWorkspaceId } from "../../stacks/workspace-config-stack";
import { exampleEnvironments, examples, resourcesOf, standalone, synthBlueprint, synthWorkspaceScope, variant } from "../helpers";

const FIXTURES = join(__dirname, "..", "fixtures", "detections");
const PARAMETERS = { lookback_minutes: "1440", deployer_principals: "0e6d1f43-7f4b-4f0c-9a55-2a3a0c7e2d11" };
const alertsProps = {
  environment: "dev",
  directory: FIXTURES,
  warehouseId: "wh-1",
  emails: ["oncall@example.com"],
  schedule: { cron: "0 0 * * * ?", timezone: "UTC" },
  runAsServicePrincipal: "sp-app-id",
  parameters: PARAMETERS,
};

describe("ServerlessSqlWarehouse", () => {
  it("is a serverless PRO warehouse with the sizes, auto-stop and cost tags given, and grants by level", () => {
    const out = synthWorkspaceScope((scope, provider) => {
      const warehouse = new ServerlessSqlWarehouse(scope, "sql", {
        provider,
        name: "dev-sql",
        clusterSize: "Small",
        minClusters: 1,
        maxClusters: 3,
        autoStopMinutes: 10,
        tags: { Owner: "o", Environment: "dev" },
      });
      warehouse.grantUse(group("analysts"));
      warehouse.grantManage(group("admins"));
    });
    expect(resourcesOf(out, "databricks_sql_endpoint")[0]).toMatchObject({
      name: "dev-sql",
      enable_serverless_compute: true,
      warehouse_type: "PRO",
      cluster_size: "Small",
      min_num_clusters: 1,
      max_num_clusters: 3,
      auto_stop_mins: 10,
      tags: {
        custom_tags: [
          { key: "Owner", value: "o" },
          { key: "Environment", value: "dev" },
        ],
      },
    });
    const [permissions] = resourcesOf(out, "databricks_permissions");
    expect(permissions.sql_endpoint_id).toMatch(/databricks_sql_endpoint\..*\.id/);
    expect(permissions.access_control).toEqual([
      { group_name: "analysts", permission_level: "CAN_USE" },
      { group_name: "admins", permission_level: "CAN_MANAGE" },
    ]);
  });
});

describe("SecurityProfile", () => {
  const profile = (overrides: Partial<ConstructorParameters<typeof SecurityProfile>[2]>) =>
    synthWorkspaceScope(
      (scope, provider) =>
        new SecurityProfile(scope, "profile", {
          provider,
          complianceSecurityProfile: false,
          complianceStandards: [],
          enhancedSecurityMonitoring: false,
          restrictWorkspaceAdmins: false,
          ...overrides,
        }),
    );

  it("creates nothing when every switch is off: the workspace keeps Databricks' defaults", () => {
    expect(JSON.parse(profile({})).resource).toBeUndefined();
  });

  it("turns on each part config asks for, with its standards and maintenance window", () => {
    const out = profile({
      complianceSecurityProfile: true,
      complianceStandards: ["HIPAA"],
      enhancedSecurityMonitoring: true,
      restrictWorkspaceAdmins: true,
      automaticClusterUpdate: { dayOfWeek: "SUNDAY", frequency: "EVERY_WEEK", startHour: 2, startMinute: 30 },
    });
    expect(resourcesOf(out, "databricks_compliance_security_profile_workspace_setting")[0].compliance_security_profile_workspace).toEqual({
      is_enabled: true,
      compliance_standards: ["HIPAA"],
    });
    expect(resourcesOf(out, "databricks_enhanced_security_monitoring_workspace_setting")[0].enhanced_security_monitoring_workspace).toEqual(
      { is_enabled: true },
    );
    expect(resourcesOf(out, "databricks_automatic_cluster_update_workspace_setting")[0].automatic_cluster_update_workspace).toEqual({
      enabled: true,
      maintenance_window: {
        week_day_based_schedule: { day_of_week: "SUNDAY", frequency: "EVERY_WEEK", window_start_time: { hours: 2, minutes: 30 } },
      },
    });
    expect(resourcesOf(out, "databricks_restrict_workspace_admins_setting")[0].restrict_workspace_admins).toEqual({
      status: "RESTRICT_TOKENS_AND_JOB_RUN_AS",
    });
  });

  it("names NONE when the profile is on for no particular standard (the API needs the list)", () => {
    const out = profile({ complianceSecurityProfile: true, enhancedSecurityMonitoring: true });
    expect(
      resourcesOf(out, "databricks_compliance_security_profile_workspace_setting")[0].compliance_security_profile_workspace
        .compliance_standards,
    ).toEqual(["NONE"]);
  });
});

describe("SystemTables", () => {
  it("enables each system schema and grants read on it to the readers only, after it is enabled", () => {
    const out = synthWorkspaceScope(
      (scope, provider) =>
        new SystemTables(scope, "system", { provider, readers: ["prod-auditors", "prod-platform-admins", "prod-auditors"] }),
    );
    expect(resourcesOf(out, "databricks_system_schema").map((s) => s.schema)).toEqual([...SYSTEM_SCHEMAS]);
    const grants = resourcesOf(out, "databricks_grants");
    expect(grants.find((g) => g.catalog === "system")?.grant).toEqual([
      { principal: "prod-auditors", privileges: ["USE_CATALOG"] },
      { principal: "prod-platform-admins", privileges: ["USE_CATALOG"] },
    ]);
    for (const schema of SYSTEM_SCHEMAS) {
      const onSchema = grants.find((g) => g.schema === `system.${schema}`);
      expect(onSchema?.grant.map((g: { principal: string }) => g.principal)).toEqual(["prod-auditors", "prod-platform-admins"]);
      expect(onSchema?.grant[0].privileges).toEqual(["SELECT", "USE_SCHEMA"]);
      expect(onSchema?.depends_on[0]).toMatch(new RegExp(`^databricks_system_schema\\.system_${schema}_`));
    }
    // without classification readers, no classification results
    expect(grants.some((g) => g.schema === "system.data_classification")).toBe(false);
  });

  it("with classification readers, enables data_classification and grants it to them alone", () => {
    const out = synthWorkspaceScope(
      (scope, provider) =>
        new SystemTables(scope, "system", {
          provider,
          readers: ["dev-auditors", "prod-auditors"],
          classificationReaders: ["prod-pii-readers", "sp-app-id"],
        }),
    );
    expect(
      resourcesOf(out, "databricks_system_schema")
        .map((s) => s.schema)
        .sort(),
    ).toEqual([...SYSTEM_SCHEMAS, "data_classification"].sort());
    const grants = resourcesOf(out, "databricks_grants");
    expect(grants.find((g) => g.schema === "system.data_classification")?.grant).toEqual([
      { principal: "prod-pii-readers", privileges: ["SELECT", "USE_SCHEMA"] },
      { principal: "sp-app-id", privileges: ["SELECT", "USE_SCHEMA"] },
    ]);
    // USE_CATALOG alone reads nothing; the other schemas keep their readers only
    expect(grants.find((g) => g.catalog === "system")?.grant.map((g: { principal: string }) => g.principal)).toEqual([
      "dev-auditors",
      "prod-auditors",
      "prod-pii-readers",
      "sp-app-id",
    ]);
    expect(grants.find((g) => g.schema === "system.access")?.grant.map((g: { principal: string }) => g.principal)).toEqual([
      "dev-auditors",
      "prod-auditors",
    ]);
  });
});

describe("systemTablesOwnedBy: one environment per metastore", () => {
  const byName = exampleEnvironments();
  const all = Object.values(byName);

  it("gives the prod environment of each shared metastore the schemas, with read for every sharing environment's admins and auditors", () => {
    expect(systemTablesOwnedBy(byName.prod, all)?.readers.sort()).toEqual([
      "dev-auditors",
      "dev-platform-admins",
      "prod-auditors",
      "prod-platform-admins",
      "sandbox-auditors",
      "sandbox-platform-admins",
    ]);
    expect(systemTablesOwnedBy(byName.azprod, all)?.readers.sort()).toEqual([
      "azdev-auditors",
      "azdev-platform-admins",
      "azprod-auditors",
      "azprod-platform-admins",
    ]);
    expect(systemTablesOwnedBy(byName.dev, all)).toBeUndefined();
    expect(systemTablesOwnedBy(byName.azdev, all)).toBeUndefined();
  });

  it("gives them to the first environment when none on the metastore is prod, and to none for a bring-your-own workspace", () => {
    const devOnly = loadEnvironments([
      standalone(examples.dev),
      variant(standalone(examples.dev), (e) => ((e.name = "qa"), (e.stage = "test"), (e.aws.network.vpcCidr = "10.60.0.0/16"))),
    ]);
    expect(systemTablesOwnedBy(devOnly[0], devOnly)?.readers).toEqual([
      "dev-platform-admins",
      "dev-auditors",
      "qa-platform-admins",
      "qa-auditors",
    ]);
    expect(systemTablesOwnedBy(devOnly[1], devOnly)).toBeUndefined();
    const byo = loadEnvironments([
      variant(
        standalone(examples.dev),
        (e) => (
          (e.databricks.existingWorkspaceHost = "https://dbc-1234abcd-5678.cloud.databricks.com"),
          (e.databricks.existingWorkspaceId = "1234567890123456")
        ),
      ),
    ]);
    expect(systemTablesOwnedBy(byo[0], byo)).toBeUndefined();
  });

  it("puts the system schemas into the owner's config stack only", () => {
    const stacks = synthBlueprint(Object.values(exampleEnvironments()));
    expect(resourcesOf(stacks["prod-workspace-config"], "databricks_system_schema")).toHaveLength(SYSTEM_SCHEMAS.length);
    expect(resourcesOf(stacks["azprod-workspace-config"], "databricks_system_schema")).toHaveLength(SYSTEM_SCHEMAS.length);
    expect(resourcesOf(stacks["dev-workspace-config"], "databricks_system_schema")).toHaveLength(0);
    expect(resourcesOf(stacks["azdev-workspace-config"], "databricks_system_schema")).toHaveLength(0);
  });
});

describe("audit alerts watch their own workspace, and the account-level events once per metastore", () => {
  const stacks = synthBlueprint(Object.values(exampleEnvironments()));
  const BYO_HOST = "https://dbc-1234abcd-5678.cloud.databricks.com";
  /** The literal each scoped detection compares workspace_id with, by alert name ("" for an unscoped one). */
  const watched = (synthesized: string) =>
    Object.fromEntries(
      resourcesOf(synthesized, "databricks_alert_v2").map((alert) => {
        const found = /array_contains\(transform\(split\('([^']*)', ','\), w -> trim\(w\)\), workspace_id\)/.exec(
          alert.query_text as string,
        );
        return [alert.display_name as string, found ? found[1] : ""];
      }),
    );

  it.each([
    ["dev", "aws", false],
    ["prod", "aws", true],
    ["azdev", "azure", false],
    ["azprod", "azure", true],
  ])(
    "%s (%s): every workspace-scoped alert watches the workspace stack's workspace_id output; account level (0) too: %s",
    (name, cloud, owner) => {
      const lists = Object.values(watched(stacks[`${name}-workspace-config`]));
      // Eight of the ten detections read workspace events; the two about production catalogs look across workspaces.
      expect(lists.filter((list) => list !== "")).toHaveLength(8);
      const [list] = new Set(lists.filter((list) => list !== ""));
      expect(new Set(lists.filter((list) => list !== "")).size).toBe(1);
      const reference = new RegExp(
        `^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${name}-${cloud}-workspace\\.outputs\\.([^}]+)\\}${owner ? ",0" : ""}$`,
      );
      expect(list).toMatch(reference);
      // ...and that output is the workspace resource's numeric id.
      const output = reference.exec(list as string)![1];
      const workspaceResource = cloud === "aws" ? "databricks_mws_workspaces" : "azurerm_databricks_workspace";
      expect(JSON.parse(stacks[`${name}-${cloud}-workspace`]).output[output].value).toMatch(
        new RegExp(`^\\$\\{${workspaceResource}\\.[^.]+\\.workspace_id\\}$`),
      );
    },
  );

  it("lists the account-level id 0 in exactly the environment that owns each metastore's system tables", () => {
    const all = Object.values(exampleEnvironments());
    for (const env of all) {
      const lists = Object.values(watched(stacks[`${env.name}-workspace-config`])).filter((list) => list !== "");
      const zero = lists.every((list) => list.split(",").includes("0"));
      expect(zero).toBe(systemTablesOwnedBy(env, all) !== undefined);
      if (!zero) expect(lists.some((list) => list.split(",").includes("0"))).toBe(false);
    }
    // Two metastores (AWS eu-west-1 and the Azure region), so the account-level events are watched twice, once on each.
    expect(
      all
        .filter((env) => Object.values(watched(stacks[`${env.name}-workspace-config`])).some((list) => list.endsWith(",0")))
        .map((env) => env.name)
        .sort(),
    ).toEqual(["azprod", "prod"]);
  });

  it("watches a bring-your-own workspace by its configured id, without account-level events", () => {
    const [byo] = loadEnvironments([
      variant(
        standalone(examples.dev),
        (e) => ((e.databricks.existingWorkspaceHost = BYO_HOST), (e.databricks.existingWorkspaceId = "1234567890123456")),
      ),
    ]);
    const out = synthBlueprint([byo]);
    const lists = Object.values(watched(out["dev-workspace-config"])).filter((list) => list !== "");
    expect(lists).toHaveLength(8);
    expect(new Set(lists)).toEqual(new Set(["1234567890123456"]));
  });

  it("refuses a bring-your-own workspace without its id, an id that is not one, and an id without the host", () => {
    const problems = (edit: (e: any) => void) => {
      try {
        loadEnvironments([variant(standalone(examples.dev), edit)]);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error("no config error");
    };
    expect(problems((e) => (e.databricks.existingWorkspaceHost = BYO_HOST))).toMatch(
      /databricks\.existingWorkspaceId = [^:]*: is missing for the existing workspace https:\/\/dbc-1234abcd-5678\.cloud\.databricks\.com.*Fix: set existingWorkspaceId/s,
    );
    expect(problems((e) => ((e.databricks.existingWorkspaceHost = BYO_HOST), (e.databricks.existingWorkspaceId = "dbc-1234abcd")))).toMatch(
      /databricks\.existingWorkspaceId = "dbc-1234abcd".*is not a workspace id\. Fix:/s,
    );
    expect(problems((e) => (e.databricks.existingWorkspaceId = "1234567890123456"))).toMatch(
      /databricks\.existingWorkspaceId = "1234567890123456".*existingWorkspaceHost is not.*Fix: remove existingWorkspaceId/s,
    );
  });

  it("stops synth, naming the field, for an environment made without config validation", () => {
    const [env] = loadEnvironments([standalone(examples.dev)]);
    const unchecked = { ...env, databricks: { ...env.databricks, existingWorkspaceHost: BYO_HOST } };
    expect(() => auditedWorkspaceId(unchecked, { host: BYO_HOST })).toThrow(
      /"dev": databricks\.existingWorkspaceId is missing.*Fix: set it/,
    );
    expect(
      auditedWorkspaceId({ ...unchecked, databricks: { ...unchecked.databricks, existingWorkspaceId: "42" } }, { host: BYO_HOST }),
    ).toBe("42");
  });
});

describe("detection files", () => {
  const text = (body: string, parameters = "") =>
    [
      "-- title: T",
      "-- catches: c",
      "-- why: w",
      "-- severity: low",
      ...(parameters ? [`-- parameters: ${parameters}`] : []),
      "-- reference: r",
      body,
    ].join("\n");

  it("finds markers outside string literals, quoted identifiers and comments only", () => {
    const markers = splitMarkers("SELECT ':no', `a:b`, \"x:y\" /* :c */ FROM t -- :d\nWHERE a = :one AND b = :two_2").flatMap((p) =>
      p.kind === "marker" ? [p.name] : [],
    );
    expect(markers).toEqual(["one", "two_2"]);
  });

  it("inlines every value as a string literal that cannot end early", () => {
    expect(sqlStringLiteral("o'brien\\x")).toBe("'o\\'brien\\\\x'");
    const detection = parseDetection("f.sql", text("SELECT 1 AS event_id WHERE :who = 'x'", "who"));
    expect(renderDetection(detection, { who: "a' OR '1'='1" })).toBe("SELECT 1 AS event_id WHERE 'a\\' OR \\'1\\'=\\'1' = 'x'");
  });

  it("refuses a marker without a value, naming the file and the parameter", () => {
    const detection = parseDetection("notebooks/detections/x.sql", text("SELECT :missing AS event_id", "missing"));
    expect(() => renderDetection(detection, PARAMETERS)).toThrow(
      /notebooks\/detections\/x\.sql: parameter :missing has no value for this environment\. Fix: use one the audit alerts supply \(deployer_principals, lookback_minutes\)/,
    );
  });

  it("refuses a header that does not declare exactly the markers used, a missing field, a bad severity and a trailing semicolon", () => {
    expect(() => parseDetection("a.sql", text("SELECT :x AS event_id"))).toThrow(
      /a\.sql: the query uses the parameters \[x\] but the header declares \[\]/,
    );
    expect(() => parseDetection("b.sql", text("SELECT 1 AS event_id", "x"))).toThrow(
      /uses the parameters \[\] but the header declares \[x\]/,
    );
    expect(() => parseDetection("c.sql", text("SELECT 1").replace("-- why: w\n", ""))).toThrow(
      /c\.sql: the header has no "-- why: \.\.\." line/,
    );
    expect(() => parseDetection("d.sql", text("SELECT 1").replace("severity: low", "severity: critical"))).toThrow(
      /severity "critical" is not one of high, medium, low/,
    );
    expect(() => parseDetection("e.sql", text("SELECT 1;"))).toThrow(/ends with a semicolon/);
  });
});

describe("AuditAlerts", () => {
  const out = synthWorkspaceScope((scope, provider) => {
    const alerts = new AuditAlerts(scope, "audit", { provider, ...alertsProps });
    alerts.grantRead(group("auditors"));
  });
  const alerts = resourcesOf(out, "databricks_alert_v2");

  it("makes one alert per detection file, on the warehouse and schedule given, run as the pipeline's principal", () => {
    expect(alerts.map((a) => a.display_name).sort()).toEqual(["[dev] Results downloaded", "[dev] Token created outside the pipeline"]);
    for (const alert of alerts) {
      expect(alert).toMatchObject({
        warehouse_id: "wh-1",
        run_as: { service_principal_name: "sp-app-id" },
        schedule: { quartz_cron_schedule: "0 0 * * * ?", timezone_id: "UTC", pause_status: "UNPAUSED" },
      });
      expect(alert.parent_path).toMatch(/databricks_directory\..*\.path/);
    }
  });

  it("fires when the query returns any row and mails the on-call destination", () => {
    const [destination] = resourcesOf(out, "databricks_notification_destination");
    expect(destination.config).toEqual({ email: { addresses: ["oncall@example.com"] } });
    for (const alert of alerts) {
      expect(alert.evaluation).toMatchObject({
        source: { name: "event_id", aggregation: "COUNT" },
        comparison_operator: "GREATER_THAN",
        threshold: { value: { double_value: 0 } },
        empty_result_state: "OK",
      });
      expect(alert.evaluation.notification.subscriptions[0].destination_id).toMatch(/databricks_notification_destination\..*\.id/);
    }
  });

  it("inlines the environment's values and leaves literals, comments and Terraform-looking text as they were", () => {
    const token = alerts.find((a) => a.display_name.includes("Token"))!.query_text as string;
    expect(token).toContain("-CAST('1440' AS INT)");
    expect(token).toContain("split('0e6d1f43-7f4b-4f0c-9a55-2a3a0c7e2d11', ',')");
    expect(token).toContain("-- :not_a_marker in a comment");
    expect(token).toContain('"literal with :colon"');
    expect(token).not.toMatch(/^-- title/m);
    const download = alerts.find((a) => a.display_name.includes("Results"))!;
    // "${" would be Terraform interpolation: escaped, so the query keeps it as written.
    expect(download.query_text).toContain("'$${not_terraform}'");
  });

  it("says what each alert catches and why, and lets auditors read the alerts' folder", () => {
    expect(alerts.find((a) => a.display_name.includes("Token"))!.custom_description).toContain(
      "Why: a long-lived token is a credential that leaves the platform",
    );
    expect(resourcesOf(out, "databricks_permissions")[0].access_control).toEqual([
      { group_name: "auditors", permission_level: "CAN_READ" },
    ]);
  });

  it("stops synth when a detection uses a parameter the environment does not supply", () => {
    const dir = mkdtempSync(join(tmpdir(), "detections-"));
    writeFileSync(
      join(dir, "odd.sql"),
      [
        "-- title: T",
        "-- catches: c",
        "-- why: w",
        "-- severity: low",
        "-- parameters: unknown_thing",
        "-- reference: r",
        "SELECT :unknown_thing AS event_id",
      ].join("\n"),
    );
    expect(() =>
      synthWorkspaceScope((scope, provider) => new AuditAlerts(scope, "audit", { provider, ...alertsProps, directory: dir })),
    ).toThrow(/odd\.sql: parameter :unknown_thing has no value/);
  });

  it("leaves out the detections an environment does not deploy, and refuses an id that is no detection", () => {
    const fewer = synthWorkspaceScope((scope, provider) => {
      new AuditAlerts(scope, "audit", { provider, ...alertsProps, leaveOut: ["token_created"] });
    });
    expect(resourcesOf(fewer, "databricks_alert_v2").map((a) => a.display_name)).toEqual(["[dev] Results downloaded"]);
    expect(() =>
      synthWorkspaceScope((scope, provider) => new AuditAlerts(scope, "audit", { provider, ...alertsProps, leaveOut: ["tokn_created"] })),
    ).toThrow(/leaveOut names tokn_created, which is no detection of/);
  });
});

describe("CostControls", () => {
  const out = synthWorkspaceScope(
    (scope, provider) =>
      new CostControls(scope, "cost", {
        provider,
        environment: "prod",
        tags: { Owner: "data-platform", Environment: "prod", CostCenter: "cc-1", ManagedBy: "cdktf" },
        workspaceId: 42,
        monthlyBudgetUsd: 1234.5,
        alertAtPercent: [50, 100],
        ownerEmails: ["owner@example.com"],
      }),
  );

  it("budgets the usage carrying the environment's required cost tags, mailing the owner at each threshold", () => {
    const [budget] = resourcesOf(out, "databricks_budget");
    expect(budget.filter.tags).toEqual([
      { key: "Owner", value: { operator: "IN", values: ["data-platform"] } },
      { key: "Environment", value: { operator: "IN", values: ["prod"] } },
      { key: "CostCenter", value: { operator: "IN", values: ["cc-1"] } },
    ]);
    expect(budget.alert_configurations.map((a: { quantity_threshold: string }) => a.quantity_threshold)).toEqual(["617.25", "1234.50"]);
    expect(budget.alert_configurations[0]).toMatchObject({
      time_period: "MONTH",
      trigger_type: "CUMULATIVE_SPENDING_EXCEEDED",
      quantity_type: "LIST_PRICE_DOLLARS_USD",
      action_configurations: [{ action_type: "EMAIL_NOTIFICATION", target: "owner@example.com" }],
    });
  });

  it("binds a serverless budget policy carrying all the cost tags to the workspace", () => {
    expect(resourcesOf(out, "databricks_budget_policy")[0]).toMatchObject({
      policy_name: "prod-serverless",
      binding_workspace_ids: [42],
      custom_tags: [
        { key: "Owner", value: "data-platform" },
        { key: "Environment", value: "prod" },
        { key: "CostCenter", value: "cc-1" },
        { key: "ManagedBy", value: "cdktf" },
      ],
    });
  });

  it("refuses to filter on a tag the environment does not carry", () => {
    expect(() =>
      synthWorkspaceScope(
        (scope, provider) =>
          new CostControls(scope, "cost", {
            provider,
            environment: "x",
            tags: { Owner: "o" },
            workspaceId: 1,
            monthlyBudgetUsd: 1,
            alertAtPercent: [100],
            ownerEmails: ["o@example.com"],
          }),
      ),
    ).toThrow(/filters on tag\(s\) Environment, CostCenter, which the environment's cost tags lack/);
  });
});
