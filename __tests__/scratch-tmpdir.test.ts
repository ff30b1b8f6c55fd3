import { tmpdir } from "node:os";
import { sep } from "node:path";
import { TerraformStack, Testing } from "cdktn";

describe("the jest run's temporary directory", () => {
  it("holds what cdktn's Testing writes, so global teardown removes it", () => {
    const scratch = process.env.LAKEHOUSE_TEST_SCRATCH;
    expect(scratch).toMatch(/lakehouse-test-tmp-/);
    expect(tmpdir()).toBe(scratch);
    const stack = new TerraformStack(Testing.app(), "probe");
    expect(Testing.fullSynth(stack).startsWith(`${scratch}${sep}cdktf.outdir.`)).toBe(true);
  });
});
