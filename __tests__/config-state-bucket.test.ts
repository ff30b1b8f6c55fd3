import { configProblems } from "../config/load";
import { examples, variant } from "./helpers";

// Rules between environments that a team meets when it adds its second and third environment.
describe("environments sharing things", () => {
  const second = (edit: (env: any) => void) =>
    variant(examples.prod, (e) => {
      e.name = "prod2";
      e.aws.network.vpcCidr = "10.60.0.0/16";
      edit(e);
    });

  it("refuse one S3 state bucket named in two regions, naming the region the bucket is in", () => {
    const other = second((e) => (e.state = { ...e.state, region: "us-east-1" }));
    const problems = configProblems([...Object.values(examples), other]);
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^environments\["prod2"\]\.state\.region = "us-east-1": .*is in eu-west-1 \(prod's state\.region\); an S3 bucket lives in one region\. Fix: set state\.region "eu-west-1", or use a bucket of us-east-1$/,
      ),
    );
    expect(configProblems([...Object.values(examples), second(() => undefined)]).filter((p) => p.includes("state.region"))).toEqual([]);
  });

  it("propose a range that is free in the estate when two networks overlap", () => {
    const overlapping = second((e) => (e.aws.network.vpcCidr = "10.20.0.0/16"));
    const [problem] = configProblems([...Object.values(examples), overlapping]).filter((p) => p.includes("overlaps"));
    const proposed = /e\.g\. "([\d./]+)", free in this estate/.exec(problem)?.[1];
    expect(proposed).toBe("10.100.0.0/16");
    expect(
      configProblems([...Object.values(examples), second((e) => (e.aws.network.vpcCidr = proposed))]).filter((p) => p.includes("overlaps")),
    ).toEqual([]);
  });
});
