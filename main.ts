import { App } from "cdktf";
import { environments } from "./config/environments";
import { loadEnvironments, SELECTION_VARIABLE } from "./config/load";
import { ConfigError } from "./config/errors";
import { addEnvironment } from "./stacks/blueprint";

// Which environments to synthesize: LAKEHOUSE_ENVIRONMENTS=dev,prod or `cdktf synth -c environments=dev`.
// All of them when neither is set. Config is validated before any stack exists, so an invalid
// config writes nothing to cdktf.out/.
const app = new App();
const selection = process.env[SELECTION_VARIABLE] ?? (app.node.tryGetContext("environments") as string | undefined);
try {
  for (const env of loadEnvironments(environments, selection)) addEnvironment(app, env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
app.synth();
