import { App, Testing, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { awsDev } from "../config/environments/aws-dev";
import { awsProd } from "../config/environments/aws-prod";
import { loadEnvironments } from "../config/load";
import type { Environment, EnvironmentInput } from "../config/schema";

/** A deep copy of an example environment, changed by `edit`; inputs may be made invalid on purpose. */
export function variant(base: EnvironmentInput, edit: (env: any) => void = () => undefined): EnvironmentInput {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}

export const examples = { dev: awsDev, prod: awsProd };

/** The validated example environments, keyed by name. */
export function exampleEnvironments(): Record<string, Environment> {
  return Object.fromEntries(loadEnvironments([awsDev, awsProd]).map((env) => [env.name, env]));
}

/** Synthesizes what `build` adds to a stack that already has a workspace-level Databricks provider. */
export function synthWorkspaceScope(build: (scope: Construct, provider: DatabricksProvider) => void): string {
  return Testing.synthScope((scope) => {
    const provider = new DatabricksProvider(scope, "databricks", { host: "https://example.cloud.databricks.com" });
    build(scope, provider);
  });
}

/** Parsed resources of one type in a synthesized document. */
export function resourcesOf(synthesized: string, type: string): Record<string, any>[] {
  const parsed = JSON.parse(synthesized) as { resource?: Record<string, Record<string, any>> };
  return Object.values(parsed.resource?.[type] ?? {});
}

export function dataSourcesOf(synthesized: string, type: string): Record<string, any>[] {
  const parsed = JSON.parse(synthesized) as { data?: Record<string, Record<string, any>> };
  return Object.values(parsed.data?.[type] ?? {});
}

export function newTestApp(): App {
  return Testing.app();
}

export type { TerraformStack };
