import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCi } from "../config/ci";
import { github } from "../config/github";
import { loadEnvironments } from "../config/load";
import { ciMatrix } from "../scripts/ci/matrix";
import { examples, variant } from "./helpers";

const matrixOf = (inputs: unknown[]) => {
  const all = loadEnvironments(inputs);
  return ciMatrix(all, loadCi(github, all));
};

// A team's new environment: a copy of the prod example with its own name, AWS account (an id the
// examples may hold, config/example-values.ts: the example marker stays), range and state.
const analytics = variant(examples.prod, (e) => {
  e.name = "analytics";
  e.stage = "test";
  e.aws.accountId = "123456789012";
  e.aws.network.vpcCidr = "10.60.0.0/16";
  e.state = { backend: "s3", bucket: "acme-analytics-state", region: "eu-west-1", keyPrefix: "lakehouse/analytics" };
});

describe("the CI matrix (npm run ci:matrix)", () => {
  const examplesMatrix = matrixOf(Object.values(examples));

  it("lists the example environments CI can deploy, each with its stacks in dependency order", () => {
    expect(examplesMatrix.include.map((e) => [e.name, e.stacks])).toEqual([
      ["dev", "metastore:metastore-aws-eu-west-1-00000000 workspace:dev-aws-workspace config:dev-workspace-config"],
      ["azdev", "metastore:metastore-azure-westeurope-00000000 workspace:azdev-azure-workspace config:azdev-workspace-config"],
      ["prod", "metastore:metastore-aws-eu-west-1-00000000 workspace:prod-aws-workspace config:prod-workspace-config"],
      [
        "azprod",
        "metastore:metastore-azure-westeurope-00000000 egress-hub:egress-hub-azure-westeurope-00000000-0000-4000-8000-00000000aa02 workspace:azprod-azure-workspace config:azprod-workspace-config",
      ],
      // azdev's private endpoints to azprod's storage, applied as azdev once that account exists
      ["azdev", "data-path:azdev-prod-data-path"],
    ]);
    expect(examplesMatrix.include[2]).toMatchObject({
      cloud: "aws",
      githubEnvironment: "prod",
      githubPlanEnvironment: "prod-plan",
      awsRegion: "eu-west-1",
      databricksAccountId: "00000000-0000-4000-8000-000000000000",
    });
    expect(examplesMatrix.include[1]).toMatchObject({
      cloud: "azure",
      azureTenantId: "00000000-0000-4000-8000-00000000ee01",
      azureSubscriptionId: "00000000-0000-4000-8000-00000000aa01",
    });
    expect(examplesMatrix.include[3]).toMatchObject({
      cloud: "azure",
      azureTenantId: "00000000-0000-4000-8000-00000000ee01",
      azureSubscriptionId: "00000000-0000-4000-8000-00000000aa02",
    });
  });

  it("leaves out environments with local state, saying why and how to fix it", () => {
    // The serverless sandbox, unpaired, is the example kept on local state (docs/remote-state.md).
    expect(examplesMatrix.skipped.map((s) => s.name)).toEqual(["sandbox"]);
    expect(examplesMatrix.skipped[0].reason).toMatch(/^sandbox keeps local state .* Fix: give it remote state \(s3 or azurerm/);
  });

  it("deploys each dev environment before the prod environment whose config stack reads its workspace state", () => {
    const all = loadEnvironments(Object.values(examples));
    const order = examplesMatrix.include.map((e) => e.name);
    const pairs = all.flatMap((env) => (env.unityCatalog.readsProdCatalogOf ? [[env.name, env.unityCatalog.readsProdCatalogOf]] : []));
    expect(pairs).toEqual([
      ["dev", "prod"],
      ["azdev", "azprod"],
    ]);
    for (const [reader, prod] of pairs) {
      expect(order).toContain(reader);
      expect(order.indexOf(reader)).toBeLessThan(order.indexOf(prod));
    }
  });

  it("passes the JDBC secrets only where the config stack declares them (jobs.jdbc with a Databricks-backed scope)", () => {
    expect(examplesMatrix.include.map((e) => [e.name, e.jdbc])).toEqual([
      ["dev", true],
      ["azdev", false],
      ["prod", true],
      ["azprod", false],
      ["azdev", false],
    ]);
    const withoutJdbc = variant(examples.prod, (e) => delete e.jobs.jdbc);
    expect(matrixOf([examples.dev, withoutJdbc, examples.azdev, examples.azprod]).include.find((e) => e.name === "prod")?.jdbc).toBe(false);
  });

  it("picks up an added environment, in deploy order (test before prod) with its stacks in dependency order", () => {
    const matrix = matrixOf([...Object.values(examples), analytics]);
    expect(matrix.include.map((e) => e.name)).toEqual(["dev", "azdev", "analytics", "prod", "azprod", "azdev"]);
    const entry = matrix.include[2];
    expect(entry.stacks.split(" ")).toEqual([
      "metastore:metastore-aws-eu-west-1-00000000",
      "workspace:analytics-aws-workspace",
      "config:analytics-workspace-config",
    ]);
    expect(entry).toMatchObject({ githubEnvironment: "analytics", githubPlanEnvironment: "analytics-plan", stage: "test" });
  });

  it("carries every value the workflows read from it", () => {
    const [entry] = examplesMatrix.include;
    for (const workflow of ["pull-request.yml", "deploy.yml"]) {
      const text = readFileSync(join(__dirname, "..", ".github", "workflows", workflow), "utf8");
      const used = [...new Set([...text.matchAll(/(?<![\w./])matrix\.([A-Za-z]+)/g)].map((m) => m[1]))];
      expect(used.length).toBeGreaterThan(5);
      expect(used.filter((key) => !(key in entry))).toEqual([]);
    }
  });
});
