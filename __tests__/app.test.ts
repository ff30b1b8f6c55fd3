import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { synthAtomically } from "../stacks/synth-atomically";
import { Guardrails } from "../constructs/guardrails/guardrails";

// The app's entry point and the cdktf CLI, run as child processes, are tested in `npm run test:cli`
// (__tests__/tools/cli/).
const root = join(__dirname, "..");

describe("imports", () => {
  it("never imports a provider package from its root (barrel imports cost seconds and hundreds of MB)", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
    expect(files.length).toBeGreaterThan(10);
    const barrel = /from\s+["']@cdktf\/provider-[a-z]+["']/;
    expect(files.filter((file) => barrel.test(readFileSync(join(root, file), "utf8")))).toEqual([]);
  });
});

describe("synthAtomically", () => {
  it("keeps the previous output when a guardrail fails synth, and leaves no staging directory", () => {
    const parent = mkdtempSync(join(tmpdir(), "lakehouse-atomic-"));
    const outdir = join(parent, "cdktf.out");
    synthAtomically(outdir, (app) => new TerraformStack(app, "good"));
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["good"]);

    expect(() =>
      synthAtomically(outdir, (app) => {
        new TerraformStack(app, "first");
        const bad = new TerraformStack(app, "second");
        new AwsProvider(bad, "aws", { region: "eu-west-1" });
        new S3Bucket(bad, "open", { bucket: "open" });
        Guardrails.applyTo(bad, { stage: "dev", adminPrincipals: [], requiredTags: [] });
      }),
    ).toThrow(/\[second\/open\] \[LH-STORAGE-ENCRYPTION\] has no SSE-KMS encryption configuration/);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["good"]);
    expect(readdirSync(parent)).toEqual(["cdktf.out"]);
    rmSync(parent, { recursive: true, force: true });
  });

  it("replaces the stacks it writes and leaves one it no longer writes for the cdktf CLI to delete (unlisted in the manifest)", () => {
    const parent = mkdtempSync(join(tmpdir(), "lakehouse-atomic-"));
    const outdir = join(parent, "cdktf.out");
    synthAtomically(outdir, (app) => ["kept", "dropped"].forEach((name) => new TerraformStack(app, name)));
    synthAtomically(outdir, (app) => new TerraformStack(app, "kept"));
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["dropped", "kept"]);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks)).toEqual(["kept"]);
    expect(readdirSync(parent)).toEqual(["cdktf.out"]);
    rmSync(parent, { recursive: true, force: true });
  });
});
