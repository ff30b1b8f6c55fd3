import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";
import { passedChecksFile, withVersionChecksOnce } from "../stacks/version-checks";

describe("cdktf's binary version checks during a synth", () => {
  let dir: string;
  const cacheBefore = process.env.LAKEHOUSE_CACHE_DIR;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "lakehouse-version-"));
    process.env.LAKEHOUSE_CACHE_DIR = join(dir, "cache");
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (cacheBefore === undefined) delete process.env.LAKEHOUSE_CACHE_DIR;
    else process.env.LAKEHOUSE_CACHE_DIR = cacheBefore;
  });

  // A "binary" that records each time it is asked for its version.
  const counting = (version: string) => `sh -c 'echo asked >> ${join(dir, "calls")}; echo v${version}'`;
  const calls = () => (existsSync(join(dir, "calls")) ? readFileSync(join(dir, "calls"), "utf8").trim().split("\n").length : 0);
  // A binary file of its own (the first word of the command), so its modification time can change.
  const binary = (version: string) => {
    const file = join(dir, "terraform");
    writeFileSync(file, `#!/bin/sh\necho asked >> ${join(dir, "calls")}\necho "Terraform v${version}"\n`);
    chmodSync(file, 0o755);
    return `${file} version`;
  };

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

  it("remembers a passed check between runs, in the project's cache, until the binary changes", () => {
    const command = binary("1.11.4");
    const synth = () => withVersionChecksOnce(() => new ValidateBinaryVersion("terraform", ">=1.5", command).validate());
    expect(synth()).toEqual([]);
    expect(synth()).toEqual([]);
    expect(calls()).toBe(1);
    expect(passedChecksFile().startsWith(join(dir, "cache"))).toBe(true);
    expect(readFileSync(passedChecksFile(), "utf8")).toContain(join(dir, "terraform"));
    utimesSync(join(dir, "terraform"), new Date(), new Date(Date.now() + 5000));
    expect(synth()).toEqual([]);
    expect(calls()).toBe(2);
  });

  it("never remembers a failed check: a too old binary is asked, and refused, every run", () => {
    const command = binary("1.4.0");
    const synth = () => withVersionChecksOnce(() => new ValidateBinaryVersion("terraform", ">=1.5", command).validate());
    expect(synth()[0]).toMatch(/lower than the required version >=1\.5/);
    expect(synth()[0]).toMatch(/lower than the required version >=1\.5/);
    expect(calls()).toBe(2);
  });
});
