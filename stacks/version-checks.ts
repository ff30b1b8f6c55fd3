import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";

type Validate = ValidateBinaryVersion["validate"];

/**
 * Runs `work` (building and synthesizing an app) with cdktf's binary version checks answered once per
 * command and version constraint, and gives its result.
 *
 * cdktf adds a check that runs `terraform version` (TERRAFORM_BINARY_NAME, a child process) to every
 * stack that has `moved` blocks (the workspace-config stacks carry their state through them) and to
 * every import block; each spawn cost about 90 ms, a fifth of a 50-environment synth. Within one run the
 * binary does not change, so the first answer stands for the rest, failures included: a missing or
 * too old binary still fails synth with cdktf's own message.
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
      answer = original.call(this);
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
