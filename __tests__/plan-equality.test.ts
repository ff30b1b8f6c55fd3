import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { changesOf, differingPaths, type PlanJson, type ReviewedPlan, redact, SENSITIVE, verdict } from "../scripts/ci/plan-equality";
import { record } from "../scripts/ci/reviewed-plan";

// Recorded `tofu show -json` plans of one stack (trimmed): the one reviewed in the pull request, the
// same changes planned again (a rotated secret, a refreshed `before`), other changes, and none.
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "fixtures", "plans", `${name}.json`), "utf8")) as PlanJson;
const reviewedPlan = fixture("reviewed");
const reviewed: ReviewedPlan = {
  environment: "dev",
  commit: "abc1234",
  stacks: { "dev-workspace-config": { status: "planned", stackHash: "h1", changes: changesOf(reviewedPlan) } },
};

describe("the reviewed record of a plan", () => {
  it("keeps the changes to managed resources only, with sensitive values masked", () => {
    const changes = changesOf(reviewedPlan);
    expect(changes.map((c) => [c.address, c.actions.join("+")])).toEqual([
      ["databricks_cluster.shared", "update"],
      ["databricks_job.ingestion", "delete+create"],
      ["databricks_secret.jdbc_password", "create"],
    ]);
    expect(changes[2].after).toEqual({ key: "jdbc-password", scope: "dev-pipelines", string_value: SENSITIVE });
    expect(JSON.stringify(changes)).not.toContain("reviewed-secret-value");
  });

  it("masks nested sensitive values and leaves the rest", () => {
    expect(redact({ a: [{ b: "x", c: "y" }], d: 1 }, { a: [{ c: true }] })).toEqual({ a: [{ b: "x", c: SENSITIVE }], d: 1 });
    expect(differingPaths({ a: [{ b: 1 }], c: 2 }, { a: [{ b: 3 }], c: 2 })).toEqual(["a[0].b"]);
  });

  it("is written from a plan directory, with the stacks that wait for an upstream deploy", () => {
    const dir = mkdtempSync(join(tmpdir(), "reviewed-"));
    const plans = join(dir, "plans");
    mkdirSync(plans);
    for (const stack of ["dev-aws-workspace", "dev-workspace-config"]) {
      mkdirSync(join(dir, "stacks", stack), { recursive: true });
      writeFileSync(join(dir, "stacks", stack, "cdk.tf.json"), `{"stack":"${stack}"}`);
    }
    writeFileSync(join(plans, "plan-dev-aws-workspace.json"), JSON.stringify(reviewedPlan));
    writeFileSync(join(plans, "waits.txt"), "dev-workspace-config dev-aws-workspace\n");
    const made = record("dev", plans, "abc1234", join(dir, "stacks"));
    expect(made.stacks["dev-aws-workspace"]).toMatchObject({ status: "planned", stackHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(made.stacks["dev-workspace-config"]).toMatchObject({ status: "waits", upstream: "dev-aws-workspace" });
    expect(JSON.stringify(made)).not.toContain("reviewed-secret-value");
  });
});

describe("the deploy's verdict on its fresh plan", () => {
  it("applies when the fresh plan makes exactly the reviewed changes (a rotated secret or a refreshed before included)", () => {
    const result = verdict(reviewed, "dev-workspace-config", fixture("same-changes"), "h1");
    expect(result).toEqual({ apply: true, reason: "dev-workspace-config: the 3 change(s) reviewed in the plan of abc1234" });
  });

  it("refuses when it differs, naming each resource and attribute that differs but no value", () => {
    const result = verdict(reviewed, "dev-workspace-config", fixture("other-changes"), "h2");
    expect(result.apply).toBe(false);
    expect(result.reason).toContain(
      "the plan differs from the one reviewed in abc1234 (the synthesized stack differs from the one reviewed)",
    );
    expect(result.reason).toContain(
      "databricks_cluster.shared: update with other values at autoscale[0].max_workers, autotermination_minutes",
    );
    expect(result.reason).toContain("databricks_job.extra: now create, not in the reviewed plan");
    expect(result.reason).toContain("databricks_job.ingestion: reviewed delete+create, now update");
    expect(result.reason).toContain("databricks_secret.jdbc_password: reviewed create, now no change");
    expect(result.reason).toMatch(/Fix: run the deploy workflow by hand/);
    expect(result.reason).not.toMatch(/\b25\b|\b8\b/);
  });

  it("says when the code is the same and the difference comes from the deployed state", () => {
    expect(verdict(reviewed, "dev-workspace-config", fixture("other-changes"), "h1").reason).toContain(
      "the synthesized stack is the one reviewed, so the difference comes from the deployed state",
    );
  });

  it("applies a plan without changes, whatever was reviewed", () => {
    expect(verdict(undefined, "dev-workspace-config", fixture("no-changes"), "h").apply).toBe(true);
  });

  it("refuses changes nobody reviewed: no record, or a stack that waited for its upstream", () => {
    expect(verdict(undefined, "dev-workspace-config", reviewedPlan, "h1")).toMatchObject({
      apply: false,
      reason: expect.stringMatching(/3 change\(s\) but no reviewed plan of this stack was found\. Fix:/),
    });
    const waited: ReviewedPlan = {
      ...reviewed,
      stacks: { "dev-workspace-config": { status: "waits", upstream: "dev-aws-workspace", stackHash: "h1" } },
    };
    expect(verdict(waited, "dev-workspace-config", reviewedPlan, "h1").reason).toContain(
      "the pull request could not plan it before dev-aws-workspace was applied",
    );
  });
});
