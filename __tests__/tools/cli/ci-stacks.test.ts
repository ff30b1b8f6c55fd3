import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// `npm run test:cli`: scripts/ci/stacks.sh as the workflows run it, against a stand-in for tofu that
// logs each call (and the identity it was made as) and prints recorded plans. Shows that a deploy
// applies a stack only when its fresh plan is the one reviewed, and signs in as the right principal.
const root = join(__dirname, "..", "..", "..");
const fixtures = join(root, "__tests__", "fixtures", "plans");
const STACKS = ["metastore:metastore-aws-eu-west-1-00000000", "workspace:prod-aws-workspace", "config:prod-workspace-config"];

const FAKE_TOFU = `#!/usr/bin/env bash
dir=\${1#-chdir=}; shift; cmd=$1; stack=$(basename "$dir")
echo "$cmd $stack $DATABRICKS_AUTH_TYPE \${DATABRICKS_CLIENT_ID:-} \${ARM_CLIENT_ID:-} \${DATABRICKS_TOKEN_AUDIENCE:-}" >> "$FAKE_LOG"
case $cmd in
  plan) touch "$dir/ci.tfplan" ;;
  show) cat "$FAKE_PLANS/$stack.json" ;;
  output) echo "cicd-application-id" ;;
esac
`;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ci-stacks-"));
  mkdirSync(join(work, "bin"));
  writeFileSync(join(work, "bin", "tofu"), FAKE_TOFU);
  chmodSync(join(work, "bin", "tofu"), 0o755);
  for (const entry of STACKS) {
    const stack = entry.split(":")[1];
    mkdirSync(join(work, "stacks", stack), { recursive: true });
    writeFileSync(join(work, "stacks", stack, "cdk.tf.json"), JSON.stringify({ stack }));
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the script with each stack's `tofu show -json` taken from the named fixture; gives its result and the tofu calls. */
function run(mode: "plan" | "deploy", target: string, plans: Record<string, string>, cloud = "aws") {
  const planDir = mkdtempSync(join(work, "plans-"));
  for (const [stack, fixture] of Object.entries(plans)) copyFileSync(join(fixtures, `${fixture}.json`), join(planDir, `${stack}.json`));
  const log = join(planDir, "calls.log");
  writeFileSync(log, "");
  const result = spawnSync("bash", [join(root, "scripts", "ci", "stacks.sh"), mode, target], {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${join(work, "bin")}:${process.env.PATH}`,
      FAKE_LOG: log,
      FAKE_PLANS: planDir,
      CI_STACKS_DIR: join(work, "stacks"),
      STACKS: STACKS.join(" "),
      CLOUD: cloud,
      DATABRICKS_ACCOUNT_ID: "acct",
      BRINGS_OWN_WORKSPACE: "false",
      DEPLOYER_CLIENT_ID: "deployer",
      ARM_CLIENT_ID: "job-identity",
      GITHUB_SHA: "abc1234",
    },
  });
  return { ...result, calls: readFileSync(log, "utf8").trim().split("\n") };
}

describe("scripts/ci/stacks.sh", () => {
  const reviewed = () => join(work, "reviewed.json");
  const plans = {
    "metastore-aws-eu-west-1-00000000": "no-changes",
    "prod-aws-workspace": "reviewed",
    "prod-workspace-config": "no-changes",
  };

  it("plans in dependency order and leaves a stack whose upstream changes to a later review", () => {
    const out = join(work, "out");
    const result = run("plan", out, plans);
    expect(result.status).toBe(0);
    expect(result.calls.filter((c) => c.startsWith("plan "))).toEqual([
      "plan metastore-aws-eu-west-1-00000000 github-oidc deployer job-identity acct",
      "plan prod-aws-workspace github-oidc deployer job-identity acct",
    ]);
    expect(readFileSync(join(out, "waits.txt"), "utf8")).toBe("prod-workspace-config prod-aws-workspace\n");
    const record = spawnSync("npm", ["run", "--silent", "ci:reviewed-plan", "--", "record", "prod", out, reviewed()], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, CI_STACKS_DIR: join(work, "stacks"), GITHUB_SHA: "abc1234" },
    });
    expect(record.status).toBe(0);
  });

  it("applies the reviewed changes, the config stack as the CI/CD principal", () => {
    const result = run("deploy", reviewed(), { ...plans, "prod-aws-workspace": "same-changes" });
    expect(result.status).toBe(0);
    expect(result.calls.filter((c) => c.startsWith("apply "))).toEqual([
      "apply metastore-aws-eu-west-1-00000000 github-oidc deployer job-identity acct",
      "apply prod-aws-workspace github-oidc deployer job-identity acct",
      "apply prod-workspace-config github-oidc cicd-application-id job-identity acct",
    ]);
  });

  it("refuses a plan that differs from the reviewed one, applying nothing from that stack on", () => {
    const result = run("deploy", reviewed(), { ...plans, "prod-aws-workspace": "other-changes" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("refused: prod-aws-workspace: the plan differs from the one reviewed in abc1234");
    expect(result.calls.filter((c) => c.startsWith("apply "))).toEqual([
      "apply metastore-aws-eu-west-1-00000000 github-oidc deployer job-identity acct",
    ]);
  });

  it("on Azure, applies the config stack as the CI/CD principal's Entra identity", () => {
    const result = run("deploy", reviewed(), { ...plans, "prod-aws-workspace": "no-changes" }, "azure");
    expect(result.status).toBe(0);
    expect(result.calls.filter((c) => c.startsWith("apply prod-workspace-config"))).toEqual([
      "apply prod-workspace-config github-oidc-azure  cicd-application-id acct",
    ]);
  });
});
