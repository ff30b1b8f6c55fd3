import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DOCUMENTATION_RANGES, EXAMPLE_VALUES, RESERVED_DOMAINS } from "../../../config/example-values";
import { exampleEnvironments } from "../../../config/examples";
import { takenRanges } from "../../../scripts/new-environment/network-range";

// `npm run test:new-team`: a new team's first day, played with the real code paths in a copy of this
// repository. It scaffolds its two environments with `npm run new-environment` (AWS "analytics" in
// us-east-1, prod, adopting the region's metastore; Azure "azanalytics" in northeurope, dev, creating
// it), drops the examples from the estate, fills what the command left to fill with the company's values
// (addresses from 198.18.0.0/15, RFC 2544 benchmarking: public, no one's network; invented ids and
// domain), synthesizes the estate with the app's own command, and looks in every synthesized stack for
// every value of config/example-values.ts. Then the engine (scripts/engine/use.sh) validates and plans
// each stack, as `npm run validate` and `npm run test:plan` do for the examples.

const root = join(__dirname, "..", "..", "..");
const HOUR = 60 * 60 * 1000;
const ADOPTED = "008f0983-b2b1-479b-9a05-9d5f53e4560f";

// What the team fills in by hand, by the placeholder's words ("<your AWS account id>").
const FILLED: Record<string, Record<string, string>> = {
  analytics: {
    "owning team": "analytics-platform",
    "cost center": "cc-7310",
    "AWS account id": "493817265012",
    "office or VPN egress range": "198.18.10.0/24",
    "deploy runners' egress range": "198.18.20.0/28",
    "owning team's mailbox": "analytics-platform@northwind-analytics.eu",
    "on-call mailbox": "analytics-oncall@northwind-analytics.eu",
    "Terraform state bucket": "northwind-analytics-tfstate",
  },
  azanalytics: {
    "Azure subscription id": "e4a6eae9-d22f-42d9-b360-1cc7efc7d846",
    "Entra tenant id": "a4e96fa8-3b7d-4890-8d3f-30054bd91a93",
    "AzureDatabricks enterprise application object id": "df19bb83-5f89-4565-8764-32a728b40746",
    "Key Vault name": "kv-northwind-azan",
    "storage account name": "stnorthwindazan01",
    "Terraform state resource group": "rg-northwind-tfstate",
    "Terraform state storage account": "stnorthwindtfstate",
  },
};

const SCAFFOLDS: Array<[string, string[]]> = [
  [
    "analytics",
    [
      "--cloud",
      "aws",
      "--name",
      "analytics",
      "--region",
      "us-east-1",
      "--stage",
      "prod",
      "--metastore",
      `adopt:${ADOPTED}`,
      "--monthly-budget-usd",
      "8000",
      "--databricks-account-id",
      "3a6825e8-d0ad-4063-843e-1de841eba028",
      "--github-repository",
      "northwind-analytics/lakehouse",
      "--without-examples",
    ],
  ],
  [
    "azanalytics",
    [
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
      "--databricks-account-id",
      "598ba3c4-9989-442b-8d49-e284a6524241",
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
    ],
  ],
];

const SKIPPED = new Set(["node_modules", ".git", "cdktf.out", ".build", ".engine-work", ".venv", "__pycache__"]);

/** A copy of the repository (sources only, node_modules linked), as a team's clone. */
function cloneRepository(): string {
  const copy = join(mkdtempSync(join(tmpdir(), "lakehouse-new-team-")), "repo");
  cpSync(root, copy, { recursive: true, filter: (source) => !SKIPPED.has(source.split("/").pop() as string) });
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
  return copy;
}

const run = (cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> =>
  spawnSync(command, args, {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });

/** The example values looked for in the synthesized stacks: config/example-values.ts's list, the ranges' addresses and the examples' networks. */
function exampleNeedles(): Array<{ needle: RegExp; what: string }> {
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return [
    ...EXAMPLE_VALUES.map((example) => ({ needle: new RegExp(escapeRegExp(example.value), "i"), what: example.what })),
    ...DOCUMENTATION_RANGES.map((doc) => ({
      needle: new RegExp(escapeRegExp(doc.range.includes(":") ? "2001:db8:" : doc.range.replace(/0\/24$/, "")), "i"),
      what: `${doc.range} (${doc.source})`,
    })),
    ...RESERVED_DOMAINS.map((domain) => ({
      needle: new RegExp(`[@./][a-z0-9-]*${domain.subdomainsOnly ? "\\." : "\\.?"}${escapeRegExp(domain.domain)}(?![a-z0-9-])`, "i"),
      what: `${domain.domain} (${domain.source})`,
    })),
    ...takenRanges(exampleEnvironments).map((range) => ({
      needle: new RegExp(`"${escapeRegExp(range)}"`),
      what: `the examples' network ${range}`,
    })),
  ];
}

describe("a new team's first day: scaffold, fill, synthesize without the examples, validate and plan", () => {
  let copy: string;
  let out: string;
  let stacks: Map<string, string>;
  const printed: string[] = [];

  beforeAll(() => {
    copy = cloneRepository();
    for (const [name, args] of SCAFFOLDS) {
      const result = run(copy, "npm", ["run", "--silent", "new-environment", "--", ...args]);
      expect({ name, status: result.status, stderr: result.stderr }).toEqual({ name, status: 0, stderr: "" });
      printed.push(result.stdout);
      const file = join(copy, "config", "environments", `${name}.ts`);
      const filled = readFileSync(file, "utf8").replace(/"<your ([^"<>]+)>"/g, (_, what: string) => {
        const value = FILLED[name][what];
        if (value === undefined) throw new Error(`${name}: the scaffold asked for "${what}", which this test does not fill`);
        return JSON.stringify(value);
      });
      writeFileSync(file, filled);
    }
    out = join(copy, "cdktf.out");
    const app = JSON.parse(readFileSync(join(copy, "cdktf.json"), "utf8")).app as string;
    const synth = run(copy, "sh", ["-c", app], { CDKTF_OUTDIR: out, LAKEHOUSE_ESTATE: "", LAKEHOUSE_ENVIRONMENTS: "" });
    expect({ status: synth.status, stderr: synth.stderr }).toEqual({ status: 0, stderr: "" });
    stacks = new Map(
      readdirSync(join(out, "stacks")).map((name) => [name, readFileSync(join(out, "stacks", name, "cdk.tf.json"), "utf8")]),
    );
  }, HOUR);
  afterAll(() => copy && rmSync(join(copy, ".."), { recursive: true, force: true }));

  it("prints what is left to fill and the way to a first deploy, naming the team's own stacks", () => {
    expect(printed[0]).toMatch(/Wrote config\/environments\/analytics\.ts, config\/environments\/index\.ts, config\/github\.ts\./);
    expect(printed[0]).toMatch(/Still to fill[\s\S]*aws\.accountId[\s\S]*state\.bucket[\s\S]*bootstrap-aws-3a6825e8/);
    expect(printed[1]).toContain("bootstrap-azure-598ba3c4");
    expect(printed.join("\n")).not.toContain("still lists the blueprint's examples");
  });

  it("synthesizes the team's stacks only: no example's, and adoption leaves out the AWS metastore stack", () => {
    expect([...stacks.keys()].sort()).toEqual([
      "analytics-aws-workspace",
      "analytics-workspace-config",
      "azanalytics-azure-workspace",
      "azanalytics-workspace-config",
      "bootstrap-aws-3a6825e8",
      "bootstrap-azure-598ba3c4",
      "metastore-azure-northeurope-598ba3c4",
    ]);
    const workspace = JSON.parse(stacks.get("analytics-aws-workspace") as string);
    expect(Object.values(workspace.resource.databricks_metastore_assignment).map((a: any) => a.metastore_id)).toEqual([ADOPTED]);
    expect([...stacks.values()].filter((text) => /"databricks_metastore"\s*:/.test(text))).toHaveLength(1);
  });

  it("holds no example id, range, domain or name in any synthesized stack", () => {
    const needles = exampleNeedles();
    expect(needles.length).toBeGreaterThan(EXAMPLE_VALUES.length);
    const found = [...stacks].flatMap(([name, text]) =>
      needles.filter(({ needle }) => needle.test(text)).map(({ what }) => `${name}: ${what}`),
    );
    expect(found).toEqual([]);
    // The check can fail: the company's own values are there to be found.
    expect(needles.some(({ needle }) => needle.test('"10.20.0.0/16"'))).toBe(true);
    expect(stacks.get("analytics-workspace-config")).toContain("analytics-oncall@northwind-analytics.eu");
    console.log(`new team: ${needles.length} example values looked for in ${stacks.size} stacks, none found`);
  });

  it(
    "validates every stack with the real engine and providers",
    () => {
      const result = run(root, process.execPath, [
        require.resolve("ts-node/dist/bin.js"),
        "--swc",
        join(root, "scripts/engine/validate.ts"),
        out,
      ]);
      console.log(result.stdout);
      expect(result.stdout).toContain(`validate: ${stacks.size} of ${stacks.size} stacks valid`);
      expect(result.status).toBe(0);
    },
    HOUR,
  );

  it(
    "plans every stack with the real engine and providers, the adopted metastore's assignment included",
    () => {
      const result = run(root, process.execPath, [
        require.resolve("ts-node/dist/bin.js"),
        "--swc",
        join(root, "scripts/engine/plan-tests.ts"),
        out,
      ]);
      console.log(result.stdout);
      const planned = /plan tests: (\d+) of (\d+) stacks planned, (\d+) resources in all/.exec(result.stdout);
      expect(planned?.slice(1, 3)).toEqual([String(stacks.size), String(stacks.size)]);
      expect(Number(planned?.[3])).toBeGreaterThan(100);
      expect(result.stdout).toMatch(/✓ analytics-aws-workspace: \d+ resources planned/);
      // The adoption as planned: the workspace is assigned the metastore that is there; nothing creates one.
      const plan = readFileSync(join(copy, ".engine-work", "plan", "analytics-aws-workspace", "plan-test.log"), "utf8");
      expect(plan).toMatch(
        new RegExp(`# databricks_metastore_assignment\\.\\S+ will be created[\\s\\S]*?\\+ metastore_id\\s+= "${ADOPTED}"`),
      );
      expect(plan).not.toMatch(/# databricks_metastore\.\S+ will be created/);
      expect(result.status).toBe(0);
    },
    HOUR,
  );
});
