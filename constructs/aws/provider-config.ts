import type { AwsProviderConfig } from "@cdktn/provider-aws/lib/provider";
import type { AwsEnvironment } from "../../config/schema";
import { costTags } from "../cost-tags";

/** The AWS provider settings every stack of an AWS environment uses. */
export function awsProviderConfig(env: AwsEnvironment): AwsProviderConfig {
  return {
    region: env.aws.region,
    // Refuses to run against any other account: a dev plan can never touch prod.
    allowedAccountIds: [env.aws.accountId],
    defaultTags: [{ tags: costTags(env.tags, env.name) }],
  };
}
