// The rule-checked environment schemas (the fields of ./schema/ refined by ./rules/), and the types and field schemas re-exported.
import { z } from "zod";
import { withDerivedNames } from "./derived-names";
import { deliverAuditLogsOncePerAccount } from "./rules/audit-log-delivery";
import { checkAwsNetwork } from "./rules/aws-network";
import { checkAzureNetwork, checkAzurePrivateConnectivity } from "./rules/azure-network";
import { checkBucketNames } from "./rules/bucket-names";
import { checkComputeMode } from "./rules/compute-mode";
import { checkAcrossEnvironments } from "./rules/cross-environment";
import { checkAwsEgress, checkAzureEgress } from "./rules/egress";
import { checkAzureFirewallRanges, checkCommon, checkMounts } from "./rules/environment";
import { checkObjectIds } from "./rules/object-ids";
import { checkPlaceholders } from "./rules/placeholders";
import type { AddProblem } from "./rules/problem";
import { checkProd } from "./rules/prod";
import { checkProdBaseline } from "./rules/prod-baseline";
import { checkRepositoryHost } from "./rules/repository";
import { checkServerlessEgress } from "./rules/serverless-egress";
import { awsFields, azureFields, withAwsBaseline, withAzureBaseline } from "./schema/environment";
import type { Environment } from "./types";

export { networkCidr, regionOf } from "./placement";
export { computeSchema, WAREHOUSE_SIZES } from "./schema/compute";
export { identitySchema } from "./schema/identity";
export { tagsSchema } from "./schema/primitives";
export { COMPLIANCE_STANDARDS, securitySchema } from "./schema/security";
export type {
  AwsEnvironment,
  AwsEnvironmentInput,
  AzureEnvironment,
  AzureEnvironmentInput,
  CommonEnvironment,
  Environment,
  EnvironmentInput,
  StateConfig,
} from "./types";

// Every refinement message says what is wrong and ends with "Fix: ..."; the formatter in
// ./errors adds the field path and the offending value. Every object is strict: an unknown (say,
// misspelled) field is an error naming the nearest known one, never silently dropped.

const reporter =
  (ctx: z.RefinementCtx): AddProblem =>
  (path, message) =>
    ctx.addIssue({ code: "custom", path, message });

// The rules run on the fields as given, even when a field already has a problem (zod runs a refinement
// after a nested rule's problem, not after a transform), so they resolve the baseline themselves.
export const awsEnvironmentSchema = awsFields
  .superRefine((fields, ctx) => {
    const env = withAwsBaseline(fields);
    const add = reporter(ctx);
    checkPlaceholders(env, add);
    checkProdBaseline(env, add);
    checkProd(env, add);
    checkCommon(env, add);
    checkRepositoryHost(env.repository, add);
    checkMounts(env, "aws", add);
    if ((env.databricks.pricingTier ?? "ENTERPRISE") !== "ENTERPRISE") {
      add(
        ["databricks", "pricingTier"],
        'cannot use customer-managed keys on AWS, which this blueprint always sets. Fix: use "ENTERPRISE"',
      );
    }
    checkBucketNames(env, add);
    if (env.aws.network) checkAwsNetwork(env.aws.network, env.aws.region, add);
    // The egress firewall guards a VPC; a serverless workspace has none (its egress is the account network policy).
    const network = env.aws.network;
    if (network) checkAwsEgress({ ...env, aws: { ...env.aws, network } }, add);
    checkComputeMode(env, add);
    checkServerlessEgress(env, add);
  })
  .transform(withAwsBaseline);

export const azureEnvironmentSchema = azureFields
  .superRefine((fields, ctx) => {
    const env = withAzureBaseline(fields);
    const add = reporter(ctx);
    checkPlaceholders(env, add);
    checkProdBaseline(env, add);
    checkProd(env, add);
    checkCommon(env, add);
    checkRepositoryHost(env.repository, add);
    checkMounts(env, "azure", add);
    checkObjectIds(env, add);
    checkAzureFirewallRanges(env.security, add);
    if ((env.databricks.pricingTier ?? "PREMIUM") !== "PREMIUM") {
      add(
        ["databricks", "pricingTier"],
        'must be "PREMIUM" on Azure (the premium SKU carries customer-managed keys, Unity Catalog and IP access lists). Fix: use "PREMIUM"',
      );
    }
    checkAzureNetwork(env.azure.network, add);
    checkComputeMode(env, add);
    checkAzurePrivateConnectivity(env.azure.network, env.security.serverlessEgress, env.baseline, add);
    checkAzureEgress(env, add);
    checkServerlessEgress(env, add);
  })
  .transform(withAzureBaseline);

/** An environment that passed its fields but not its rules, as its transforms would have given it. */
function asTransformed(env: Environment | z.output<typeof awsFields> | z.output<typeof azureFields>): Environment {
  if ("groups" in env) return env;
  if ("baseline" in env) return withDerivedNames(env) as Environment;
  return withDerivedNames(
    env.cloud === "aws" ? withAwsBaseline(env as z.output<typeof awsFields>) : withAzureBaseline(env as z.output<typeof azureFields>),
  ) as Environment;
}

const environmentSchema = z.discriminatedUnion("cloud", [awsEnvironmentSchema, azureEnvironmentSchema], {
  error: (issue) =>
    issue.code === "invalid_union" ? 'cloud must be "aws" or "azure". Fix: set cloud to the cloud this environment runs on' : undefined,
});

export const environmentsSchema = z
  .array(environmentSchema.transform((env) => withDerivedNames(env) as Environment))
  // Runs also when an environment has a rule's problem (not a malformed field), before its transforms:
  // the baseline is resolved and the names derived here for it.
  .superRefine((envs, ctx) => checkAcrossEnvironments(envs.map(asTransformed), reporter(ctx)))
  // Audit log delivery is an account setting: of the environments the prod baseline turned it on in,
  // only the account's first keeps it (./rules/audit-log-delivery).
  .transform((envs) => deliverAuditLogsOncePerAccount(envs));
