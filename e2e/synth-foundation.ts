// Test-only: synthesizes the emulated foundation stacks of the given example environments.
// Usage: ts-node --swc e2e/synth-foundation.ts OUTDIR ENDPOINT STATE_DIR ENV [ENV...]
import { App } from "cdktn";
import { exampleEnvironments as environments } from "../config/examples";
import { loadEnvironments } from "../config/load";
import { EmulatedFoundationStack } from "./foundation-stack";

const [outdir, endpoint, stateDir, ...names] = process.argv.slice(2);
if (!outdir || !endpoint || !stateDir || names.length === 0) {
  console.error("usage: synth-foundation.ts OUTDIR ENDPOINT STATE_DIR ENV [ENV...]");
  process.exit(2);
}
const app = new App({ outdir, skipValidation: false });
for (const env of loadEnvironments(environments, names.join(","))) {
  if (env.cloud !== "aws")
    throw new Error(`synth-foundation: environment "${env.name}" is on ${env.cloud}; the emulator test covers AWS environments only`);
  // The emulator's Network Firewall serves CreateFirewall, DescribeFirewall, ListFirewalls and the
  // logging configuration only: no rule groups, no firewall policies, no DeleteFirewall, and a firewall
  // status without sync states (so no endpoint per zone for the routes). An environment in egress mode
  // "firewall" is applied here as "privateLinkOnly", its security group locked inside the VPC; the
  // firewall itself is checked by validate, the plan tests and __tests__/egress-firewall.test.ts.
  const network = env.aws.network;
  if (network === undefined)
    throw new Error(`synth-foundation: environment "${env.name}" is a serverless workspace; it has no foundation to apply`);
  const egress = network.egress;
  const applicable =
    egress.mode === "firewall"
      ? { ...env, aws: { ...env.aws, network: { ...network, egress: { ...egress, mode: "privateLinkOnly" as const } } } }
      : env;
  new EmulatedFoundationStack(app, `${env.name}-aws-foundation`, applicable, { endpoint, stateDir });
}
app.synth();
