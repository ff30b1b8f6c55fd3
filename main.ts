import { App } from "cdktf";
import { environments } from "./config/environments";
import { loadEnvironments, SELECTION_VARIABLE } from "./config/load";
import { ConfigError } from "./config/errors";
import { addEnvironment } from "./stacks/blueprint";

// Which environments to synthesize: LAKEHOUSE_ENVIRONMENTS=dev,prod (all when unset or empty).
// Config is validated before the App exists, because creating the App already creates cdktf.out/:
// an invalid config writes nothing.
function selectedEnvironments() {
  try {
    return loadEnvironments(environments, process.env[SELECTION_VARIABLE]);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const selected = selectedEnvironments();
const app = new App();
for (const env of selected) addEnvironment(app, env);
app.synth();
