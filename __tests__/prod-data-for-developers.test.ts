import { App, TerraformStack } from "cdktn";
import { loadEnvironments } from "../config/load";
import type { Environment } from "../config/schema";
import { POLICIES } from "../constructs/databricks/workspace/unity-catalog/abac-policies";
import { readerWorkspaceId } from "../stacks/reader-workspace";
import { exampleEnvironments, examples, resourcesOf, synthBlueprint, synthBlueprintSelected, variant } from "./helpers";

// Dev reads prod, masked and read-only (docs/production-data-in-dev.md), as the synthesized stacks say.

const READ_ONLY = new Set(["USE_CATALOG", "USE_SCHEMA", "SELECT"]);

type Stack = Record<string, any>;

/** Every principal name a dev (or test) environment owns: its groups, its pii-readers and CI/CD principal names. */
function devPrincipals(envs: readonly Environment[]): Set<string> {
  return new Set(
    envs
      .filter((env) => env.stage !== "prod")
      .flatMap((env) => [...Object.values(env.groups), env.piiReadersGroup, env.cicdServicePrincipal]),
  );
}

/**
 * Walks every databricks_grants and databricks_grant of a stack whose securable is `catalog` or lies
 * in it (schemas and volumes resolved through the resources they reference), or is an external
 * location or storage credential (READ_FILES there reads the raw files around every mask), and
 * reports each grant held by a dev principal that is more than USE_CATALOG / USE_SCHEMA / SELECT, or
 * that is on anything but the catalog and its silver and gold schemas.
 */
function devWritesOnCatalog(stack: Stack, catalog: string, devs: Set<string>): string[] {
  const resources = stack.resource ?? {};
  const catalogNames = new Map(
    Object.entries<any>(resources.databricks_catalog ?? {}).map(([id, c]) => [`\${databricks_catalog.${id}.name}`, c.name]),
  );
  const schemaOf = new Map(
    Object.entries<any>(resources.databricks_schema ?? {}).map(([id, s]) => [
      `\${databricks_schema.${id}.id}`,
      { catalog: catalogNames.get(s.catalog_name) ?? s.catalog_name, name: s.name },
    ]),
  );
  const volumeOf = new Map(
    Object.entries<any>(resources.databricks_volume ?? {}).map(([id, v]) => [
      `\${databricks_volume.${id}.id}`,
      { catalog: catalogNames.get(v.catalog_name) ?? v.catalog_name, name: v.name },
    ]),
  );
  const problems: string[] = [];
  const all = [
    ...Object.entries<any>(resources.databricks_grants ?? {}).map(([id, g]) => [`databricks_grants.${id}`, g, g.grant] as const),
    ...Object.entries<any>(resources.databricks_grant ?? {}).map(
      ([id, g]) => [`databricks_grant.${id}`, g, [{ principal: g.principal, privileges: g.privileges }]] as const,
    ),
  ];
  for (const [id, grants, entries] of all) {
    let where: string | undefined;
    let readable = false;
    if (grants.catalog !== undefined) {
      where = (catalogNames.get(grants.catalog) ?? grants.catalog) === catalog ? catalog : undefined;
      readable = true;
    } else if (grants.schema !== undefined) {
      const schema = schemaOf.get(grants.schema) ?? {
        catalog: String(grants.schema).split(".")[0],
        name: String(grants.schema).split(".")[1],
      };
      where = schema.catalog === catalog ? `${catalog}.${schema.name}` : undefined;
      readable = schema.name === "silver" || schema.name === "gold";
    } else if (grants.volume !== undefined) {
      const volume = volumeOf.get(grants.volume);
      where = volume?.catalog === catalog ? `volume ${volume.name}` : undefined;
    } else if (grants.external_location !== undefined) where = `external location ${grants.external_location}`;
    else if (grants.storage_credential !== undefined) where = `storage credential ${grants.storage_credential}`;
    else continue;
    if (where === undefined) continue;
    for (const { principal, privileges } of entries as { principal: string; privileges: string[] }[]) {
      if (!devs.has(principal)) continue;
      const writes = privileges.filter((p) => !READ_ONLY.has(p));
      if (writes.length > 0) problems.push(`${id}: ${principal} holds ${writes.join(", ")} on ${where}`);
      if (!readable) problems.push(`${id}: ${principal} holds ${privileges.join(", ")} on ${where}, which developers may not read`);
    }
  }
  return problems;
}

describe("prod data for developers in the example estate", () => {
  const envs = Object.values(exampleEnvironments());
  const stacks = synthBlueprint(envs);
  const parsed = (name: string): Stack => JSON.parse(stacks[name]);
  const devs = devPrincipals(envs);

  it.each([
    ["prod", "dev", "prod_lakehouse"],
    ["azprod", "azdev", "azprod_lakehouse"],
  ])("%s: no dev principal holds a write privilege on its catalog, and %s's developers read silver and gold", (prod, dev, catalog) => {
    const stack = parsed(`${prod}-workspace-config`);
    expect(devWritesOnCatalog(stack, catalog, devs)).toEqual([]);
    const held = (principal: string) =>
      Object.values<any>(stack.resource.databricks_grants).flatMap((g) =>
        (g.grant as { principal: string; privileges: string[] }[]).filter((e) => e.principal === principal).map((e) => e.privileges),
      );
    for (const group of [`${dev}-data-engineers`, `${dev}-data-scientists`]) {
      expect(held(group).sort()).toEqual([["SELECT", "USE_SCHEMA"], ["SELECT", "USE_SCHEMA"], ["USE_CATALOG"]]);
    }
    expect(held(`${dev}-analysts`)).toEqual([]);
  });

  it("the walk fails on a dev group given MODIFY, or a grant on bronze or the landing volume", () => {
    const stack = parsed("prod-workspace-config");
    const grants = Object.values<any>(stack.resource.databricks_grants);
    const silver = grants.find((g) => g.grant.some((e: any) => e.principal === "dev-data-engineers") && g.schema !== undefined);
    silver.grant.find((e: any) => e.principal === "dev-data-engineers").privileges.push("MODIFY");
    const volume = grants.find((g) => g.volume !== undefined);
    volume.grant.push({ principal: "dev-data-scientists", privileges: ["READ_VOLUME"] });
    const problems = devWritesOnCatalog(stack, "prod_lakehouse", devs);
    expect(problems).toEqual([
      expect.stringMatching(/dev-data-engineers holds MODIFY on prod_lakehouse\.(silver|gold)$/),
      expect.stringMatching(/dev-data-scientists holds READ_VOLUME on volume landing$/),
      expect.stringMatching(/dev-data-scientists holds READ_VOLUME on volume landing, which developers may not read$/),
    ]);
  });

  it("the walk also reads single databricks_grant resources and external location grants", () => {
    const stack = parsed("prod-workspace-config");
    const location = Object.values<any>(stack.resource.databricks_grants).find((g) => g.external_location !== undefined);
    expect(location).toBeDefined();
    location.grant.push({ principal: "dev-data-engineers", privileges: ["READ_FILES"] });
    stack.resource.databricks_grant = {
      extra: { schema: "prod_lakehouse.gold", principal: "dev-data-scientists", privileges: ["MODIFY"] },
    };
    expect(devWritesOnCatalog(stack, "prod_lakehouse", devs)).toEqual([
      expect.stringMatching(/dev-data-engineers holds READ_FILES on external location .*$/),
      expect.stringMatching(/dev-data-engineers holds READ_FILES on external location .*, which developers may not read$/),
      "databricks_grant.extra: dev-data-scientists holds MODIFY on prod_lakehouse.gold",
    ]);
  });

  it.each([
    ["prod", "dev"],
    ["azprod", "azdev"],
  ])("%s binds its catalog read-only to %s's workspace, after the policies", (prod, dev) => {
    const stack = parsed(`${prod}-workspace-config`);
    const readOnly = resourcesOf(stacks[`${prod}-workspace-config`], "databricks_workspace_binding").filter(
      (b) => b.binding_type === "BINDING_TYPE_READ_ONLY",
    );
    expect(readOnly).toEqual([
      expect.objectContaining({
        securable_type: "catalog",
        workspace_id: `\${data.terraform_remote_state.workspace-of-${dev}.outputs.workspace_id}`,
        depends_on: Object.keys(stack.resource.databricks_policy_info).map((id) => `databricks_policy_info.${id}`),
      }),
    ]);
    // the catalog stays ISOLATED: bound read-write to prod's own workspace only
    expect(resourcesOf(stacks[`${prod}-workspace-config`], "databricks_catalog")[0].isolation_mode).toBe("ISOLATED");
    // the dev workspace's id comes from the state its workspace stack writes
    const workspaceStack = Object.keys(stacks).find((name) => name.startsWith(`${dev}-`) && name.endsWith("-workspace")) as string;
    const [[backend, settings]] = Object.entries<any>(parsed(workspaceStack).terraform.backend);
    const remote = stack.data.terraform_remote_state[`workspace-of-${dev}`];
    expect(remote.backend).toBe(backend);
    const { use_lockfile: _, kms_key_id: __, ...located } = settings;
    expect(remote.config).toEqual(located);
  });

  it.each(["prod", "azprod"])("%s masks pii columns and filters confidential rows, except for pii-readers and its pipelines", (prod) => {
    const policies = resourcesOf(stacks[`${prod}-workspace-config`], "databricks_policy_info");
    expect(policies.map((p) => p.policy_type).sort()).toEqual([
      "POLICY_TYPE_COLUMN_MASK",
      "POLICY_TYPE_COLUMN_MASK",
      "POLICY_TYPE_ROW_FILTER",
    ]);
    for (const policy of policies) {
      const spec = POLICIES.find((p) => p.name === policy.name);
      expect(policy).toEqual(
        expect.objectContaining({
          on_securable_type: "CATALOG",
          on_securable_fullname: `${prod}_lakehouse`,
          for_securable_type: "TABLE",
          to_principals: ["account users"],
          except_principals: [
            `${prod}-pii-readers`,
            expect.stringMatching(/^\$\{data\.databricks_service_principal\..*\.application_id\}$/),
          ],
          match_columns: [{ alias: "tagged", condition: `has_tag_value('sensitivity', '${spec?.sensitivity}')` }],
        }),
      );
      const fn = `${prod}_lakehouse.governance.${spec?.functionName}`;
      if (policy.policy_type === "POLICY_TYPE_ROW_FILTER")
        expect(policy.row_filter).toEqual({ function_name: fn, using: [{ alias: "tagged" }] });
      else expect(policy.column_mask).toEqual({ function_name: fn, on_column: "tagged" });
      expect(policy.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^terraform_data\..*governance-functions/)]));
    }
  });

  it("creates the governance functions from the SQL files' hash, on the prod warehouse, as the applying principal", () => {
    const [apply] = resourcesOf(stacks["prod-workspace-config"], "terraform_data");
    expect(apply.triggers_replace).toEqual({
      sql: expect.stringMatching(/^[0-9a-f]{64}$/),
      catalog: "prod_lakehouse",
      warehouse: expect.stringMatching(/^\$\{databricks_sql_endpoint\./),
    });
    const [exec] = apply.provisioner.map((p: any) => p["local-exec"]);
    expect(exec.command).toBe("npx --no-install ts-node --swc scripts/governance/apply-functions.ts");
    expect(exec.working_dir).toBe("../../..");
    expect(Object.keys(exec.environment).sort()).toEqual(["DATABRICKS_HOST", "LAKEHOUSE_CATALOG", "LAKEHOUSE_WAREHOUSE_ID"]);
  });

  it("the unmasked-PII detection leaves out the schemas the job does not tag (bronze), in the paired prods only", () => {
    const queryOf = (env: string) =>
      resourcesOf(stacks[`${env}-workspace-config`], "databricks_alert_v2").find((alert) =>
        String(alert.display_name).includes("Personal data read unmasked"),
      )?.query_text as string;
    for (const prod of ["prod", "azprod"]) expect(queryOf(prod)).toContain("split('bronze', ',')");
    expect(queryOf("dev")).toContain("split('', ',')");
    expect(queryOf("prod")).not.toMatch(/<> 'bronze'/);
  });

  it("dev stacks hold none of it, and only the paired prod job tags columns", () => {
    for (const dev of ["dev", "azdev"]) {
      for (const type of ["databricks_tag_policy", "databricks_policy_info", "terraform_data"])
        expect(resourcesOf(stacks[`${dev}-workspace-config`], type)).toEqual([]);
    }
    const silverGold = (name: string) =>
      resourcesOf(stacks[`${name}-workspace-config`], "databricks_job").find((job) => job.name === `${name}-silver-gold`) as Record<
        string,
        any
      >;
    expect(silverGold("prod").task[0].notebook_task.base_parameters.classify).toBe("true");
    expect(silverGold("dev").task[0].notebook_task.base_parameters.classify).toBeUndefined();
  });

  it("one governed tag per Databricks account, and the pii-readers group in the prod workspace stacks only", () => {
    expect(resourcesOf(stacks["prod-workspace-config"], "databricks_tag_policy")).toEqual([
      expect.objectContaining({ tag_key: "sensitivity", values: ["pii_key", "pii", "confidential", "internal"].map((name) => ({ name })) }),
    ]);
    expect(resourcesOf(stacks["azprod-workspace-config"], "databricks_tag_policy")).toHaveLength(1);
    const piiReaders = (stack: string) =>
      resourcesOf(stacks[stack], "databricks_group").filter((g) => g.display_name.endsWith("-pii-readers"));
    expect(piiReaders("prod-aws-workspace").map((g) => g.display_name)).toEqual(["prod-pii-readers"]);
    expect(piiReaders("azprod-azure-workspace").map((g) => g.display_name)).toEqual(["azprod-pii-readers"]);
    expect(piiReaders("dev-aws-workspace")).toEqual([]);
  });

  it("synthesizes the prod config stack alone byte for byte as with the whole estate", () => {
    const prod = envs.find((env) => env.name === "prod") as Environment;
    expect(synthBlueprintSelected([prod], envs)["prod-workspace-config"]).toBe(stacks["prod-workspace-config"]);
  });
});

describe("two prod environments of one account, each read by a dev environment", () => {
  const inputs = [
    ...Object.values(examples),
    variant(examples.prod, (e) => {
      e.name = "prodb";
      e.aws.network.vpcCidr = "10.60.0.0/16";
      e.security.auditLogDelivery = false;
    }),
    variant(examples.dev, (e) => {
      e.name = "devb";
      e.aws.network.vpcCidr = "10.70.0.0/16";
      e.unityCatalog.readsProdCatalogOf = "prodb";
    }),
  ];
  const envs = loadEnvironments(inputs);
  const stacks = synthBlueprint(envs);

  it("creates the governed tag once, in the first of them; the second's policies use it by name", () => {
    expect(resourcesOf(stacks["prod-workspace-config"], "databricks_tag_policy")).toHaveLength(1);
    expect(resourcesOf(stacks["prodb-workspace-config"], "databricks_tag_policy")).toEqual([]);
    expect(resourcesOf(stacks["prodb-workspace-config"], "databricks_policy_info")).toHaveLength(3);
    expect(devWritesOnCatalog(JSON.parse(stacks["prodb-workspace-config"]), "prodb_lakehouse", devPrincipals(envs))).toEqual([]);
  });
});

describe("the dev workspace id a prod config stack reads", () => {
  it("is never read from local state (config refuses that pairing); the example dev's is read from its store", () => {
    const [dev] = loadEnvironments([examples.dev, examples.prod]);
    const stack = new TerraformStack(new App(), "reader");
    expect(() => readerWorkspaceId(stack, { ...dev, state: { backend: "local" } })).toThrow(
      "dev reads a prod catalog with local state, which config refuses",
    );
    // the example's own state is remote: read from its bucket
    expect(() => readerWorkspaceId(stack, dev)).not.toThrow();
  });
});

describe("data classification on prod's catalog (unityCatalog.dataClassification)", () => {
  const envs = loadEnvironments([
    ...Object.values(examples).filter((env) => env.name !== "prod"),
    variant(examples.prod, (e) => (e.unityCatalog.dataClassification = true)),
  ]);
  const stacks = synthBlueprint(envs);
  const examplesOnly = synthBlueprint(Object.values(exampleEnvironments()));
  const classifiedAlert = (stackSet: Record<string, string>, stack: string) =>
    resourcesOf(stackSet[stack], "databricks_alert_v2").find((alert) =>
      String(alert.display_name).includes("found by data classification"),
    );

  it("scans silver and gold of the prod catalog, after their schemas, and tags nothing", () => {
    const [config] = resourcesOf(stacks["prod-workspace-config"], "databricks_data_classification_catalog_config");
    expect(config.parent).toMatch(/^catalogs\/\$\{databricks_catalog\.[^}]+\.name\}$/);
    expect(config.included_schemas).toEqual({ names: ["silver", "gold"] });
    expect(config.excluded_schemas).toBeUndefined();
    expect(config.auto_tag_configs).toBeUndefined();
    expect(config.depends_on).toEqual([
      expect.stringMatching(/^databricks_schema\..*silver/),
      expect.stringMatching(/^databricks_schema\..*gold/),
    ]);
  });

  it("is off in the examples, and on only where it is set", () => {
    for (const stack of Object.keys(examplesOnly))
      expect(resourcesOf(examplesOnly[stack], "databricks_data_classification_catalog_config")).toEqual([]);
    for (const stack of ["azprod-workspace-config", "dev-workspace-config", "azdev-workspace-config"])
      expect(resourcesOf(stacks[stack], "databricks_data_classification_catalog_config")).toEqual([]);
  });

  it("enables system.data_classification and lets only prod's pii-readers and the alerts' principal read it", () => {
    const stack = JSON.parse(stacks["prod-workspace-config"]);
    expect(resourcesOf(stacks["prod-workspace-config"], "databricks_system_schema").map((s) => s.schema)).toContain("data_classification");
    const onResults = Object.values<any>(stack.resource.databricks_grants).filter((g) => g.schema === "system.data_classification");
    expect(onResults).toHaveLength(1);
    const cicd = expect.stringMatching(/^\$\{data\.databricks_service_principal\..*\.application_id\}$/);
    expect(onResults[0].grant).toEqual([
      { principal: cicd, privileges: ["SELECT", "USE_SCHEMA"] },
      { principal: "prod-pii-readers", privileges: ["SELECT", "USE_SCHEMA"] },
    ]);
    // the alerts' principal is the one they run as
    expect(classifiedAlert(stacks, "prod-workspace-config")?.run_as).toEqual({ service_principal_name: onResults[0].grant[0].principal });
    // no dev principal (dev's admins and auditors included, who read the other system schemas) reads it, in any stack
    const devs = devPrincipals(envs);
    const readers = Object.values(stacks)
      .flatMap((text) => Object.values<any>(JSON.parse(text).resource?.databricks_grants ?? {}))
      .filter((g) => g.schema === "system.data_classification" || g.catalog === "system")
      .flatMap((g) => (g.grant as { principal: string; privileges: string[] }[]).filter((e) => e.privileges.includes("SELECT")));
    expect(readers.filter((e) => devs.has(e.principal))).toEqual([]);
    const otherSchemas = Object.values<any>(stack.resource.databricks_grants).find((g) => g.schema === "system.access");
    expect(otherSchemas.grant.map((e: any) => e.principal)).toEqual(expect.arrayContaining(["dev-platform-admins", "dev-auditors"]));
  });

  it("deploys the classification alert in that prod only, with its catalog and the untagged schemas", () => {
    const query = classifiedAlert(stacks, "prod-workspace-config")?.query_text as string;
    expect(query).toContain("split('prod_lakehouse', ',')");
    expect(query).toContain("split('bronze', ',')");
    expect(query).not.toMatch(/samples/i);
    for (const stack of ["azprod-workspace-config", "dev-workspace-config"]) expect(classifiedAlert(stacks, stack)).toBeUndefined();
    expect(classifiedAlert(examplesOnly, "prod-workspace-config")).toBeUndefined();
  });
});
