import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { S3Bucket } from "@cdktn/provider-aws/lib/s3-bucket";
import { TerraformStack } from "cdktn";
import { Guardrails } from "../constructs/guardrails/guardrails";
import { synthAtomically } from "../stacks/synth-atomically";

// The app's entry point and the cdktn CLI, run as child processes, are tested in `npm run test:cli`
// (__tests__/tools/cli/).
const root = join(__dirname, "..");
const sources = () => {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.js"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\n")
    .filter(Boolean);
  expect(files.length).toBeGreaterThan(10);
  return files.map((file) => ({ file, text: readFileSync(join(root, file), "utf8") }));
};
// Every module specifier of an import, export ... from, require() or import().
const specifiers = (text: string) =>
  [...text.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*|^import\s+)["']([^"']+)["']/gm)].map((m) => m[1]);

describe("imports", () => {
  it("never imports a provider package from its root (barrel imports cost seconds and hundreds of MB)", () => {
    const barrel = /^@cdkt[fn]\/provider-[a-z]+$/;
    expect(
      sources()
        .filter(({ text }) => specifiers(text).some((s) => barrel.test(s)))
        .map(({ file }) => file),
    ).toEqual([]);
  });

  it("uses the framework through its public entry points only: cdktn's root, and its jest matcher types", () => {
    // cdktn/lib/testing/adapters/jest is the documented way to type the jest matchers (the cdktn
    // TypeScript template's test file imports it); nothing else under a framework's lib/ is public.
    const allowed = new Set(["cdktn", "cdktn/lib/testing/adapters/jest", "constructs"]);
    const framework = /^(cdktn|cdktf|constructs)(\/|$)|^@cdktf\//;
    const found = sources().flatMap(({ file, text }) =>
      specifiers(text)
        .filter((s) => framework.test(s) && !allowed.has(s))
        .map((s) => `${file}: ${s}`),
    );
    expect(found).toEqual([]);
  });

  it("reads the team's estate (config/environments) in no test, so emptying it changes no test: tests use config/examples", () => {
    const estate = /(^|\/)config\/environments(\/index)?$/;
    const readers = sources().filter(({ file, text }) => file.startsWith("__tests__/") && specifiers(text).some((s) => estate.test(s)));
    expect(readers.map(({ file }) => file)).toEqual([]);
    const examples = sources().filter(
      ({ file, text }) => file.startsWith("__tests__/") && specifiers(text).some((s) => /config\/examples$/.test(s)),
    );
    expect(examples.length).toBeGreaterThan(0);
  });

  it("overrides no framework method the framework marks internal (the stack's prepare and resolve steps)", () => {
    const internal =
      /^\s+(?:override\s+|public\s+)?(prepareStack|_runPreparingResolve|ensureBackendExists|toTerraform|toHclTerraform|allocateLogicalId|resolve)\s*\(/m;
    const classes = sources().filter(
      ({ file, text }) => !file.startsWith("__tests__/") && /\bextends\s+(TerraformStack|App)\b/.test(text) && internal.test(text),
    );
    expect(classes.map(({ file }) => file)).toEqual([]);
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
    ).toThrow(/second\/open: \[LH-STORAGE-ENCRYPTION\] has no SSE-KMS encryption configuration/);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["good"]);
    expect(readdirSync(parent)).toEqual(["cdktf.out"]);
    rmSync(parent, { recursive: true, force: true });
  });

  it("replaces the stacks it writes and removes one it no longer writes when run on its own (npm run synth)", () => {
    const parent = mkdtempSync(join(tmpdir(), "lakehouse-atomic-"));
    const outdir = join(parent, "cdktf.out");
    synthAtomically(
      outdir,
      (app) =>
        ["kept", "dropped"].forEach((name) => {
          new TerraformStack(app, name);
        }),
      { pruneStale: true },
    );
    synthAtomically(outdir, (app) => new TerraformStack(app, "kept"), { pruneStale: true });
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["kept"]);
    rmSync(parent, { recursive: true, force: true });
  });

  it("replaces the stacks it writes and leaves one it no longer writes for the cdktn CLI to delete (unlisted in the manifest)", () => {
    const parent = mkdtempSync(join(tmpdir(), "lakehouse-atomic-"));
    const outdir = join(parent, "cdktf.out");
    synthAtomically(outdir, (app) =>
      ["kept", "dropped"].forEach((name) => {
        new TerraformStack(app, name);
      }),
    );
    synthAtomically(outdir, (app) => new TerraformStack(app, "kept"));
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["dropped", "kept"]);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks)).toEqual(["kept"]);
    expect(readdirSync(parent)).toEqual(["cdktf.out"]);
    rmSync(parent, { recursive: true, force: true });
  });
});
