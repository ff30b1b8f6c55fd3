import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";
import { withVersionChecksOnce } from "../stacks/version-checks";

describe("cdktf's binary version checks during a synth", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "lakehouse-version-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // A "binary" that records each time it is asked for its version.
  const counting = (version: string) => `sh -c 'echo asked >> ${join(dir, "calls")}; echo v${version}'`;
  const calls = () => readFileSync(join(dir, "calls"), "utf8").trim().split("\n").length;

  it("asks the binary once per command and constraint, and every stack gets the same answer", () => {
    const checks = [1, 2, 3].map(() => new ValidateBinaryVersion("terraform", ">=1.5", counting("1.11.4")));
    const answers = withVersionChecksOnce(() => checks.map((check) => check.validate()));
    expect(answers).toEqual([[], [], []]);
    expect(calls()).toBe(1);
  });

  it("still fails every stack when the binary is too old, with cdktf's message", () => {
    const answers = withVersionChecksOnce(() => [1, 2].map(() => new ValidateBinaryVersion("terraform", ">=1.5", counting("1.4.0")).validate()));
    expect(answers.map((a) => a.length)).toEqual([1, 1]);
    expect(answers[1][0]).toMatch(/terraform version 1\.4\.0 is lower than the required version >=1\.5/);
    expect(calls()).toBe(1);
  });

  it("leaves cdktf as it was afterwards: outside a synth each check asks again", () => {
    withVersionChecksOnce(() => new ValidateBinaryVersion("terraform", ">=1.5", counting("1.11.4")).validate());
    new ValidateBinaryVersion("terraform", ">=1.5", counting("1.11.4")).validate();
    new ValidateBinaryVersion("terraform", ">=1.5", counting("1.11.4")).validate();
    expect(calls()).toBe(3);
  });
});
