import type { Environment } from "../config/schema";

/**
 * The stacks of an environment: its cloud's workspace stack, its workspace-config stack and, for an
 * Azure dev or test environment that reads a prod catalog on private storage, its network path to
 * that storage (stacks/prod-data-path-stack.ts).
 */
export const stackNames = (env: Pick<Environment, "name" | "cloud">) => ({
  workspace: `${env.name}-${env.cloud}-workspace`,
  config: `${env.name}-workspace-config`,
  prodDataPath: `${env.name}-prod-data-path`,
});
