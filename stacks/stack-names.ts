import type { Environment } from "../config/schema";

/** The stacks of an environment: its cloud's workspace stack and its workspace-config stack. */
export const stackNames = (env: Pick<Environment, "name" | "cloud">) => ({
  workspace: `${env.name}-${env.cloud}-workspace`,
  config: `${env.name}-workspace-config`,
});
