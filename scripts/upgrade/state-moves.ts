// Prints the `tofu state mv` commands that carry a workspace-config stack deployed from a commit
// before 0.2.0 to 0.2.0's addresses (see CHANGELOG.md, "Upgrading"). Before 0.2.0 the stack's
// resources sat directly under it; 0.1's regrouping by concern put them under the identity, compute,
// data and code constructs, and moved blocks in every plan carried the state. 0.2.0 drops those
// blocks, so an estate that never applied them moves its state once with these commands.
//
//   tofu -chdir=cdktf.out/stacks/STACK state list > state.txt     # in the stack's working directory
//   npm run upgrade:state-moves -- --stack STACK --state state.txt  # prints the commands; review, then run them
//
// It only prints: nothing is moved until a person runs the commands, and a second run against the
// moved state prints nothing.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The constructs 0.1's regrouping inserted between a workspace-config stack and its resources. */
export const CONCERN_SCOPES = ["identity", "compute", "data", "code"] as const;

/** "databricks_job.code_ingestion-job_BEB6A965" -> { type, readable: "code_ingestion-job" } (cdktn ids end in an 8-hex hash). */
function parse(address: string): { type: string; readable: string } {
  const match = /^([a-z0-9_]+)\.(.+)_[0-9A-F]{8}$/.exec(address);
  if (!match) throw new Error(`"${address}" is not a resource address of a synthesized stack (type.name_HASH8)`);
  return { type: match[1], readable: match[2] };
}

/**
 * The moves from `state` (the addresses `tofu state list` prints for a stack) to `synthesized` (the
 * stack's resource addresses now): an address of the state that the stack no longer has moves to the
 * one address of the same type whose name is a concern scope followed by the old name, when that
 * address is not in the state yet. Gives [from, to] pairs in state order; throws when an address
 * could move to two places (nothing is guessed).
 */
export function stateMoves(state: readonly string[], synthesized: readonly string[]): Array<[string, string]> {
  const present = new Set(synthesized);
  const inState = new Set(state);
  const free = synthesized
    .filter((address) => !inState.has(address) && /_[0-9A-F]{8}$/.test(address))
    .map((address) => ({ address, ...parse(address) }));
  const moves: Array<[string, string]> = [];
  for (const from of state) {
    if (present.has(from) || !/^[a-z0-9_]+\.[^.]+_[0-9A-F]{8}$/.test(from)) continue; // still there, or a data source / module path
    const old = parse(from);
    const targets = free.filter(
      (candidate) => candidate.type === old.type && CONCERN_SCOPES.some((scope) => candidate.readable === `${scope}_${old.readable}`),
    );
    if (targets.length > 1)
      throw new Error(`${from} could move to ${targets.map((t) => t.address).join(" or ")}. Fix: move it by hand with tofu state mv`);
    if (targets.length === 1) moves.push([from, targets[0].address]);
  }
  return moves;
}

/** The resource addresses of a synthesized stack file (cdk.tf.json). */
export function synthesizedAddresses(stackFile: string): string[] {
  const doc = JSON.parse(readFileSync(stackFile, "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  return Object.entries(doc.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
}

function argument(name: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : undefined;
  if (!value)
    throw new Error(
      `--${name} is missing. Usage: npm run upgrade:state-moves -- --stack STACK --state FILE (FILE: the output of tofu state list)`,
    );
  return value;
}

if (require.main === module) {
  try {
    const stack = argument("stack");
    const state = readFileSync(argument("state"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    const moves = stateMoves(state, synthesizedAddresses(join("cdktf.out", "stacks", stack, "cdk.tf.json")));
    console.log(
      `# ${moves.length} move(s) for ${stack}; run them in cdktf.out/stacks/${stack} after npm run synth, then plan: it should show no replacement.`,
    );
    for (const [from, to] of moves) console.log(`tofu state mv '${from}' '${to}'`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
