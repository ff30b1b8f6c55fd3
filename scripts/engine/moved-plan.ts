// Proves with the real engine that regrouping constructs replaced nothing: the workspace-config
// stacks synthesized at an earlier commit (default: the one before the stack was grouped by concern)
// are planned from empty state, that plan's values become a state at the OLD addresses, and the
// current stacks (with their `moved` blocks) are planned against that state. Every old resource
// must be kept (moved or in place); nothing may be destroyed or replaced; only resources that did not
// exist before may be created. Offline: data sources and remote states become locals with
// realistic values, and the plans skip refresh, so no API is called.
// Usage: npm run test:moves (synthesizes first); a commit other than the default: bash scripts/engine/run.sh npx ts-node --swc scripts/engine/moved-plan.ts <commit>
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { numericIdFor, producerName, remoteOutputsRead, remoteStateOutputs, uuidFor, type Json } from "./realistic-values";
import { engineFromEnvironment, init, readStacks, run, writeWorkdir, type Engine } from "./stack-workdir";

const BEFORE_GROUPING = "7283f45";
const ROOT = resolve(__dirname, "..", "..");

/** The stacks as the given commit synthesizes them, from a temporary worktree sharing node_modules. */
function synthesizeAt(commit: string): Map<string, Json> {
  const tree = mkdtempSync(join(tmpdir(), "moved-plan-"));
  execFileSync("git", ["worktree", "add", "--detach", tree, commit], { cwd: ROOT, stdio: "pipe" });
  try {
    symlinkSync(join(ROOT, "node_modules"), join(tree, "node_modules"));
    execFileSync("npx", ["ts-node", "--swc", "main.ts"], { cwd: tree, env: { ...process.env, CDKTF_OUTDIR: join(tree, "out"), CHECKPOINT_DISABLE: "1" }, stdio: "pipe" });
    return readStacks(join(tree, "out"));
  } finally {
    execFileSync("git", ["worktree", "remove", "--force", tree], { cwd: ROOT, stdio: "pipe" });
  }
}

const seedOf = (type: string, body: Json) => `${type}:${JSON.stringify({ ...body, "//": undefined })}`;

/**
 * The stack without data sources: each becomes a local holding the values its API would return,
 * seeded by its type and body (not its address, which the regrouping changed), so the old and the
 * new synthesis see the same values.
 */
function offline(stack: Json, stacks: ReadonlyMap<string, Json>): Json {
  const locals: Json = {};
  const remoteReads = remoteOutputsRead(stack);
  let text = JSON.stringify(stack);
  for (const [type, byName] of Object.entries((stack.data ?? {}) as Json)) {
    for (const [name, body] of Object.entries(byName as Json)) {
      const seed = seedOf(type, body as Json);
      let value: Json;
      if (type === "terraform_remote_state") {
        const producer = producerName(body as Json);
        value = { outputs: remoteStateOutputs(stacks.get(producer) as Json, producer, [...(remoteReads.get(name) ?? [])]) };
      } else if (type === "databricks_group") {
        value = { id: numericIdFor(seed), display_name: (body as Json).display_name, acl_principal_id: `groups/${(body as Json).display_name}` };
      } else if (type === "databricks_service_principal") {
        value = { id: numericIdFor(seed), application_id: uuidFor(seed), display_name: (body as Json).display_name };
      } else {
        throw new Error(`moved-plan: no offline value for data source type ${type}; add one`);
      }
      const local = `${type}__${name}`;
      locals[local] = value;
      text = text.split(`data.${type}.${name}.`).join(`local.${local}.`);
    }
  }
  const copy = JSON.parse(text) as Json;
  delete copy.data;
  copy.locals = { ...(copy.locals ?? {}), ...locals };
  return copy;
}

function plan(engine: Engine, dir: string, stack: Json, stateFile?: string): Json {
  const failed = init(engine, dir);
  if (failed) throw new Error(`init in ${dir}: ${failed}`);
  const vars = Object.keys(stack.variable ?? {}).flatMap((name) => ["-var", `${name}=moved-plan-placeholder`]);
  const planned = run(engine, dir, ["plan", "-refresh=false", "-input=false", "-lock=false", "-out=tfplan", ...(stateFile ? [`-state=${stateFile}`] : []), ...vars]);
  if (planned.status !== 0) throw new Error(`plan in ${dir}:\n${planned.stderr || planned.stdout}`);
  return JSON.parse(run(engine, dir, ["show", "-json", "tfplan"]).stdout) as Json;
}

/** A state (format 4) holding every resource the plan creates, at its address, with its planned values. */
function stateFromPlan(engine: Engine, dir: string, planned: Json): Json {
  const schemas = JSON.parse(run(engine, dir, ["providers", "schema", "-json"]).stdout) as Json;
  const resources = (planned.resource_changes as Json[]).filter((c) => c.mode === "managed").map((c) => {
    const schema = schemas.provider_schemas[c.provider_name].resource_schemas[c.type];
    const id = createHash("sha256").update(c.address).digest("hex").slice(0, 16);
    return {
      mode: "managed",
      type: c.type,
      name: c.name,
      provider: `provider["${c.provider_name}"]`,
      instances: [{ schema_version: schema.version ?? 0, attributes: { ...c.change.after, id }, sensitive_attributes: [] }],
    };
  });
  return { version: 4, terraform_version: "1.12.6", serial: 1, lineage: uuidFor(dir), outputs: {}, resources };
}

/**
 * Values that a first plan could not know (ids of other resources, hence every reference) are missing
 * from a state built from it. Plans the old configuration against the state and writes what it now
 * knows back, until the old configuration would neither create nor destroy anything: the state a
 * deployed estate would hold.
 */
function settle(engine: Engine, dir: string, stack: Json, state: Json): Json {
  for (let round = 1; round <= 6; round++) {
    writeFileSync(join(dir, "before.tfstate"), JSON.stringify(state));
    const changes = (plan(engine, dir, stack, "before.tfstate").resource_changes as Json[]).filter((c) => c.mode === "managed" && c.change.actions.join() !== "no-op");
    // In-place updates that never settle are the provider's normalisation (a secret it does not read
    // back, a field it fills); what matters is that nothing is created or destroyed.
    if (changes.every((c) => c.change.actions.join() === "update")) return state;
    for (const change of changes) {
      const resource = state.resources.find((r: Json) => `${r.type}.${r.name}` === change.address);
      if (!resource) throw new Error(`moved-plan: the old configuration plans ${change.address}, which its own state lacks`);
      const attributes = resource.instances[0].attributes;
      for (const [key, value] of Object.entries((change.change.after ?? {}) as Json)) if (change.change.after_unknown?.[key] !== true && key !== "id") attributes[key] = value;
    }
  }
  throw new Error(`moved-plan: the state built for ${dir} does not settle; the old configuration keeps planning changes`);
}

function main(): void {
  const engine = engineFromEnvironment();
  const commit = process.argv[2] ?? BEFORE_GROUPING;
  const before = synthesizeAt(commit);
  const now = readStacks(join(ROOT, "cdktf.out"));
  const work = join(ROOT, ".engine-work", "moved-plan");
  let failures = 0;
  for (const name of [...before.keys()].filter((n) => n.endsWith("-workspace-config"))) {
    const old = offline(before.get(name) as Json, before);
    const oldPlan = plan(engine, writeWorkdir(join(work, "before"), name, old), old);
    const state = settle(engine, join(work, "before", name), old, stateFromPlan(engine, join(work, "before", name), oldPlan));
    const current = offline(now.get(name) as Json, now);
    const dir = writeWorkdir(join(work, "after"), name, current, { "before.tfstate": state });
    const changes = plan(engine, dir, current, "before.tfstate").resource_changes as Json[];
    const oldAddresses = new Set(state.resources.map((r: Json) => `${r.type}.${r.name}`));
    const kept = new Set(changes.filter((c) => c.mode === "managed" && !c.change.actions.includes("create")).map((c) => c.previous_address ?? c.address));
    const bad = changes.filter((c) => c.mode === "managed" && (c.change.actions.includes("delete") || (c.change.actions.includes("create") && oldAddresses.has(c.previous_address ?? c.address))));
    const lost = [...oldAddresses].filter((a) => !kept.has(a));
    const moved = changes.filter((c) => c.previous_address && c.previous_address !== c.address).length;
    const created = changes.filter((c) => c.change.actions.join() === "create").map((c) => c.address);
    if (bad.length || lost.length) {
      failures++;
      console.log(`✗ ${name}: ${bad.map((c) => `${c.address} ${c.change.actions.join("+")}`).join("; ")} ${lost.length ? `lost: ${lost.join(", ")}` : ""}`);
    } else {
      console.log(`✓ ${name}: ${oldAddresses.size} resources of ${commit} kept (${moved} moved), none destroyed or replaced; ${created.length} new`);
    }
  }
  if (!existsSync(work)) throw new Error("moved-plan: nothing planned");
  rmSync(work, { recursive: true, force: true });
  if (failures) process.exit(1);
}

main();
