// The fields of an environment (common, AWS, Azure) without the rules, and the prod baseline resolved on them.
import { z } from "zod";
import { baselineSwitch, ProdBaseline } from "../prod-baseline";
import { awsSchema } from "./aws";
import { azureSchema } from "./azure";
import { computeSchema } from "./compute";
import { databricksSchema } from "./databricks";
import { identitySchema } from "./identity";
import { auditSchema, costsSchema, jobsSchema, repositorySchema } from "./jobs";
import { name, tagsSchema } from "./primitives";
import { securitySchema } from "./security";
import { stateSchema } from "./state";
import { mountsSchema, secretsSchema, unityCatalogSchema } from "./unity-catalog";

const commonFields = {
  /**
   * Marks the blueprint's own examples (config/examples/), whose ids, names, ranges and mailboxes are
   * made up; config refuses such placeholders in every other environment (../rules/placeholders).
   */
  example: z.literal(true, { message: "can only be true, on the blueprint's examples. Fix: remove it" }).optional(),
  name,
  stage: z.enum(["dev", "test", "prod"], { message: 'must be "dev", "test" or "prod". Fix: choose the stage this estate serves' }),
  /** Buckets, keys and the catalog kept from destroy (prevent_destroy). Unset: on in prod, off elsewhere. */
  deletionProtection: baselineSwitch,
  tags: tagsSchema,
  databricks: databricksSchema,
  identity: identitySchema,
  security: securitySchema,
  unityCatalog: unityCatalogSchema,
  secrets: secretsSchema,
  mounts: mountsSchema,
  repository: repositorySchema,
  jobs: jobsSchema,
  audit: auditSchema,
  costs: costsSchema,
  state: stateSchema,
};

// Each cloud's environment: its fields, the rules, and the prod baseline resolved (../prod-baseline:
// unset settings of a prod environment turned on, those turned off recorded with their reasons); the
// rules see the settings as they will be built.

export const awsFields = z.strictObject({ ...commonFields, cloud: z.literal("aws"), aws: awsSchema, compute: computeSchema("aws") });
export const azureFields = z.strictObject({
  ...commonFields,
  cloud: z.literal("azure"),
  azure: azureSchema,
  compute: computeSchema("azure"),
});

export function withAwsBaseline(env: z.output<typeof awsFields>) {
  const baseline = new ProdBaseline(env);
  const resolved = baseline.apply(env);
  const network = env.aws.network;
  // A serverless workspace has no VPC (config/rules/compute-mode.ts), so no back-end PrivateLink to turn on.
  if (network === undefined) return { ...resolved, aws: { ...env.aws, network }, baseline: baseline.record() };
  const privateConnectivity = network.privateConnectivity;
  const backEnd = baseline.backEnd(privateConnectivity.backEnd, "aws.network.privateConnectivity.backEnd");
  const egress = resolveEgress(env, network.egress, backEnd ? ("privateLinkOnly" as const) : ("open" as const));
  if (network.egress.mode === undefined) baseline.chose("aws.network.egress");
  return {
    ...resolved,
    aws: { ...env.aws, network: { ...network, privateConnectivity: { ...privateConnectivity, backEnd }, egress } },
    baseline: baseline.record(),
  };
}

export function withAzureBaseline(env: z.output<typeof azureFields>) {
  const baseline = new ProdBaseline(env);
  const resolved = baseline.apply(env);
  const privateConnectivity = env.azure.network.privateConnectivity;
  const backEnd = baseline.backEnd(privateConnectivity.backEnd, "azure.network.privateConnectivity.backEnd");
  const egress = resolveEgress(env, env.azure.network.egress, "open" as const);
  if (env.azure.network.egress.mode === undefined) baseline.chose("azure.network.egress");
  return {
    ...resolved,
    azure: { ...env.azure, network: { ...env.azure.network, privateConnectivity: { ...privateConnectivity, backEnd }, egress } },
    baseline: baseline.record(),
  };
}

/**
 * The egress of classic compute as it will be built: an unset mode is `firewall` in a prod environment
 * that creates its workspace, else `otherwise`; unset allowedDomains share serverless egress's list
 * (`sharedDomains`: false when the list was written here, set apart).
 */
function resolveEgress<E extends { mode?: "open" | "firewall" | "privateLinkOnly"; allowedDomains?: string[] }>(
  env: { stage: string; databricks: { existingWorkspaceHost?: string }; security: { serverlessEgress: { allowedDomains: string[] } } },
  egress: E,
  otherwise: NonNullable<E["mode"]>,
): Omit<E, "mode" | "allowedDomains"> & { mode: NonNullable<E["mode"]>; allowedDomains: string[]; sharedDomains: boolean } {
  const ownWorkspace = env.databricks.existingWorkspaceHost === undefined;
  const mode = egress.mode ?? ((env.stage === "prod" && ownWorkspace ? "firewall" : otherwise) as NonNullable<E["mode"]>);
  const sharedDomains = egress.allowedDomains === undefined;
  return { ...egress, mode, allowedDomains: egress.allowedDomains ?? env.security.serverlessEgress.allowedDomains, sharedDomains };
}
