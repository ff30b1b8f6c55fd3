// `npm run env:summary -- NAME [--out DIR]`: the summary of one environment a person reads before
// deploying it (scripts/env-summary/summary.ts), from config and the synthesized stacks in DIR
// (default cdktf.out: run `LAKEHOUSE_ENVIRONMENTS=NAME npm run synth` first). No cloud needed.
// LAKEHOUSE_ESTATE=examples reads the blueprint's examples instead of the estate, as main.ts does.
import { join } from "node:path";
import { environments } from "../../config/environments";
import { exampleEnvironments } from "../../config/examples";
import { loadEnvironments } from "../../config/load";
import { stacksOf } from "./stacks-of";
import { environmentSummary, readSynthesized } from "./summary";

if (require.main === module) {
  try {
    const args = process.argv.slice(2);
    const at = args.indexOf("--out");
    const out = at >= 0 ? args[at + 1] : join(__dirname, "..", "..", "cdktf.out");
    const name = args.find((arg, i) => !arg.startsWith("--") && !(at >= 0 && i === at + 1));
    const all = loadEnvironments(process.env.LAKEHOUSE_ESTATE === "examples" ? exampleEnvironments : environments);
    const env = all.find((candidate) => candidate.name === name);
    if (!env)
      throw new Error(
        `env:summary ${JSON.stringify(name ?? "")}: names no environment of the estate. Fix: npm run env:summary -- NAME, NAME one of ${all.map((e) => e.name).join(", ") || "(the estate is empty)"}`,
      );
    console.log(
      environmentSummary(
        env,
        all,
        readSynthesized(
          out,
          stacksOf(env, all).map((stack) => stack.name),
        ),
      ),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
