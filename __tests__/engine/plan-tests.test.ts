import { plannedResources, planTestFile, warningsOf } from "../../scripts/engine/plan-tests";
import { dataSourceValues, type Json, numericIdFor, uuidFor } from "../../scripts/engine/realistic-values";
import { exampleEnvironments, synthBlueprint } from "../helpers";

const stacks = new Map(
  Object.entries(synthBlueprint(Object.values(exampleEnvironments()))).map(([name, text]) => [name, JSON.parse(text) as Json]),
);

describe("plan test files", () => {
  it("give a config stack the workspace stack's outputs in their real formats", () => {
    const test = planTestFile("dev-workspace-config", stacks);
    const [remote] = (test.override_data as Json[]).filter((o) => o.target.startsWith("data.terraform_remote_state."));
    const outputs = Object.values(remote.values.outputs as Json);
    expect(outputs).toEqual(
      expect.arrayContaining([expect.stringMatching(/^https:\/\/dbc-[0-9a-f]{8}-[0-9a-f]{4}\.cloud\.databricks\.com$/)]),
    );
    // The credential and instance profile come through the propagation waits' triggers.
    expect(outputs).toEqual(
      expect.arrayContaining([
        { credential_name: "dev-lakehouse" },
        { instance_profile_arn: "arn:aws:iam::111111111111:instance-profile/dev-lakehouse-s3-mount" },
      ]),
    );
    const groups = (test.override_data as Json[]).filter((o) => o.target.startsWith("data.databricks_group."));
    // One per persona: admins, engineers, scientists, analysts, auditors.
    expect(groups).toHaveLength(5);
    for (const group of groups) expect(group.values.id).toMatch(/^[1-9]\d{15}$/);
    expect(test.mock_provider).toBeUndefined();
  });

  it("plan the AWS stack with its own provider settings plus the skip flags", () => {
    const test = planTestFile("dev-aws-workspace", stacks);
    expect(test.provider.aws[0]).toMatchObject({
      region: "eu-west-1",
      default_tags: [{ tags: { Environment: "dev" } }],
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
    });
    expect(test.provider.aws[0].allowed_account_ids).toBeUndefined();
    // Computed locally by the providers, never overridden.
    expect((test.override_data as Json[]).some((o) => /databricks_aws_|aws_iam_policy_document/.test(o.target))).toBe(false);
  });

  it("mock azurerm only, and give the Azure ids in Azure's format", () => {
    const test = planTestFile("azdev-azure-workspace", stacks);
    expect(Object.keys(test.mock_provider)).toEqual(["azurerm"]);
    const config = planTestFile("azdev-workspace-config", stacks);
    const [remote] = (config.override_data as Json[]).filter((o) => o.target.startsWith("data.terraform_remote_state."));
    expect(JSON.stringify(remote.values.outputs)).toMatch(
      /"access_connector_id":"\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/rg-azdev-lakehouse\/providers\/Microsoft\.Databricks\/accessConnectors\/dbac-azdev-lakehouse"/,
    );
  });

  it("refuse a data source that calls an API and has no realistic values, naming what to add", () => {
    const stack: Json = { data: { databricks_spark_version: { latest: { long_term_support: true } } } };
    expect(() => dataSourceValues(stack, "s", "databricks_spark_version", "latest")).toThrow(
      "data source databricks_spark_version.latest in s calls an API and has no realistic values; add them to DATA_SOURCES",
    );
  });

  it("derive ids that are stable and in range", () => {
    expect(uuidFor("a")).toBe(uuidFor("a"));
    expect(uuidFor("a")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number(numericIdFor("a", 15))).toBeLessThan(2 ** 53);
  });
});

describe("reading a verbose tofu test run", () => {
  const output = [
    "  # databricks_cluster.shared will be created",
    '  + resource "databricks_cluster" "shared" {',
    "  # data.databricks_aws_bucket_policy.root will be read during apply",
    "  # aws_kms_key.k will be created",
    "",
    "Warning: Argument is deprecated",
    "",
    "  with databricks_mlflow_experiment.e,",
  ].join("\n");
  it("counts planned resource instances, not data sources", () => expect(plannedResources(output)).toBe(2));
  it("lists each warning with its address", () =>
    expect(warningsOf(output)).toEqual(["Argument is deprecated (databricks_mlflow_experiment.e)"]));
});
