import { loadEnvironments } from "../config/load";
import { baselineExceptions, type PlanJson, renderSummary, stackNameOf, summarizePlan } from "../scripts/plan-summary";
import { examples, variant } from "./helpers";

const change = (address: string, actions: string[]) =>
  ({ address, type: address.split(".")[0], change: { actions } }) as NonNullable<PlanJson["resource_changes"]>[number];

describe("plan summary", () => {
  const plan: PlanJson = {
    resource_changes: [
      change("aws_vpc.network_vpc", ["no-op"]),
      change("aws_kms_key.key", ["update"]),
      change("databricks_permissions.cluster", ["update"]),
      change("aws_s3_bucket.root-bucket_bucket", ["delete"]),
      change("aws_iam_role.role", ["create"]),
      change("aws_security_group.sg", ["delete", "create"]),
      change("databricks_cluster.shared", ["update"]),
      change("databricks_secret.jdbc", ["create"]),
      { ...change("data.aws_iam_policy_document.p", ["read"]), mode: "data" },
    ],
  };

  it("counts additions, changes and destructions, a replacement as one of each side", () => {
    const summary = summarizePlan("dev-aws-workspace", plan);
    expect({ add: summary.add, change: summary.change, destroy: summary.destroy }).toEqual({ add: 3, change: 3, destroy: 2 });
  });

  it("puts destruction first, then replacement, then IAM, grants, network, keys and secrets", () => {
    const summary = summarizePlan("dev-aws-workspace", plan);
    expect(summary.mustRead.map((m) => `${m.category}:${m.address}`)).toEqual([
      "destroy:aws_s3_bucket.root-bucket_bucket",
      "replace:aws_security_group.sg",
      "iam:aws_iam_role.role",
      "grants:databricks_permissions.cluster",
      "keys:aws_kms_key.key",
      "secrets:databricks_secret.jdbc",
    ]);
    const markdown = renderSummary([summary]);
    expect(markdown.indexOf("aws_s3_bucket.root-bucket_bucket")).toBeLessThan(markdown.indexOf("aws_iam_role.role"));
    expect(markdown).toContain("| dev-aws-workspace | 3 | 3 | 2 |");
    expect(markdown).toContain("**:warning: Destroyed**");
    expect(markdown).not.toContain("databricks_cluster.shared");
  });

  it("lists destroyed data stores, then keys, before other destructions and marks them", () => {
    const summary = summarizePlan("prod", {
      resource_changes: [
        change("aws_cloudwatch_log_group.logs", ["delete"]),
        change("aws_iam_role.role", ["delete"]),
        change("aws_s3_bucket.data", ["delete"]),
        change("aws_kms_key.data", ["delete"]),
      ],
    });
    expect(summary.mustRead.map((m) => m.address)).toEqual([
      "aws_s3_bucket.data",
      "aws_kms_key.data",
      "aws_cloudwatch_log_group.logs",
      "aws_iam_role.role",
    ]);
    expect(renderSummary([summary])).toContain("- `aws_s3_bucket.data` (delete, data store)");
    expect(renderSummary([summary])).toContain("- `aws_kms_key.data` (delete, data store)");
    expect(renderSummary([summary])).toMatch(/- `aws_iam_role.role` \(delete\)$/m);
  });

  it("says so when a stack has no changes, and names stacks after their plan files", () => {
    expect(renderSummary([summarizePlan("x", { resource_changes: [change("aws_vpc.v", ["no-op"])] })])).toContain("No changes.");
    expect(stackNameOf("out/plan-prod-aws-workspace.json")).toBe("prod-aws-workspace");
  });
});

describe("plan summary: prod baseline turned off", () => {
  const REASON = "no Enhanced Security and Compliance add-on | on this account yet";
  const envs = loadEnvironments([
    ...Object.values(examples).filter((env) => env.name !== "azprod"),
    variant(
      examples.azprod,
      (e) => ((e.security.enhancedSecurityMonitoring = { enabled: false, reason: REASON }), (e.security.complianceSecurityProfile = false)),
    ),
  ]);

  it("lists each setting turned off in the planned environments, with the reason config gives", () => {
    expect(baselineExceptions(envs, ["azprod-workspace-config", "dev-aws-workspace"])).toEqual([
      { environment: "azprod", field: "security.enhancedSecurityMonitoring", setting: "enhanced security monitoring", reason: REASON },
    ]);
    expect(baselineExceptions(envs, ["prod-aws-workspace"])).toEqual([]);
  });

  it("shows them beside the counts, the reason escaped for the table", () => {
    const markdown = renderSummary(
      [summarizePlan("azprod-workspace-config", { resource_changes: [] })],
      baselineExceptions(envs, ["azprod-workspace-config"]),
    );
    expect(markdown).toContain("### Prod baseline turned off");
    expect(markdown).toContain(
      "| azprod | enhanced security monitoring (`security.enhancedSecurityMonitoring`) | no Enhanced Security and Compliance add-on \\| on this account yet |",
    );
    expect(renderSummary([summarizePlan("dev-aws-workspace", { resource_changes: [] })])).not.toContain("Prod baseline");
  });
});
