import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { SecretScope } from "@cdktf/provider-databricks/lib/secret-scope";
import { carryStateIntoGroup } from "../constructs/state-moves";
import { exampleEnvironments, synthBlueprint } from "./helpers";

type Moved = { from: string; to: string };
const typeOf = (address: string) => address.split(".")[0];

describe("grouping the workspace-config stack by concern replaces nothing", () => {
  // What a deployed estate holds in state: the addresses synthesized before the regrouping.
  const before = JSON.parse(readFileSync(join(__dirname, "fixtures", "workspace-config-addresses-7283f45.json"), "utf8")).stacks as Record<string, string[]>;
  const stacks = synthBlueprint(Object.values(exampleEnvironments()));

  it.each(Object.keys(before))("%s: every former address is still there or moved to a resource of the same type", (name) => {
    const doc = JSON.parse(stacks[name]) as { resource: Record<string, Record<string, unknown>>; moved?: Moved[] };
    const now = new Set(Object.entries(doc.resource).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`)));
    const moved = new Map((doc.moved ?? []).map((m) => [m.from, m.to]));
    const lost = before[name].filter((address) => {
      if (now.has(address)) return false;
      const to = moved.get(address);
      return to === undefined || !now.has(to) || typeOf(to) !== typeOf(address);
    });
    expect(lost).toEqual([]);
    // Each moved block leads somewhere real and does not chain or collide.
    const targets = [...moved.values()];
    expect(new Set(targets).size).toBe(targets.length);
    for (const [from, to] of moved) {
      expect(now.has(to)).toBe(true);
      expect(now.has(from)).toBe(false);
    }
  });
});

describe("carryStateIntoGroup", () => {
  const synth = (grouped: boolean) => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const provider = new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
    const parent = grouped ? new Construct(stack, "group") : stack;
    const member = new Construct(parent, "member");
    new SecretScope(member, "scope", { provider, name: "x" });
    if (grouped) carryStateIntoGroup(parent, [member]);
    return JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, unknown>>; moved?: Moved[] };
  };

  it("moves a regrouped resource from exactly the address it had before", () => {
    const [former] = Object.keys(synth(false).resource.databricks_secret_scope);
    const after = synth(true);
    const [now] = Object.keys(after.resource.databricks_secret_scope);
    expect(now).not.toBe(former);
    expect(after.moved).toEqual([{ from: `databricks_secret_scope.${former}`, to: `databricks_secret_scope.${now}` }]);
  });
});
