import { CiConfigError, loadCi } from "../config/ci";
import { github } from "../config/github";
import { loadEnvironments } from "../config/load";
import { teamAws } from "./fixtures/team-environments";
import { exampleEnvironments } from "./helpers";

const all = Object.values(exampleEnvironments());
const problemsOf = (input: unknown): string[] => {
  try {
    loadCi(input, all);
  } catch (error) {
    if (error instanceof CiConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("CI settings (config/github.ts)", () => {
  it("give each environment its deploy and plan GitHub environments, defaults or overrides", () => {
    const ci = loadCi(
      { github: { repository: "acme/lakehouse-platform", environments: { prod: { deploy: "production", plan: "production-plan" } } } },
      all,
    );
    expect(ci.githubEnvironments.dev).toEqual({ deploy: "dev", plan: "dev-plan" });
    expect(ci.githubEnvironments.prod).toEqual({ deploy: "production", plan: "production-plan" });
    expect(ci.repository).toBe("acme/lakehouse-platform");
  });

  it.each([
    [
      { github: { repository: "https://github.com/acme/lakehouse" } },
      'ci.github.repository = "https://github.com/acme/lakehouse": is not a GitHub repository. Fix: write OWNER/NAME as in its URL',
    ],
    [{ github: {} }, "ci.github.repository = (missing): is required. Fix: add it"],
    [
      { github: { repository: "acme/x", environments: { prd: { deploy: "prod" } } } },
      'ci.github.environments.prd = {"deploy":"prod"}: names no configured environment. Fix: rename it to prod, or use one of dev, prod, azdev, azprod',
    ],
    [
      { github: { repository: "acme/x", environments: { azprod: { deploy: "prod" } } } },
      'ci.github.environments.azprod.deploy = "prod": is already the GitHub environment of prod (deploy); a GitHub environment\'s token would then open both. Fix: give azprod its own GitHub environment for deploying, e.g. "azprod"',
    ],
    [
      { github: { repository: "acme/x", environments: { dev: { plan: "Dev Plan" } } } },
      'ci.github.environments.dev.plan = "Dev Plan": is not a GitHub environment name this blueprint accepts',
    ],
    [
      { github: { repository: "acme/x", enviroments: {} } },
      "ci.github.enviroments = {}: is not a field here (did you mean environments?). Fix: rename it to environments",
    ],
    [
      { github: { repository: "acme/x" }, bootstrap: { awsAdminRoleName: "not a role" } },
      'ci.bootstrap.awsAdminRoleName = "not a role": is not an IAM role name. Fix: e.g. "OrganizationAccountAccessRole"',
    ],
  ])("refuse %j naming the field, the value and the fix", (input, expected) => {
    const problems = problemsOf(input);
    expect(problems).toEqual([expect.stringContaining(expected)]);
  });

  it("refuse the examples' repository once the estate holds an environment of the team's own, and only then", () => {
    const team = loadEnvironments([teamAws]);
    expect(() => loadCi(github, team)).toThrow(CiConfigError);
    const problems = (() => {
      try {
        loadCi(github, [...all, ...team]);
      } catch (error) {
        return (error as CiConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      expect.stringMatching(
        /^ci\.github\.repository = "example-org\/lakehouse": is the examples' repository \(config\/examples\/\), a placeholder, while the estate holds analytics, no example; .* Fix: set github\.repository in config\/github\.ts to your repository's OWNER\/NAME/,
      ),
    ]);
    expect(loadCi(github, all).repository).toBe("example-org/lakehouse");
    expect(loadCi({ github: { repository: "northwind-analytics/lakehouse" } }, team).repository).toBe("northwind-analytics/lakehouse");
  });

  it("say which file to fix", () => {
    expect(() => loadCi({ github: {} }, all)).toThrow(/^Invalid CI settings in config\/github\.ts \(1 problem\):/);
  });
});
