import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../../../config/load";
import { planStack } from "../../../scripts/engine/plan-tests";
import type { Json } from "../../../scripts/engine/realistic-values";
import { engineFromEnvironment, init, run, writeWorkdir } from "../../../scripts/engine/stack-workdir";
import { examples, synthBlueprint, variant } from "../../helpers";

// Data classification is a Public Preview switch the examples keep off (a team's first deploy must
// not depend on it), so `npm run validate` and `npm run test:plan` never see its resources. This runs
// with the new team's step, the one that takes the engine to an estate other than the examples: the
// example estate with classification on in prod, whose config stack is validated and planned by the
// real engine and providers like every other stack.

const HOUR = 60 * 60 * 1000;
const STACK = "prod-workspace-config";

describe("a prod environment with data classification on, through the real engine", () => {
  const envs = loadEnvironments([
    ...Object.values(examples).filter((env) => env.name !== "prod"),
    variant(examples.prod, (e) => (e.unityCatalog.dataClassification = true)),
  ]);
  const stacks = new Map(Object.entries(synthBlueprint(envs)).map(([name, text]) => [name, JSON.parse(text) as Json]));
  const stack = stacks.get(STACK) as Json;
  const work = mkdtempSync(join(tmpdir(), "lakehouse-classification-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("holds the classification config and the results' system schema", () => {
    expect(Object.keys(stack.resource.databricks_data_classification_catalog_config)).toHaveLength(1);
    expect(Object.values<Json>(stack.resource.databricks_system_schema).map((s) => s.schema)).toContain("data_classification");
  });

  it(
    "validates the prod config stack",
    () => {
      const engine = engineFromEnvironment();
      const dir = writeWorkdir(join(work, "validate"), STACK, stack);
      expect(init(engine, dir)).toBeUndefined();
      const result = run(engine, dir, ["validate", "-json"]);
      const report = JSON.parse(result.stdout) as { valid: boolean; diagnostics: Json[] };
      expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(report.valid).toBe(true);
    },
    HOUR,
  );

  it(
    "plans the prod config stack, the classification config on silver and gold without auto-tagging",
    () => {
      const result = planStack(engineFromEnvironment(), join(work, "plan"), STACK, stack, stacks);
      console.log(`${STACK} with data classification: ${result.planned} resources planned, passed: ${result.passed}`);
      expect(result.output).not.toMatch(/^Error: /m);
      expect(result.passed).toBe(true);
      const plan = readFileSync(join(work, "plan", STACK, "plan-test.log"), "utf8");
      const [, config] = /# databricks_data_classification_catalog_config\.\S+ will be created\n([\s\S]*?)\n\s*}\n\n/.exec(plan) ?? [];
      expect(config).toMatch(/\+ parent\s+= "catalogs\/prod_lakehouse"/);
      expect(config).toMatch(/\+ included_schemas\s+= \{\s*\+ names = \[\s*\+ "silver",\s*\+ "gold",\s*\]/);
      // no auto_tag_configs at all: nothing is tagged from a finding
      expect(config).toMatch(/\+ provider_config\s+= \(known after apply\)$/);
      expect(config).not.toContain("auto_tag_configs");
      expect(plan).toMatch(/# databricks_system_schema\.\S+data_classification\S* will be created/);
    },
    HOUR,
  );
});
