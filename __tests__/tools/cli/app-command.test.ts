import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// `npm run test:cli`: the app of cdktf.json run as a child process, as `cdktn synth` runs it.
const root = join(__dirname, "..", "..", "..");

/** Runs the real entry point exactly as `cdktn synth` does, writing into a fresh directory. */
function runMain(extraEnv: Record<string, string>) {
  const outdir = join(mkdtempSync(join(tmpdir(), "lakehouse-synth-")), "cdktf.out");
  const app: string = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app;
  const result = spawnSync("sh", ["-c", app], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", LAKEHOUSE_ESTATE: "examples", ...extraEnv },
    encoding: "utf8",
  });
  return { ...result, outdir };
}

// A recognisable value planted wherever a secret could enter synth: the sensitive variables' TF_VAR_*
// and the providers' credential variables. It must never reach cdktf.out/.
const PLANTED = "planted-secret-3b9f7c1e";
const SECRET_SOURCES = [
  "TF_VAR_jdbc_password",
  "TF_VAR_jdbc_user",
  "TF_VAR_git_token",
  "DATABRICKS_CLIENT_SECRET",
  "DATABRICKS_TOKEN",
  "ARM_CLIENT_SECRET",
  "AWS_SECRET_ACCESS_KEY",
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe("full app synth", () => {
  let outdir: string;
  beforeAll(() => {
    const result = runMain({ LAKEHOUSE_ENVIRONMENTS: "", ...Object.fromEntries(SECRET_SOURCES.map((name) => [name, PLANTED])) });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    outdir = result.outdir;
  });
  afterAll(() => rmSync(join(outdir, ".."), { recursive: true, force: true }));

  it("writes a workspace stack and a workspace-config stack per example environment, the shared metastore and bootstrap stacks, and azdev's data path to azprod's storage", () => {
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual([
      "azdev-azure-workspace",
      "azdev-prod-data-path",
      "azdev-workspace-config",
      "azprod-azure-workspace",
      "azprod-workspace-config",
      "bootstrap-aws-00000000",
      "bootstrap-azure-00000000",
      "dev-aws-workspace",
      "dev-workspace-config",
      "egress-hub-azure-westeurope-00000000-0000-4000-8000-00000000aa02",
      "metastore-aws-eu-west-1-00000000",
      "metastore-azure-westeurope-00000000",
      "prod-aws-workspace",
      "prod-workspace-config",
      "sandbox-aws-workspace",
      "sandbox-workspace-config",
    ]);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(manifest.stacks["dev-workspace-config"].dependencies).toEqual(["dev-aws-workspace"]);
  });

  it("points each config stack's provider at its own workspace stack's URL output", () => {
    for (const [env, cloud] of [
      ["dev", "aws"],
      ["prod", "aws"],
      ["azdev", "azure"],
      ["azprod", "azure"],
      ["sandbox", "aws"],
    ]) {
      const config = JSON.parse(readFileSync(join(outdir, "stacks", `${env}-workspace-config`, "cdk.tf.json"), "utf8"));
      expect(config.provider.databricks[0].host).toMatch(
        new RegExp(`^(https://)?\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${env}-${cloud}-workspace\\.outputs\\.`),
      );
      // Each config stack reads the workspace stack's state where that stack keeps it (remote in the
      // paired dev and prod examples, local in the sandbox).
      const remote = config.data.terraform_remote_state[`cross-stack-reference-input-${env}-${cloud}-workspace`];
      const expected = {
        dev: { bucket: "example-org-terraform-state-dev", key: "lakehouse/dev/dev-aws-workspace.tfstate" },
        azdev: { storage_account_name: "stexampletfstatedev", key: "lakehouse/azdev/azdev-azure-workspace.tfstate" },
        prod: { bucket: "example-org-terraform-state", key: "lakehouse/prod/prod-aws-workspace.tfstate" },
        azprod: { storage_account_name: "stexampletfstate", key: "lakehouse/azprod/azprod-azure-workspace.tfstate" },
        sandbox: { path: `../../../terraform.sandbox-aws-workspace.tfstate` },
      }[env];
      expect(remote.config).toMatchObject(expected as object);
    }
  });

  it("never writes a secret value: the planted one is nowhere in cdktf.out, and secrets are sensitive variables", () => {
    const files = filesUnder(outdir);
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((file) => readFileSync(file, "utf8").includes(PLANTED))).toEqual([]);
    const config = JSON.parse(readFileSync(join(outdir, "stacks", "dev-workspace-config", "cdk.tf.json"), "utf8"));
    for (const name of ["jdbc_password", "jdbc_user", "git_token"]) expect(config.variable[name]).toMatchObject({ sensitive: true });
  });

  it("carries no machine path in the synthesized output", () => {
    for (const stack of readdirSync(join(outdir, "stacks"))) {
      const text = readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
      expect(text).not.toContain(root);
      expect(text).not.toContain(tmpdir());
    }
  });

  it("synthesizes only the selected environment, and the shared metastore and bootstrap stacks byte for byte as with all of them", () => {
    // The deploy workflow runs one environment per job: each must see the one shared stack and state.
    // azdev also has its data path to azprod's private storage, which its own CI entry applies.
    for (const [selection, metastore, bootstrap, ...more] of [
      ["prod", "metastore-aws-eu-west-1-00000000", "bootstrap-aws-00000000"],
      ["dev", "metastore-aws-eu-west-1-00000000", "bootstrap-aws-00000000"],
      ["azdev", "metastore-azure-westeurope-00000000", "bootstrap-azure-00000000", "azdev-prod-data-path"],
    ]) {
      const result = runMain({ LAKEHOUSE_ENVIRONMENTS: selection });
      expect(result.status).toBe(0);
      const cloud = selection.startsWith("az") ? "azure" : "aws";
      expect(readdirSync(join(result.outdir, "stacks")).sort()).toEqual(
        [bootstrap, metastore, `${selection}-${cloud}-workspace`, `${selection}-workspace-config`, ...more].sort(),
      );
      for (const shared of [metastore, bootstrap]) {
        const digest = (dir: string) =>
          createHash("sha256")
            .update(readFileSync(join(dir, "stacks", shared, "cdk.tf.json")))
            .digest("hex");
        expect({ selection, shared, sha256: digest(result.outdir) }).toEqual({ selection, shared, sha256: digest(outdir) });
      }
      rmSync(join(result.outdir, ".."), { recursive: true, force: true });
    }
  });

  it("writes nothing and exits 1 with the reason when the config is invalid", () => {
    const result = runMain({ LAKEHOUSE_ENVIRONMENTS: "qa" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('LAKEHOUSE_ENVIRONMENTS = "qa": names no environment "qa". Fix: choose from dev, prod, azdev, azprod');
    expect(existsSync(result.outdir)).toBe(false);
    rmSync(join(result.outdir, ".."), { recursive: true, force: true });
  });
});
