// Validates every synthesized stack with the real engine and the real providers (every block,
// nothing left out): `init` then `validate -json` in a working copy of each stack without its
// backend. Prints which engine and provider builds were used, and one line per stack.
// Usage: npm run validate (synthesizes and chooses the engine first)
//        bash scripts/engine/run.sh npx ts-node --swc scripts/engine/validate.ts [cdktf.out]
import { join } from "node:path";
import { blockCount, engineFromEnvironment, init, readStacks, run, writeWorkdir } from "./stack-workdir";

interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  address?: string;
  range?: { filename: string; start: { line: number } };
}

if (require.main === module) {
  const out = process.argv[2] ?? join(__dirname, "..", "..", "cdktf.out");
  const engine = engineFromEnvironment();
  const work = join(out, "..", ".engine-work", "validate");
  console.log(`engine: ${engine.report}`);
  const stacks = readStacks(out);
  let invalid = 0;
  let blocks = 0;
  for (const [name, stack] of stacks) {
    const dir = writeWorkdir(work, name, stack);
    const failedInit = init(engine, dir);
    if (failedInit) {
      invalid += 1;
      console.log(`✗ ${name}: init failed\n${failedInit}`);
      continue;
    }
    const result = run(engine, dir, ["validate", "-json"]);
    const report = JSON.parse(result.stdout) as { valid: boolean; error_count: number; diagnostics: Diagnostic[] };
    const count = blockCount(stack);
    blocks += count.resources + count.data;
    const providers = Object.keys(stack.terraform?.required_providers ?? {})
      .sort()
      .join(", ");
    if (report.valid) {
      console.log(`✓ ${name}: ${count.resources} resources and ${count.data} data sources valid (${providers})`);
    } else {
      invalid += 1;
      console.log(`✗ ${name}: ${report.error_count} error(s)`);
      for (const d of report.diagnostics.filter((x) => x.severity === "error")) {
        console.log(
          `  ${d.range ? `${d.range.filename}:${d.range.start.line} ` : ""}${d.address ?? ""} ${d.summary}${d.detail ? `: ${d.detail}` : ""}`,
        );
      }
    }
  }
  console.log(`validate: ${stacks.size - invalid} of ${stacks.size} stacks valid, ${blocks} blocks validated, 0 blocks left out`);
  process.exit(invalid === 0 && stacks.size > 0 ? 0 : 1);
}
