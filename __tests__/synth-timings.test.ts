import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { TerraformStack } from "cdktn";
import { SYNTH_TIMINGS_VARIABLE, synthAtomically } from "../stacks/synth-atomically";

describe("synth timings (LAKEHOUSE_SYNTH_TIMINGS=1)", () => {
  let dir: string;
  let printed: string[];
  const errorBefore = console.error;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "lakehouse-timings-"));
    printed = [];
    console.error = (...args: unknown[]) => printed.push(args.join(" "));
  });
  afterEach(() => {
    console.error = errorBefore;
    delete process.env[SYNTH_TIMINGS_VARIABLE];
    rmSync(dir, { recursive: true, force: true });
  });
  const synthOneStack = () =>
    synthAtomically(join(dir, "out"), (app) => {
      new AwsProvider(new TerraformStack(app, "one"), "aws", { region: "eu-west-1" });
    });

  it("prints where the synth's time went, by phase, in milliseconds", () => {
    process.env[SYNTH_TIMINGS_VARIABLE] = "1";
    synthOneStack();
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(
      /^synth timings: start-up, imports and config \d+ ms, building the constructs \d+ ms, synthesizing \(resolve, write, guardrails\) \d+ ms$/,
    );
  });

  it("prints nothing unless asked", () => {
    synthOneStack();
    expect(printed).toEqual([]);
  });
});
