import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Aspects, Fn, Lazy, TerraformOutput, TerraformStack, Testing, Token, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { resolve as resolveWithCdktf } from "cdktf/lib/_tokens";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { buildBlueprint } from "../stacks/blueprint";
import { ResolveOnceStack } from "../stacks/resolve-once-stack";
import { mayHoldToken, resolvePlainValues } from "../stacks/resolve-plain-values";
import { buildAndSynthesize } from "../stacks/synth-atomically";
import { exampleEnvironments } from "./helpers";

/** JSON with every object's keys sorted, so two documents compare by content (as cdktf writes them). */
function stringify(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== "object") return v;
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
  };
  return JSON.stringify(sorted(value));
}

/** What cdktf's own TerraformStack.toTerraform gives for `stack` now (the reference the shortcut must equal). */
const cdktfToTerraform = (stack: TerraformStack) => stringify(TerraformStack.prototype.toTerraform.call(stack));
const written = (outdir: string, stack: TerraformStack) => stringify(JSON.parse(readFileSync(join(outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8")));

function synthExamples(): { outdir: string; stacks: ResolveOnceStack[] } {
  const app = Testing.app();
  const all = Object.values(exampleEnvironments());
  buildAndSynthesize(app, (built) => buildBlueprint(built, all, all));
  return { outdir: app.outdir, stacks: app.node.children.filter((c): c is ResolveOnceStack => c instanceof ResolveOnceStack) };
}

describe("stacks that resolve once", () => {
  const { outdir, stacks } = synthExamples();

  it("are every stack of the example estate", () => {
    expect(stacks.map((s) => s.node.id)).toHaveLength(10);
  });

  it.each(stacks.map((s) => [s.node.id, s] as const))("%s is written exactly as cdktf's own toTerraform gives it", (_name, stack) => {
    const reference = cdktfToTerraform(stack);
    expect(written(outdir, stack)).toEqual(reference);
    expect(stringify(stack.toTerraform())).toEqual(reference);
  });

  it("leave what they prepared unchanged when they assemble: a second assembly (an element added) is cdktf's too", () => {
    for (const stack of stacks) {
      const first = stringify(stack.toTerraform());
      new TerraformOutput(stack, "added-after-synth", { value: "x" });
      const second = stringify(stack.toTerraform());
      expect(second).not.toEqual(first);
      expect(second).toEqual(cdktfToTerraform(stack));
    }
  });

  it("carry the cross-stack references cdktf registers while preparing (outputs and remote state)", () => {
    const dev = JSON.parse(written(outdir, stacks.find((s) => s.node.id === "dev-aws-workspace")!));
    expect(Object.keys(dev.output).some((id) => id.startsWith("cross-stack-output-"))).toBe(true);
    expect(Object.keys(dev.data.terraform_remote_state)).toEqual(["cross-stack-reference-input-metastore-aws-eu-west-1-00000000"]);
  });
});

/** A stack with one bucket whose toTerraform() calls are counted. */
function countedStack(extra: (stack: TerraformStack) => void = () => undefined) {
  const app = Testing.app();
  const stack = new ResolveOnceStack(app, "counted");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const bucket = new S3Bucket(stack, "bucket", { bucket: "b", tags: { owner: "data" } });
  new TerraformOutput(stack, "arn", { value: bucket.arn });
  extra(stack);
  let calls = 0;
  const original = bucket.toTerraform.bind(bucket);
  bucket.toTerraform = () => {
    calls += 1;
    return original();
  };
  app.synth();
  return { stack, bucket, calls: () => calls, outdir: app.outdir };
}

class TagEverything implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof S3Bucket) node.tags = { ...node.tagsInput, team: "platform" };
  }
}

class ReadOnlyCounter implements IAspect {
  readonly readsOnly = true;
  visited = 0;
  visit(node: IConstruct): void {
    if (node instanceof TerraformStack) {
      this.visited += 1;
      node.toTerraform();
    }
  }
}

describe("ResolveOnceStack", () => {
  it("resolves an element once per synth (cdktf alone resolves it in prepare and again to write)", () => {
    const { calls } = countedStack();
    expect(calls()).toBe(1);
  });

  it("gives read-only aspects (the guardrails) the JSON it writes, without resolving again", () => {
    const counter = new ReadOnlyCounter();
    const { calls, stack, outdir } = countedStack((s) => Aspects.of(s).add(counter));
    expect(counter.visited).toBe(1);
    expect(calls()).toBe(1);
    expect(written(outdir, stack)).toEqual(cdktfToTerraform(stack));
  });

  it("falls back to cdktf's toTerraform when another aspect could change the tree (a team's tagging aspect)", () => {
    const { calls, stack, outdir } = countedStack((s) => Aspects.of(s).add(new TagEverything()));
    const json = JSON.parse(written(outdir, stack));
    expect(json.resource.aws_s3_bucket.bucket.tags).toEqual({ owner: "data", team: "platform" });
    expect(calls()).toBeGreaterThan(1);
    expect(written(outdir, stack)).toEqual(cdktfToTerraform(stack));
  });

  it("applies stack-level overrides with tokens as cdktf does, a removed key included", () => {
    const { stack, outdir } = countedStack((s) => {
      s.addOverride("terraform.required_version", Lazy.stringValue({ produce: () => ">= 1.6" }));
      s.addOverride("output.arn.description", Fn.lower("The ARN"));
      s.addOverride("output.arn.sensitive", Lazy.anyValue({ produce: () => undefined }));
    });
    const json = JSON.parse(written(outdir, stack));
    expect(json.terraform.required_version).toBe(">= 1.6");
    expect(json.output.arn.description).toBe('${lower("The ARN")}');
    expect(json["//"].metadata.overrides).toEqual({ stack: ["terraform", "output"] });
    expect(written(outdir, stack)).toEqual(cdktfToTerraform(stack));
  });

  it("is cdktf's toTerraform when the stack was never prepared (Testing.synth)", () => {
    const app = Testing.app();
    const stack = new ResolveOnceStack(app, "unprepared");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new S3Bucket(stack, "bucket", { bucket: "b" });
    expect(stringify(stack.toTerraform())).toEqual(cdktfToTerraform(stack));
  });
});

describe("resolvePlainValues", () => {
  const app = Testing.app();
  const stack = new TerraformStack(app, "values");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const bucket = new S3Bucket(stack, "bucket", { bucket: "b" });
  const port = Token.asNumber(Lazy.numberValue({ produce: () => 5432 }));
  const cases: Record<string, unknown> = {
    "plain data, undefined dropped": { a: "x", b: undefined, c: [1, undefined, "y", null, true], d: { e: {} }, when: new Date(0) },
    "references in strings": { arn: bucket.arn, text: `arn is ${bucket.arn} and id ${bucket.id}` },
    "a number token, alone and inside a string": { port, text: `port ${port}`, look_alike: "1e+10 and one-e-two" },
    "a list token and a map token": { list: Token.asList(Lazy.anyValue({ produce: () => ["a", "b"] })), map: Token.asStringMap(Lazy.anyValue({ produce: () => ({ k: "v" }) })) },
    "a token as a key": { [Lazy.stringValue({ produce: () => "computed_key" })]: "v" },
    "functions and lazies": { joined: Fn.join(",", ["a", bucket.id]), lazy: Lazy.anyValue({ produce: () => ({ nested: [bucket.arn] }) }) },
  };

  it.each(Object.entries(cases))("resolves %s exactly as cdktf", (_name, value) => {
    expect(JSON.stringify(resolvePlainValues(stack, value, false))).toEqual(JSON.stringify(resolveWithCdktf(stack, value, false)));
  });

  const message = (resolve: () => unknown) => {
    try {
      resolve();
    } catch (error) {
      return (error as Error).message;
    }
    return "no error";
  };
  const nested = (depth: number): unknown => (depth === 0 ? "leaf" : { level: nested(depth - 1) });
  const refused: Record<string, unknown> = {
    "a function (not a value)": { block: [{ bad: () => 1 }] },
    "a map token's placeholder string in a string context": { text: Token.STRING_MAP_TOKEN_VALUE, any: Token.ANY_MAP_TOKEN_VALUE },
    "a map token's placeholder number in a number context": { count: Token.NUMBER_MAP_TOKEN_VALUE },
    "nesting deeper than cdktf allows (it calls it circular)": nested(205),
  };

  it.each(Object.entries(refused))("refuses %s with cdktf's own error, naming the same place", (_name, value) => {
    const expected = message(() => resolveWithCdktf(stack, value));
    expect(expected).not.toEqual("no error");
    expect(message(() => resolvePlainValues(stack, value, false))).toEqual(expected);
  });

  it("accepts nesting as deep as cdktf accepts", () => {
    expect(resolvePlainValues(stack, nested(199), false)).toEqual(resolveWithCdktf(stack, nested(199)));
  });
});

describe("mayHoldToken", () => {
  // cdktf's number-token pattern (tokens/private/encoding.ts) and its string-token marker.
  const cdktfWouldLook = (text: string) => /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/.test(text) || text.includes("TfToken[");

  it("agrees with cdktf's patterns on every string of up to 4 characters over the characters they test", () => {
    const alphabet = ["-", "|", ".", "+", "e", "E", "1", "x", " "];
    let strings = [""];
    let compared = 0;
    for (let length = 1; length <= 4; length++) {
      strings = strings.flatMap((prefix) => alphabet.map((c) => prefix + c));
      for (const text of strings) {
        expect([text, mayHoldToken(text)]).toEqual([text, cdktfWouldLook(text)]);
        compared += 1;
      }
    }
    expect(compared).toBe(9 + 81 + 729 + 6561);
  });

  it("finds a token's marker and a stringified token number, not ordinary text", () => {
    expect(mayHoldToken(`x ${Token.asString(Lazy.stringValue({ produce: () => "v" }))}`)).toBe(true);
    expect(mayHoldToken(`port ${Token.asNumber(Lazy.numberValue({ produce: () => 1 }))}`)).toBe(true);
    expect(mayHoldToken("arn:aws:s3:::dev-lakehouse-data/*")).toBe(false);
    expect(mayHoldToken("one-e-two")).toBe(true);
  });
});
