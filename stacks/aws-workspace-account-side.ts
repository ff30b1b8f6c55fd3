import type { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { TerraformOutput, type TerraformStack } from "cdktn";
import type { CiSettings } from "../config/ci";
import type { AwsEnvironment } from "../config/schema";
import { AuditLogDelivery } from "../constructs/aws/audit-log-delivery";
import type { AccessLogTarget } from "../constructs/aws/secure-bucket";
import { CostControls } from "../constructs/databricks/account/cost-controls";
import { regionalConnectivityConfigId, ServerlessEgress } from "../constructs/databricks/account/serverless-egress";
import { WorkspaceEnrollment } from "../constructs/databricks/account/workspace-enrollment";
import type { LakehouseStorage } from "../constructs/lakehouse-storage";
import type { MetastoreRef } from "./metastore-ref";
import type { WorkspaceHandoff } from "./workspace-handoff";

/** What the account side of an AWS workspace stack needs from the stack's own half. */
export interface AwsWorkspaceAccountSideProps {
  readonly env: AwsEnvironment;
  readonly ci: CiSettings;
  readonly metastore: MetastoreRef;
  /** The stack's account-level Databricks provider. */
  readonly account: DatabricksProvider;
  /** The environment's cost tags (costTags). */
  readonly tags: Record<string, string>;
  /** The registered workspace's numeric id and URL. */
  readonly workspaceId: number;
  readonly workspaceUrl: string;
  /** The lakehouse storage handed to the config stack, and its bucket (the serverless policy's allowed storage). */
  readonly storage: LakehouseStorage;
  readonly lakehouseBucketName: string;
  /** Where the audit log bucket's access logs go. */
  readonly auditLogAccessLogs: AccessLogTarget;
}

/**
 * The account-level half both AWS workspace stacks end with, classic (AwsWorkspaceStack) and
 * serverless (AwsServerlessWorkspaceStack), added to `stack` under the construct ids both have always
 * used (so state addresses do not move): the enrollment (metastore assignment, groups, the CI/CD
 * principal federated with the environment's GitHub environments, and in prod the pii-readers
 * group the catalog's ABAC policies except: docs/production-data-in-dev.md), the cost controls, audit
 * log delivery where config asks, the account network policy where serverless egress control is on,
 * and the `workspace_id`, `workspace_url` and `cicd_application_id` outputs CI reads. Gives the
 * hand-off to the workspace-config stack and the enrollment.
 */
export function awsWorkspaceAccountSide(
  stack: TerraformStack,
  props: AwsWorkspaceAccountSideProps,
): { handoff: WorkspaceHandoff; enrollment: WorkspaceEnrollment } {
  const { env, account, workspaceId, metastore } = props;
  const github = props.ci.githubEnvironments[env.name];
  const enrollment = new WorkspaceEnrollment(stack, "enrollment", {
    provider: account,
    workspaceId,
    metastoreId: metastore.id,
    metastoreAdminGroupId: metastore.adminGroupId,
    groups: env.groups,
    cicdServicePrincipal: env.cicdServicePrincipal,
    piiReadersGroup: env.stage === "prod" ? env.piiReadersGroup : undefined,
    // CI applies the workspace-config stack as this principal, signed in from the environment's GitHub environments.
    cicdFederation: {
      repository: props.ci.repository,
      githubEnvironments: [github.deploy, github.plan],
      databricksAccountId: env.databricks.accountId,
    },
  });
  const costs = new CostControls(stack, "cost-controls", {
    provider: account,
    environment: env.name,
    tags: props.tags,
    workspaceId,
    ...env.costs,
  });

  if (env.security.auditLogDelivery) {
    new AuditLogDelivery(stack, "audit-logs", {
      name: `${env.name}-lakehouse`,
      awsAccountId: env.aws.accountId,
      databricksAccountId: env.databricks.accountId,
      accountProvider: account,
      deletionProtection: env.deletionProtection,
      accessLogs: props.auditLogAccessLogs,
    });
  }

  const egress = env.security.serverlessEgress;
  if (egress.enabled) {
    // Serverless compute reaches S3 of its own region through the S3 gateway endpoint of Databricks'
    // serverless network, not the internet ("Serverless compute plane networking"), so no billed
    // endpoint rule is needed: the policy names the lakehouse bucket as allowed storage. In a
    // serverless workspace the policy is the only egress control there is.
    new ServerlessEgress(stack, "serverless-egress", {
      provider: account,
      name: env.name,
      workspaceId,
      networkConnectivityConfigId: regionalConnectivityConfigId(env.name, metastore),
      allowedDomains: egress.allowedDomains,
      storageDestinations: [{ cloud: "aws", bucketName: props.lakehouseBucketName, region: env.aws.region }],
      dryRun: egress.dryRun,
    });
  }

  new TerraformOutput(stack, "workspace_id", { value: workspaceId, description: "Numeric id of the Databricks workspace" });
  new TerraformOutput(stack, "workspace_url", { value: props.workspaceUrl, description: "URL of the Databricks workspace" });
  new TerraformOutput(stack, "cicd_application_id", {
    value: enrollment.identities.cicd.applicationId,
    description: "Application id CI signs in with to apply the workspace-config stack (DATABRICKS_CLIENT_ID)",
  });
  const handoff = { host: props.workspaceUrl, workspaceId, storage: props.storage, serverlessBudgetPolicyId: costs.policy.policyId };
  return { handoff, enrollment };
}
