// The environment's types (as config gives it and as the stacks build it), from the field schemas and their transforms; never from config/rules/.
import type { z } from "zod";
import type { withDerivedNames } from "./derived-names";
import type { ResolvedSecurity } from "./prod-baseline";
import type { computeSchema } from "./schema/compute";
import type { awsFields, azureFields, withAwsBaseline, withAzureBaseline } from "./schema/environment";
import type { costsSchema, repositorySchema } from "./schema/jobs";
import type { securitySchema } from "./schema/security";
import type { stateSchema } from "./schema/state";
import type { mountsSchema, secretsSchema } from "./schema/unity-catalog";

export type StateConfig = z.output<typeof stateSchema>;

/** The parts of an environment the rules in ./rules/environment read, whatever its cloud. */
export type CommonEnvironment = {
  name: string;
  stage: string;
  repository: z.output<typeof repositorySchema>;
  deletionProtection: boolean;
  compute: z.output<ReturnType<typeof computeSchema>>;
  security: ResolvedSecurity<z.output<typeof securitySchema>>;
  costs: z.output<typeof costsSchema>;
  secrets: z.output<typeof secretsSchema>;
  mounts: z.output<typeof mountsSchema>;
};

// The rule-checked schemas in ./schema give what their transforms give: the fields with the prod
// baseline resolved (withAwsBaseline, withAzureBaseline), then the derived names.
export type AwsEnvironment = ReturnType<typeof withDerivedNames<ReturnType<typeof withAwsBaseline>>>;
export type AzureEnvironment = ReturnType<typeof withDerivedNames<ReturnType<typeof withAzureBaseline>>>;
export type Environment = AwsEnvironment | AzureEnvironment;
export type AwsEnvironmentInput = z.input<typeof awsFields>;
export type AzureEnvironmentInput = z.input<typeof azureFields>;
export type EnvironmentInput = AwsEnvironmentInput | AzureEnvironmentInput;
