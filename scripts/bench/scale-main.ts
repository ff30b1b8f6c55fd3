import { awsDev } from "../../config/examples";
import { loadEnvironments } from "../../config/load";
import type { EnvironmentInput } from "../../config/schema";
import { buildBlueprint } from "../../stacks/blueprint";
import { synthAtomically } from "../../stacks/synth-atomically";

/**
 * `count` AWS environments made from the dev example, each with its own name ("env1", "env2", ...)
 * and its own /16 (10.1.0.0/16, 10.2.0.0/16, ...), all in one account and region so they share one
 * metastore stack: 2 x count + 1 stacks. Up to 200 environments (the second octet).
 */
export function generatedEnvironments(count: number): EnvironmentInput[] {
  if (!Number.isInteger(count) || count < 1 || count > 200)
    throw new Error(`BENCH_ENVIRONMENTS = ${count}: must be a whole number from 1 to 200`);
  return Array.from({ length: count }, (_, i) => {
    const env = structuredClone(awsDev) as any;
    env.name = `env${i + 1}`;
    env.aws.network.vpcCidr = `10.${i + 1}.0.0/16`;
    return env as EnvironmentInput;
  });
}

// The benchmark's scale entry point: main.ts's path (validate, build, synthesize atomically) for a
// generated estate of BENCH_ENVIRONMENTS environments, written to CDKTF_OUTDIR. The benchmark runs it
// with the app's own command from cdktf.json, the entry file swapped.
if (require.main === module) {
  const all = loadEnvironments(generatedEnvironments(Number(process.env.BENCH_ENVIRONMENTS ?? "1")));
  synthAtomically(process.env.CDKTF_OUTDIR ?? "cdktf.out", (app) => buildBlueprint(app, all, all));
}
