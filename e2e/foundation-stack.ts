import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktn";
import type { Construct } from "constructs";
import type { AwsEnvironment } from "../config/schema";
import { ProviderComputedPolicies } from "../constructs/aws/databricks-policies";
import { awsProviderConfig } from "../constructs/aws/provider-config";
import { WorkspaceFoundation } from "../constructs/aws/workspace-foundation";
import { REQUIRED_TAGS } from "../constructs/cost-tags";
import { Guardrails } from "../constructs/guardrails/guardrails";
import { TimeProvider } from "../constructs/time/time-provider";
import { ACCOUNTS_HOST } from "../stacks/databricks-accounts";

export interface EmulatorTarget {
  /** Base URL of the AWS emulator, e.g. http://127.0.0.1:5000. */
  readonly endpoint: string;
  /** Directory for the local state file. */
  readonly stateDir: string;
}

/** External id of the emulated Unity Catalog storage credential (the test reads it back from the role's trust). */
export const EMULATED_CREDENTIAL_EXTERNAL_ID = "5a7e4c1b-2d3f-4e5a-8b6c-7d8e9f0a1b2c";

// Every AWS API the foundation calls, routed to the emulator.
const SERVICES = ["ec2", "iam", "kms", "logs", "s3", "s3Control", "sts"] as const;

/**
 * Test-only: an environment's WorkspaceFoundation (the AWS side of the workspace stack) with the
 * environment's own AWS provider settings, pointed at an AWS emulator, under the same guardrails.
 * The IAM and bucket policy documents come from the Databricks provider's own data sources, as in
 * the workspace stack: the provider computes them offline (it needs an account host and OAuth
 * client credentials to configure, which the test makes up). Credentials come from the test's
 * environment variables, never from here.
 */
export class EmulatedFoundationStack extends TerraformStack {
  constructor(scope: Construct, id: string, env: AwsEnvironment, target: EmulatorTarget) {
    super(scope, id);
    new LocalBackend(this, { path: `${target.stateDir}/${id}.tfstate` });
    new AwsProvider(this, "aws", {
      ...awsProviderConfig(env),
      endpoints: [Object.fromEntries(SERVICES.map((service) => [service, target.endpoint]))],
      s3UsePathStyle: true,
      skipMetadataApiCheck: "true",
      skipRegionValidation: true,
    });
    new TimeProvider(this, "time");
    const account = new DatabricksProvider(this, "databricks-account", {
      alias: "account",
      host: ACCOUNTS_HOST.aws,
      accountId: env.databricks.accountId,
    });
    const foundation = new WorkspaceFoundation(this, {
      env,
      policies: new ProviderComputedPolicies(account, env.databricks.accountId),
      // Stands for the storage credential, which lives in the Databricks account (not emulated): the
      // shape of what Databricks assigns, so the trust policy is computed as in the workspace stack.
      unityCatalogCredential: { name: `${env.name}-lakehouse`, externalId: EMULATED_CREDENTIAL_EXTERNAL_ID },
    });
    new TerraformOutput(this, "root_bucket", { value: foundation.rootBucket.bucket.bucket });
    new TerraformOutput(this, "lakehouse_bucket", { value: foundation.lakehouse.bucket.bucket.bucket });
    new TerraformOutput(this, "vpc_id", { value: foundation.network.vpc.id });
    new TerraformOutput(this, "unity_catalog_role_arn", { value: foundation.lakehouse.role.arn });
    new TerraformOutput(this, "unity_catalog_credential_external_id", { value: EMULATED_CREDENTIAL_EXTERNAL_ID });
    Guardrails.applyTo(this, { stage: env.stage, adminPrincipals: [env.groups.admins], requiredTags: REQUIRED_TAGS });
  }
}
