import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleEnvironments } from "../config/examples";
import { configProblems } from "../config/load";
import { examplePlaceholder } from "../config/placeholders";
import { isUnfilled } from "../config/unfilled";
import { proposeNetworkRange, takenRanges } from "../scripts/new-environment/network-range";
import { ScaffoldError, scaffold } from "../scripts/new-environment/scaffold";

// `npm run new-environment` (scripts/new-environment/), called as a function on a copy of config/: it
// writes the environment file and the estate's index there, or refuses with every problem and writes
// nothing. __tests__/tools/new-team/ runs the command itself and takes its output to the engine.

const root = join(__dirname, "..");
const AWS = [
  "--cloud",
  "aws",
  "--name",
  "analytics",
  "--region",
  "us-east-1",
  "--stage",
  "prod",
  "--metastore",
  "adopt:008f0983-b2b1-479b-9a05-9d5f53e4560f",
  "--monthly-budget-usd",
  "5000",
];
const AZURE = [
  "--cloud",
  "azure",
  "--name",
  "azanalytics",
  "--region",
  "northeurope",
  "--stage",
  "dev",
  "--metastore",
  "create",
  "--monthly-budget-usd",
  "2500",
];

/** A directory holding copies of config/environments/index.ts and config/github.ts, as a clone has them. */
function clone(): string {
  const dir = mkdtempSync(join(tmpdir(), "lakehouse-scaffold-"));
  cpSync(join(root, "config", "environments"), join(dir, "config", "environments"), { recursive: true });
  cpSync(join(root, "config", "github.ts"), join(dir, "config", "github.ts"));
  return dir;
}

/** Every file under `dir` with its text: what a refusal must leave as it was. */
function contents(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(
    files.map((entry) => [join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name), "utf8")]),
  );
}

const refusal = (dir: string, args: string[]): string[] => {
  try {
    scaffold({ root: dir, estate: exampleEnvironments, args });
  } catch (error) {
    if (error instanceof ScaffoldError) return error.problems;
    throw error;
  }
  throw new Error("the scaffold wrote what it should have refused");
};

/** The environment a written file exports (its only import is a type, which the transform drops). */
const exported = (file: string): Record<string, any> => Object.values(require(file) as Record<string, any>)[0];

/** Every string in a value, with its path. */
function strings(value: unknown, path = ""): Array<[string, string]> {
  if (typeof value === "string") return [[path, value]];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, child]) =>
    strings(child, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key),
  );
}

describe("npm run new-environment", () => {
  let dir: string;
  beforeEach(() => (dir = clone()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes an environment with no example value, lists it in the estate, and leaves each unknown as a placeholder config refuses", () => {
    const result = scaffold({ root: dir, estate: exampleEnvironments, args: AWS });
    expect(result.files.map((file) => file.path)).toEqual(["config/environments/analytics.ts", "config/environments/index.ts"]);
    const env = exported(join(dir, "config/environments/analytics.ts"));
    expect(env).toMatchObject({
      name: "analytics",
      cloud: "aws",
      stage: "prod",
      unityCatalog: { metastore: { mode: "adopt", id: "008f0983-b2b1-479b-9a05-9d5f53e4560f" } },
    });
    expect(env.aws.network.vpcCidr).toBe("10.100.0.0/16");
    // Prod with an adopted metastore: serverless egress off with the reason (the metastore stack makes its NCC).
    expect(env.security.serverlessEgress).toEqual({ enabled: false, reason: expect.stringContaining("adopted") });
    expect(strings(env).filter(([field, value]) => examplePlaceholder(value, field))).toEqual([]);
    const placeholders = strings(env)
      .filter(([, value]) => isUnfilled(value))
      .map(([field]) => field);
    expect(placeholders).toEqual([
      "tags.owner",
      "tags.costCenter",
      "databricks.accountId",
      "aws.accountId",
      "security.ipAccessList[0]",
      "security.deployerIpRanges[0]",
      "repository.url",
      "costs.ownerEmails[0]",
      "jobs.notificationEmails[0]",
      "state.bucket",
    ]);
    // Config refuses the file once per placeholder, saying who wrote it, and for nothing else.
    const problems = configProblems([...exampleEnvironments, env]);
    expect(problems).toHaveLength(placeholders.length);
    for (const field of placeholders)
      expect(problems).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^environments\\["analytics"\\]\\.${field.replace(/[.[\]]/g, "\\$&")} = "<your [^"]+>": is a placeholder npm run new-environment wrote, still to fill: it .* Fix: `,
          ),
        ),
      );
    const index = readFileSync(join(dir, "config/environments/index.ts"), "utf8");
    expect(index).toContain('import { analytics } from "./analytics";');
    expect(index).toContain("export const environments: EnvironmentInput[] = [...exampleEnvironments, analytics];");
    expect(result.nextSteps).toMatch(
      /Still to fill in config\/environments\/analytics\.ts[\s\S]*preflight:metastore[\s\S]*bootstrap-aws-ACCOUNT[\s\S]*analytics-plan[\s\S]*env:summary -- analytics[\s\S]*analytics-aws-workspace and analytics-workspace-config/,
    );
  });

  it("fills what the flags give; once filled, config accepts the estate without the examples", () => {
    const args = [
      ...AZURE,
      "--without-examples",
      "--databricks-account-id",
      "598ba3c4-9989-442b-8d49-e284a6524241",
      "--subscription-id",
      "e4a6eae9-d22f-42d9-b360-1cc7efc7d846",
      "--tenant-id",
      "a4e96fa8-3b7d-4890-8d3f-30054bd91a93",
      "--databricks-enterprise-app-object-id",
      "df19bb83-5f89-4565-8764-32a728b40746",
      "--key-vault-name",
      "kv-northwind-azan",
      "--storage-account-name",
      "stnorthwindazan01",
      "--ip-access-list",
      "198.18.10.0/24",
      "--deployer-ip-ranges",
      "198.18.20.0/28",
      "--owner",
      "analytics-platform",
      "--cost-center",
      "cc-7310",
      "--owner-email",
      "analytics-platform@northwind-analytics.eu",
      "--oncall-email",
      "analytics-oncall@northwind-analytics.eu",
      "--state-resource-group",
      "rg-northwind-tfstate",
      "--state-storage-account",
      "stnorthwindtfstate",
      "--github-repository",
      "northwind-analytics/lakehouse",
    ];
    const result = scaffold({ root: dir, estate: exampleEnvironments, args });
    expect(result.files.map((file) => file.path)).toEqual([
      "config/environments/azanalytics.ts",
      "config/environments/index.ts",
      "config/github.ts",
    ]);
    const env = exported(join(dir, "config/environments/azanalytics.ts"));
    expect(strings(env).filter(([, value]) => isUnfilled(value))).toEqual([]);
    expect(env.repository).toEqual({ url: "https://github.com/northwind-analytics/lakehouse.git", provider: "gitHub", branch: "main" });
    expect(configProblems([env])).toEqual([]);
    const index = readFileSync(join(dir, "config/environments/index.ts"), "utf8");
    expect(index).not.toContain("exampleEnvironments");
    expect(index).toContain("export const environments: EnvironmentInput[] = [azanalytics];");
    expect(readFileSync(join(dir, "config/github.ts"), "utf8")).toContain('github: { repository: "northwind-analytics/lakehouse" }');
    expect(result.nextSteps).not.toMatch(/Still to fill|examples' repository|still lists the blueprint's examples/);
    expect(result.nextSteps).toContain("bootstrap-azure-598ba3c4");
  });

  it("takes the notebooks' repository from config/github.ts once it names the team's, and never from the examples'", () => {
    const first = scaffold({ root: dir, estate: exampleEnvironments, args: AWS });
    expect(exported(join(dir, "config/environments/analytics.ts")).repository.url).toBe("<your notebooks repository's https clone URL>");
    expect(first.nextSteps).toContain("config/github.ts still names the examples' repository (example-org/lakehouse)");
    writeFileSync(
      join(dir, "config/github.ts"),
      readFileSync(join(dir, "config/github.ts"), "utf8").replace("example-org/lakehouse", "northwind-analytics/lakehouse"),
    );
    const second = scaffold({
      root: dir,
      estate: exampleEnvironments,
      args: [...AWS.slice(0, 2), "--name", "analytics2", ...AWS.slice(4), "--network-cidr", "10.110.0.0/16"],
    });
    expect(exported(join(dir, "config/environments/analytics2.ts")).repository.url).toBe(
      "https://github.com/northwind-analytics/lakehouse.git",
    );
    expect(second.nextSteps).not.toContain("examples' repository");
  });

  it("writes a serverless AWS environment with no network and no classic compute, and refuses the mode on Azure against its flag", () => {
    const args = AWS.map((arg) => (arg === "prod" ? "dev" : arg));
    scaffold({ root: dir, estate: exampleEnvironments, args: [...args, "--compute-mode", "serverless"] });
    const env = exported(join(dir, "config/environments/analytics.ts"));
    expect(env.aws.network).toBeUndefined();
    expect(env.compute).toEqual({ mode: "serverless", sqlWarehouse: expect.objectContaining({ clusterSize: "2X-Small" }) });
    // On an adopted metastore there is no network connectivity configuration to bind, so egress control stays off.
    expect(env.security.serverlessEgress).toBeUndefined();
    const other = clone();
    const azure = refusal(other, [...AZURE, "--compute-mode", "serverless"]);
    rmSync(other, { recursive: true, force: true });
    expect(azure).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^--compute-mode \(compute\.mode\) = "serverless": .*azurerm 4\.73's azurerm_databricks_workspace has no compute mode/,
        ),
      ]),
    );
  });

  it("turns serverless egress control on for a serverless dev environment on a created metastore, admitting the package index", () => {
    const args = AWS.map((arg) => (arg === "prod" ? "dev" : arg.startsWith("adopt:") ? "create" : arg));
    scaffold({ root: dir, estate: exampleEnvironments, args: [...args, "--compute-mode", "serverless"] });
    const env = exported(join(dir, "config/environments/analytics.ts"));
    expect(env.security.serverlessEgress).toEqual({ enabled: true, allowedDomains: ["pypi.org", "files.pythonhosted.org"] });
  });

  it("refuses a prod serverless environment on an adopted metastore once, against --metastore, writing nothing", () => {
    const problems = refusal(dir, [...AWS, "--compute-mode", "serverless"]);
    expect(problems).toEqual([
      expect.stringMatching(
        /^--metastore \(unityCatalog\.metastore\.mode\) = "adopt": .*Fix: use unityCatalog\.metastore: \{ mode: "create" \}/,
      ),
    ]);
    // Config words the fix as config edits; the scaffold names the flags that make them.
    expect(problems[0]).toMatch(/ \(scaffold flags: --metastore sets unityCatalog\.metastore; --compute-mode sets compute\.mode\)$/);
    expect(existsSync(join(dir, "config/environments/analytics.ts"))).toBe(false);
  });

  it("gives a prod Azure environment the endpoint subnet back-end Private Link needs, inside its /20, and a free /24 for its egress hub", () => {
    scaffold({ root: dir, estate: exampleEnvironments, args: [...AZURE.slice(0, 6), "--stage", "prod", ...AZURE.slice(8)] });
    const env = exported(join(dir, "config/environments/azanalytics.ts"));
    expect(env.azure.network).toEqual({
      vnetCidr: "10.100.0.0/20",
      subnetNewBits: 2,
      privateConnectivity: { endpointSubnetCidr: "10.100.8.0/26" },
      egress: { hubVnetCidr: "10.100.16.0/24" },
    });
  });

  it.each([
    [
      "an unknown cloud",
      ["--cloud", "gcp", ...AWS.slice(2)],
      '--cloud = "gcp": is not a cloud this blueprint deploys to. Fix: use "aws" or "azure"',
    ],
    [
      "a region the blueprint does not deploy to",
      [...AWS.slice(0, 4), "--region", "us-east-9", ...AWS.slice(6)],
      '--region = "us-east-9": is not an AWS region with Databricks E2 workspaces. Fix: use one of us-east-1',
    ],
    [
      "a name the estate has",
      [...AWS.slice(0, 2), "--name", "prod", ...AWS.slice(4)],
      '--name = "prod": is already an environment of the estate (config/environments/index.ts); stack names would collide. Fix: choose another name',
    ],
    [
      "a name config refuses",
      [...AWS.slice(0, 2), "--name", "Analytics", ...AWS.slice(4)],
      '--name (name) = "Analytics": must be 2-15 lowercase letters, digits or "-", starting with a letter. Fix:',
    ],
    [
      "a name S3 refuses in the buckets named after it",
      [...AWS.slice(0, 2), "--name", "xn--analytics", ...AWS.slice(4)],
      '--name (name) = "xn--analytics": names the environment\'s S3 buckets',
    ],
    [
      "a name that would write over a file",
      [...AWS.slice(0, 2), "--name", "index", ...AWS.slice(4)],
      '--name = "index": would be written to config/environments/index.ts, which exists; the scaffold never writes over a file. Fix:',
    ],
    [
      "a range overlapping an environment",
      [...AWS, "--network-cidr", "10.30.128.0/17"],
      '--network-cidr (aws.network.vpcCidr) = "10.30.128.0/17": "10.30.128.0/17" overlaps prod\'s network "10.30.0.0/16". Fix:',
    ],
    [
      "an example's account id",
      [...AWS, "--databricks-account-id", "00000000-0000-4000-8000-000000000000"],
      '--databricks-account-id (databricks.accountId) = "00000000-0000-4000-8000-000000000000": is the AWS examples\' Databricks account id (config/examples/), a placeholder',
    ],
    [
      "an account of the other cloud",
      [...AZURE, "--databricks-account-id", "00000000-0000-4000-8000-000000000000"],
      "is also dev's Databricks account, which is on aws; a Databricks account belongs to one cloud",
    ],
    [
      "a documentation range",
      [...AWS, "--ip-access-list", "192.0.2.0/24"],
      '--ip-access-list (security.ipAccessList[0]) = "192.0.2.0/24": is in 192.0.2.0/24, an address range reserved for documentation',
    ],
    [
      "a metastore choice of neither form",
      [...AWS.slice(0, 8), "--metastore", "shared", ...AWS.slice(10)],
      '--metastore = "shared": is neither "create" nor "adopt:<metastore id>". Fix:',
    ],
    [
      "a metastore id that is no UUID",
      [...AWS.slice(0, 8), "--metastore", "adopt:main", ...AWS.slice(10)],
      '--metastore (unityCatalog.metastore.id) = "main": is not a metastore id. Fix:',
    ],
    [
      "a misspelt flag",
      [...AWS, "--regoin", "x"],
      '--regoin = "x": is not a flag of this command (did you mean --region?). Fix: write --region',
    ],
    [
      "a flag of the other cloud",
      [...AWS, "--subscription-id", "e4a6eae9-d22f-42d9-b360-1cc7efc7d846"],
      '--subscription-id = "e4a6eae9-d22f-42d9-b360-1cc7efc7d846": is a flag of azure environments, and this one is on aws. Fix: remove it',
    ],
    ["a required flag left out", AWS.slice(0, 10), "--monthly-budget-usd = (missing): is required"],
    [
      "a budget that is no amount",
      [...AWS.slice(0, 10), "--monthly-budget-usd", "lots"],
      '--monthly-budget-usd = "lots": is not an amount in USD. Fix: write digits, e.g. 5000',
    ],
    [
      "the examples' repository",
      [...AWS, "--github-repository", "example-org/lakehouse"],
      '--github-repository (repository.url) = "https://github.com/example-org/lakehouse.git": is the examples\' repository',
    ],
    [
      "a repository that is no OWNER/NAME",
      [...AWS, "--github-repository", "https://github.com/acme/x"],
      '--github-repository (ci.github.repository) = "https://github.com/acme/x": is not a GitHub repository. Fix:',
    ],
  ])("refuses %s with the flag, the value and the fix, and writes nothing", (_kind, args, expected) => {
    const before = contents(dir);
    const problems = refusal(dir, args as string[]);
    expect(problems).toContainEqual(expect.stringContaining(expected));
    for (const problem of problems) expect(problem).toMatch(/^(--[a-z-]+( \([^)]+\))? = .+: .*Fix: |"[^"]*": is not a flag)/);
    expect(contents(dir)).toEqual(before);
  });

  it("reports every problem of one run at once", () => {
    const problems = refusal(dir, [
      ...AWS.slice(0, 2),
      "--name",
      "Analytics",
      ...AWS.slice(4, 8),
      "--metastore",
      "shared",
      "--monthly-budget-usd",
      "lots",
      "--regoin",
      "x",
    ]);
    expect(problems.map((problem) => /^--[a-z-]+/.exec(problem)?.[0])).toEqual([
      "--regoin",
      "--monthly-budget-usd",
      "--metastore",
      "--name",
    ]);
  });

  it("proposes the first free block from 10.100.0.0 on, beside every range the estate and the examples route to", () => {
    const taken = takenRanges(exampleEnvironments);
    expect(taken).toEqual(expect.arrayContaining(["10.20.0.0/16", "10.30.0.0/16", "10.40.8.0/24", "10.40.0.0/22", "10.50.0.0/20"]));
    expect(proposeNetworkRange("aws", "dev", taken)).toBe("10.100.0.0/16");
    expect(proposeNetworkRange("aws", "dev", [...taken, "10.100.0.0/16", "10.101.5.0/24"])).toBe("10.102.0.0/16");
    expect(proposeNetworkRange("azure", "dev", ["10.100.0.0/22"])).toBe("10.100.4.0/22");
    expect(proposeNetworkRange("aws", "dev", ["10.0.0.0/8"])).toBeUndefined();
  });

  it("never writes over a file that appears under the name (a second run refuses)", () => {
    scaffold({ root: dir, estate: exampleEnvironments, args: AWS });
    writeFileSync(join(dir, "config/environments/marker.txt"), "kept");
    const before = contents(dir);
    expect(refusal(dir, AWS)).toContainEqual(
      expect.stringContaining('--name = "analytics": would be written to config/environments/analytics.ts, which exists'),
    );
    expect(contents(dir)).toEqual(before);
  });
});
