import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, isAbsolute, join } from "node:path";
import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";

type Validate = ValidateBinaryVersion["validate"];

/** Where passed checks are remembered between runs (the project's cache, outside the repository). */
export function passedChecksFile(): string {
  const cache = process.env.LAKEHOUSE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "lakehouse-blueprint");
  return join(cache, "binary-version-checks.json");
}

/** The file a command's first word runs (found on PATH as the shell would) and its stat, or undefined. */
function binaryOf(command: string): { file: string; mtimeMs: number; size: number } | undefined {
  const name = command.trim().split(/\s+/)[0];
  if (!name) return undefined;
  const candidates = name.includes("/") ? [isAbsolute(name) ? name : join(process.cwd(), name)] : (process.env.PATH ?? "").split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const file of candidates) {
    try {
      const stat = statSync(file);
      if (stat.isFile()) return { file, mtimeMs: stat.mtimeMs, size: stat.size };
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

/**
 * A passed check's key: the command, the constraint, the binary the command's first word names with
 * its modification time and size, and the working directory, so a changed or different binary (another
 * PATH, an upgrade) or another directory (where a version manager's shim may pick another version) is
 * asked again.
 */
function passedCheckKey(versionCommand: string, versionConstraint: string): string | undefined {
  const binary = binaryOf(versionCommand);
  if (!binary) return undefined;
  // The working directory too: version-manager shims pick the version per directory.
  return JSON.stringify([versionCommand, versionConstraint, binary.file, binary.mtimeMs, binary.size, process.cwd()]);
}

function readPassedChecks(): Set<string> {
  try {
    return new Set(JSON.parse(readFileSync(passedChecksFile(), "utf8")) as string[]);
  } catch {
    return new Set();
  }
}

function rememberPassedCheck(key: string): void {
  try {
    const keys = [...readPassedChecks(), key].slice(-50);
    const file = passedChecksFile();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(keys));
    renameSync(`${file}.${process.pid}`, file);
  } catch {
    // A cache that cannot be written only means the next synth asks again.
  }
}

/**
 * Runs `work` (building and synthesizing an app) with cdktf's binary version checks answered once per
 * command and version constraint, and gives its result.
 *
 * cdktf adds a check that runs `terraform version` (TERRAFORM_BINARY_NAME, a child process) to every
 * stack that has `moved` blocks (the workspace-config stacks carry their state through them) and to
 * every import block; each spawn cost about 90 ms, a fifth of a 50-environment synth. Within one run the
 * binary does not change, so the first answer stands for the rest, failures included: a missing or
 * too old binary still fails synth with cdktf's own message. A check that passed is also remembered
 * between runs (passedChecksFile(), keyed by the binary file, its modification time and size, and the
 * working directory), so a later synth with the same binary does not spawn it; a failure is never
 * remembered, and a replaced binary is asked again. A version manager's shim switched globally keeps
 * its file and directory, so an earlier pass stands until the cache file is deleted; Terraform itself
 * still refuses `moved` blocks below the version they need.
 */
export function withVersionChecksOnce<T>(work: () => T): T {
  const prototype = ValidateBinaryVersion.prototype as { validate: Validate };
  const original = prototype.validate;
  const answers = new Map<string, string[]>();
  prototype.validate = function (this: ValidateBinaryVersion) {
    const { versionCommand, versionConstraint } = this as unknown as { versionCommand: string; versionConstraint: string };
    const key = `${versionCommand}\n${versionConstraint}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      const passedKey = passedCheckKey(versionCommand, versionConstraint);
      if (passedKey !== undefined && readPassedChecks().has(passedKey)) answer = [];
      else {
        answer = original.call(this);
        if (answer.length === 0 && passedKey !== undefined) rememberPassedCheck(passedKey);
      }
      answers.set(key, answer);
    }
    return [...answer];
  };
  try {
    return work();
  } finally {
    prototype.validate = original;
  }
}
