import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktn";
import { loadEnvironments } from "../config/load";
import { readJobRequirements } from "../constructs/databricks/workspace/job-requirements";
import { checkSynthesized } from "../constructs/guardrails/guardrails";
import { addEnvironment } from "../stacks/blueprint";
import { JOB_REQUIREMENTS } from "../stacks/workspace-config-stack";
import { exampleEnvironments, examples, resourcesOf, standalone, synthBlueprint, typesOf, variant } from "./helpers";

// The serverless mode (issue 25): the sandbox example's stacks, the serverless jobs' environment and
// the guardrails over a serverless workspace.

const NOTEBOOKS = join(__dirname, "..", "notebooks");
const estate = () => Object.values(exampleEnvironments());
const resourceCount = (stack: string) =>
  Object.values((JSON.parse(stack) as { resource: Record<string, object> }).resource).reduce(
    (n, byName) => n + Object.keys(byName).length,
    0,
  );

describe("the sandbox's serverless workspace stack", () => {
  const stacks = synthBlueprint(estate());
  const sandbox = stacks["sandbox-aws-workspace"];

  it("creates the workspace with compute_mode SERVERLESS and no network, credentials or storage configuration", () => {
    const [workspace] = resourcesOf(sandbox, "databricks_mws_workspaces");
    expect(workspace.compute_mode).toBe("SERVERLESS");
    expect(workspace.managed_services_customer_managed_key_id).toMatch(/^\$\{databricks_mws_customer_managed_keys\./);
    for (const absent of ["credentials_id", "storage_configuration_id", "network_id", "storage_customer_managed_key_id"])
      expect(workspace[absent]).toBeUndefined();
    const types = typesOf(sandbox, "resource");
    for (const classic of [
      "aws_vpc",
      "aws_subnet",
      "aws_nat_gateway",
      "aws_security_group",
      "aws_flow_log",
      "databricks_mws_networks",
      "databricks_mws_credentials",
      "databricks_mws_storage_configurations",
    ])
      expect(types).not.toContain(classic);
    // Only the lakehouse's data and access-log buckets: no root bucket. Only Unity Catalog's role: no cross-account role.
    expect(resourcesOf(sandbox, "aws_s3_bucket").map((b) => b.bucket)).toEqual([
      "sandbox-lakehouse-access-logs-111111111111",
      "sandbox-lakehouse-data-111111111111",
    ]);
    expect(resourcesOf(sandbox, "aws_iam_role").map((r) => r.name)).toEqual(["sandbox-lakehouse-unity-catalog"]);
  });

  it("binds the workspace to an enforced account network policy that admits the lakehouse bucket and the package index", () => {
    const [policy] = resourcesOf(sandbox, "databricks_account_network_policy");
    expect(policy.egress.network_access).toMatchObject({
      restriction_mode: "RESTRICTED_ACCESS",
      policy_enforcement: { enforcement_mode: "ENFORCED" },
      allowed_internet_destinations: [{ destination: "pypi.org" }, { destination: "files.pythonhosted.org" }],
    });
    expect(resourcesOf(sandbox, "databricks_workspace_network_option")).toHaveLength(1);
  });

  it("gives engineers, scientists and analysts each a serverless budget policy with the cost tags and Persona, usable by their group only", () => {
    const policies = resourcesOf(sandbox, "databricks_budget_policy");
    expect(policies.map((p) => p.policy_name).sort()).toEqual([
      "sandbox-serverless",
      "sandbox-serverless-analysts",
      "sandbox-serverless-data-engineers",
      "sandbox-serverless-data-scientists",
    ]);
    for (const policy of policies.filter((p) => p.policy_name !== "sandbox-serverless")) {
      const tags = Object.fromEntries(policy.custom_tags.map((t: { key: string; value: string }) => [t.key, t.value]));
      expect(tags).toMatchObject({ Owner: "data-platform", Environment: "sandbox", CostCenter: "cc-4100" });
      expect(policy.policy_name.endsWith(tags.Persona)).toBe(true);
    }
    const rules = resourcesOf(sandbox, "databricks_access_control_rule_set");
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      expect(rule.name).toMatch(
        /^accounts\/00000000-0000-4000-8000-000000000000\/budgetPolicies\/\$\{databricks_budget_policy\.persona-budget-policies_\w+\.policy_id\}\/ruleSets\/default$/,
      );
      expect(rule.grant_rules).toEqual([
        {
          role: "roles/budgetPolicy.user",
          principals: [
            expect.stringMatching(
              /^\$\{databricks_group\.enrollment_identity_(dataEngineers|dataScientists|analysts)_\w+\.acl_principal_id\}$/,
            ),
          ],
        },
      ]);
    }
  });

  it("holds about half the resources of the classic dev workspace stack (the figures docs/compute-modes.md shows)", () => {
    const counts = {
      sandboxWorkspace: resourceCount(sandbox),
      devWorkspace: resourceCount(stacks["dev-aws-workspace"]),
      sandboxConfig: resourceCount(stacks["sandbox-workspace-config"]),
      devConfig: resourceCount(stacks["dev-workspace-config"]),
    };
    expect(counts).toEqual({ sandboxWorkspace: 54, devWorkspace: 104, sandboxConfig: 75, devConfig: 88 });
  });
});

describe("what the mode changes, apart from what the examples' settings change", () => {
  // dev with the sandbox's settings where they are not the mode's: no mounts, no JDBC source, serverless egress on.
  const devLikeSandbox = variant(examples.dev, (e) => {
    e.mounts = { enabled: false };
    delete e.jobs.jdbc;
    e.security.serverlessEgress = structuredClone(examples.sandbox.security.serverlessEgress);
  });
  // In the whole example estate, so that the metastore-wide resources stay where the examples put them.
  const stacks = synthBlueprint(
    loadEnvironments(Object.entries(examples).map(([name, input]) => (name === "dev" ? devLikeSandbox : input))),
  );
  const page = readFileSync(join(__dirname, "..", "docs", "compute-modes.md"), "utf8");
  /** The figure in docs/compute-modes.md's row that starts with `row`, in the column `column` (0-based). */
  const figure = (row: string, column: number) => {
    const line = page.split("\n").find((l) => l.startsWith(`| ${row} |`));
    return Number(/(\d+)/.exec(line?.split("|")[column + 1] ?? "")?.[1]);
  };

  it("is the gap between a classic and a serverless workspace of the same settings, as the page shows it", () => {
    const fromMode = {
      workspace: resourceCount(stacks["dev-aws-workspace"]) - resourceCount(stacks["sandbox-aws-workspace"]),
      config: resourceCount(stacks["dev-workspace-config"]) - resourceCount(stacks["sandbox-workspace-config"]),
    };
    expect(fromMode).toEqual({ workspace: 49, config: 10 });
    expect({ workspace: figure("from the mode", 1), config: figure("from the mode", 2) }).toEqual(fromMode);
    // The rest of the examples' gap (104 - 54 and 88 - 75) comes from their settings.
    expect({ workspace: figure("from the examples' settings", 1), config: figure("from the examples' settings", 2) }).toEqual({
      workspace: 104 - 54 - fromMode.workspace,
      config: 88 - 75 - fromMode.config,
    });
  });
});

describe("the sandbox's workspace-config stack", () => {
  const config = synthBlueprint(estate())["sandbox-workspace-config"];
  const pins = readJobRequirements(JOB_REQUIREMENTS);

  it("has no classic compute: no cluster, policy or pool", () => {
    const types = typesOf(config, "resource");
    for (const classic of ["databricks_cluster", "databricks_cluster_policy", "databricks_instance_pool"])
      expect(types).not.toContain(classic);
  });

  it("runs every job on serverless compute under the serverless budget policy, its notebook tasks installing the notebooks' pins themselves", () => {
    const jobs = resourcesOf(config, "databricks_job");
    expect(jobs.map((job) => job.name)).toEqual(["sandbox-ingestion", "sandbox-silver-gold", "sandbox-train-bad_review_risk"]);
    for (const job of jobs) {
      expect(job.job_cluster).toBeUndefined();
      // The Jobs API refuses a task environment on a notebook task: notebooks install with %pip.
      expect(job.environment).toBeUndefined();
      expect(job.performance_target).toBe("STANDARD");
      expect(job.budget_policy_id).toMatch(/budget_policy.*policy_id/);
      for (const task of job.task) {
        expect(task.environment_key).toBeUndefined();
        expect([task.job_cluster_key, task.new_cluster, task.existing_cluster_id]).toEqual([undefined, undefined, undefined]);
        // What the task's first cells install (-r notebooks/<pip_requirements>) is the pin list the tests ran with.
        expect(task.notebook_task.base_parameters.pip_requirements).toBe("requirements-jobs.txt");
        const installs = readJobRequirements(join(NOTEBOOKS, task.notebook_task.base_parameters.pip_requirements));
        expect(installs.dependencies).toEqual([...pins.dependencies]);
      }
    }
  });

  it("entitles nobody, admins included, to create clusters or pools", () => {
    const entitlements = resourcesOf(config, "databricks_entitlements");
    expect(entitlements).toHaveLength(5);
    for (const e of entitlements)
      expect([e.allow_cluster_create, e.allow_instance_pool_create, e.workspace_access]).toEqual([false, false, true]);
  });

  it("keeps the developers' Git folders and the analysts' SQL warehouse without a shared cluster", () => {
    const repos = resourcesOf(config, "databricks_repo").map((repo) => repo.path);
    expect(repos).toEqual(expect.arrayContaining(["/Repos/ana@example.com/lakehouse", "/Repos/ben@example.com/lakehouse"]));
    const warehouse = resourcesOf(config, "databricks_permissions").find((p) => p.sql_endpoint_id !== undefined);
    expect(warehouse?.access_control.map((a: { group_name?: string }) => a.group_name)).toContain("sandbox-analysts");
  });
});

describe("per-job serverless compute in a classic workspace", () => {
  it("moves only the chosen job off its job cluster", () => {
    const dev = loadEnvironments([variant(standalone(examples.dev), (e) => (e.compute.jobs = { transformation: "serverless" }))]);
    const jobs = resourcesOf(synthBlueprint(dev)["dev-workspace-config"], "databricks_job");
    const byName = Object.fromEntries(jobs.map((job) => [job.name, job]));
    expect(byName["dev-silver-gold"].job_cluster).toBeUndefined();
    expect(byName["dev-silver-gold"].task[0].notebook_task.base_parameters.pip_requirements).toBe("requirements-jobs.txt");
    // Job clusters install nothing: a classic estate without internet never reaches a package index.
    expect(byName["dev-ingestion"].task[0].notebook_task.base_parameters.pip_requirements).toBeUndefined();
    expect(byName["dev-ingestion"].job_cluster).toHaveLength(1);
    // Training stays on its dedicated ML job cluster unless asked.
    expect(byName["dev-train-bad_review_risk"].job_cluster[0].new_cluster.data_security_mode).toBe("SINGLE_USER");
    expect(byName["dev-ingestion"].environment).toBeUndefined();
  });
});

describe("the serverless jobs' dependency list", () => {
  const dir = mkdtempSync(join(tmpdir(), "job-env-"));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it("is what the local test environment installs: requirements-dev.txt includes the same file, and no other pin disagrees", () => {
    const dev = readFileSync(join(NOTEBOOKS, "requirements-dev.txt"), "utf8");
    expect(dev.split("\n")).toContain("-r requirements-jobs.txt");
    const elsewhere = `${dev}\n${readFileSync(join(NOTEBOOKS, "constraints.txt"), "utf8")}`;
    const pins = readJobRequirements(JOB_REQUIREMENTS).dependencies;
    expect(pins.length).toBeGreaterThan(0);
    for (const pin of pins) {
      const name = pin.split("==")[0].toLowerCase();
      const other = elsewhere.split("\n").filter((line) => line.toLowerCase().startsWith(`${name}==`));
      expect(other.filter((line) => line !== pin)).toEqual([]);
    }
  });

  it("refuses a line that is not an exact pin, and a package serverless compute brings itself", () => {
    expect(() => readJobRequirements(file("loose.txt", "# ok\nmlflow-skinny>=3\n"))).toThrow(
      /loose\.txt:2: "mlflow-skinny>=3" is not an exact pin/,
    );
    expect(() => readJobRequirements(file("spark.txt", "pyspark==4.2.0\n"))).toThrow(/pyspark comes with serverless compute/);
    expect(readJobRequirements(file("ok.txt", "a==1.0 # why\n\nb==2\n")).dependencies).toEqual(["a==1.0", "b==2"]);
  });
});

describe("notebook tasks", () => {
  const all = synthBlueprint(estate());
  it.each(Object.keys(all).filter((name) => name.endsWith("-workspace-config")))(
    "%s: no notebook task names a job environment, and no job declares one (the Jobs API refuses both for notebook tasks)",
    (name) => {
      const jobs = resourcesOf(all[name], "databricks_job");
      expect(jobs.length).toBeGreaterThan(0);
      for (const job of jobs) {
        expect(job.environment).toBeUndefined();
        for (const task of job.task) if (task.notebook_task) expect(task.environment_key).toBeUndefined();
      }
    },
  );
});

describe("guardrails over a serverless workspace", () => {
  // A prod copy of the sandbox, as config accepts it: the prod baseline on, egress restricted.
  const prodServerless = variant(examples.sandbox, (e) => {
    e.name = "qa";
    e.stage = "prod";
    e.repository.developers = [];
    delete e.deletionProtection;
    e.state = { backend: "s3", bucket: "example-org-terraform-state", region: "eu-west-1", keyPrefix: "lakehouse/qa" };
  });

  it("a prod serverless workspace gets the same account side as a classic one, pii-readers group included", () => {
    const stacks = synthBlueprint(loadEnvironments([prodServerless]));
    const groups = resourcesOf(stacks["qa-aws-workspace"], "databricks_group").map((g) => g.display_name);
    expect(groups).toContain("qa-pii-readers");
    expect(resourcesOf(synthBlueprint(estate())["sandbox-aws-workspace"], "databricks_group").map((g) => g.display_name)).not.toContain(
      "sandbox-pii-readers",
    );
  });

  it.each([
    ["the dev sandbox", [examples.sandbox], "sandbox"],
    ["a prod serverless workspace", [prodServerless], "qa"],
  ])("find nothing in %s's stacks, and nothing is suppressed", (_, inputs, name) => {
    const all = loadEnvironments(inputs);
    const app = Testing.app();
    for (const env of all) addEnvironment(app, env, all);
    const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack).map((s) => s.node.id);
    expect(stacks).toEqual(expect.arrayContaining([`${name}-aws-workspace`, `${name}-workspace-config`]));
    app.synth();
    expect(checkSynthesized(app, app.outdir)).toEqual({ errors: [], warnings: [] });
  });
});
