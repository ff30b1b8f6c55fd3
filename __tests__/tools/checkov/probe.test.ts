import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { S3Bucket } from "@cdktn/provider-aws/lib/s3-bucket";
import { App, TerraformStack } from "cdktn";
import { classify, loadSkips, runCheckov } from "../../../scripts/scan/run-checkov";

// Part of `npm run scan`: the pinned checkov, run for real, must fail what the skip list does not cover,
// so a scan that passes means the checks ran.
const skips = loadSkips(join(__dirname, "..", "..", "..", "scripts/scan/skips.json"));

describe("checkov skip list", () => {
  it("fails a new resource that breaks a check: the real checkov flags a bare bucket the skip list does not cover", () => {
    const dir = mkdtempSync(join(tmpdir(), "lakehouse-scan-"));
    try {
      const app = new App({ outdir: dir });
      const stack = new TerraformStack(app, "probe");
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      new S3Bucket(stack, "bare", { bucket: "bare-probe" });
      app.synth();
      const { passed, findings } = runCheckov(dir);
      expect(passed).toBeGreaterThan(0);
      const { failed } = classify(findings, skips);
      // No versioning, no customer-key encryption, no public access block: none of these is skipped.
      expect(failed.map((f) => f.check)).toEqual(expect.arrayContaining(["CKV_AWS_21", "CKV_AWS_145", "CKV2_AWS_6"]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("holds a skip with a stack pattern to the stacks it names: the hub policy's IDPS skip covers no other stack's policy", () => {
    const finding = { check: "CKV_AZURE_220", name: "IDPS", resource: "resource.policy" };
    expect(classify([{ ...finding, stack: "egress-hub-azure-westeurope-00000000-0000-4000-8000-00000000aa02" }], skips).failed).toEqual([]);
    expect(classify([{ ...finding, stack: "azprod-azure-workspace" }], skips).failed.map((f) => f.check)).toEqual(["CKV_AZURE_220"]);
  });
});
