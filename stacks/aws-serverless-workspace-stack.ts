import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktn";
import type { Construct } from "constructs";
import type { CiSettings } from "../config/ci";
import type { AwsEnvironment } from "../config/schema";
import { AccessLogBucket } from "../constructs/aws/access-log-bucket";
import { AuditLogDelivery } from "../constructs/aws/audit-log-delivery";
import { CustomerManagedKey } from "../constructs/aws/customer-managed-key";
import { ProviderComputedPolicies } from "../constructs/aws/databricks-policies";
import { awsProviderConfig } from "../constructs/aws/provider-config";
import { UnityCatalogStorage } from "../constructs/aws/unity-catalog-storage";
import { costTags } from "../constructs/cost-tags";
import { AwsServerlessWorkspace } from "../constructs/databricks/account/aws-serverless-workspace";
import { CostControls } from "../constructs/databricks/account/cost-controls";
import { PersonaBudgetPolicies } from "../constructs/databricks/account/persona-budget-policies";
import { regionalConnectivityConfigId, ServerlessEgress } from "../constructs/databricks/account/serverless-egress";
import { UnityCatalogCredential } from "../constructs/databricks/account/unity-catalog-credential";
import { WorkspaceEnrollment } from "../constructs/databricks/account/workspace-enrollment";
import { TimeProvider } from "../constructs/time/time-provider";
import { ACCOUNTS_HOST } from "./databricks-accounts";
import type { MetastoreRef } from "./metastore-ref";
import { useStateBackend } from "./state-backend";
import type { WorkspaceHandoff } from "./workspace-handoff";

/**
 * A serverless Databricks workspace on AWS (config `compute.mode: "serverless"`): no VPC, NAT gateway,
 * root bucket or cross-account role, since all its compute runs in Databricks' serverless plane. What
 * stays in the customer's account is the lakehouse: the environment's bucket and its KMS key, the
 * IAM role Unity Catalog assumes (with its storage credential), and the key of the workspace's
 * managed services. On the account side: the workspace (`compute_mode = "SERVERLESS"`), the
 * metastore assignment, identities, the cost controls (budget and serverless budget policy), audit
 * log delivery where config asks, and the account network policy that restricts serverless egress
 * (on in prod: config/rules/compute-mode.ts). Same credentials and construct ids as AwsWorkspaceStack.
 */
export class AwsServerlessWorkspaceStack extends TerraformStack {
  readonly handoff: WorkspaceHandoff;

  constructor(scope: Construct, id: string, env: AwsEnvironment, metastore: MetastoreRef, ci: CiSettings) {
    super(scope, id);
    useStateBackend(this, env.state);
    const name = `${env.name}-lakehouse`;
    const tags = costTags(env.tags, env.name);
    const awsAccountId = env.aws.accountId;
    const deletionProtection = env.deletionProtection;

    new AwsProvider(this, "aws", awsProviderConfig(env));
    const account = new DatabricksProvider(this, "databricks-account", {
      alias: "account",
      host: ACCOUNTS_HOST.aws,
      accountId: env.databricks.accountId,
    });
    new TimeProvider(this, "time");

    // The lakehouse bucket stays the customer's: its data, its key, its region (docs/compute-modes.md).
    const credential = new UnityCatalogCredential(this, "unity-catalog-credential", {
      provider: account,
      metastoreId: metastore.id,
      name,
      comment: `Storage of the ${env.name} lakehouse`,
      roleArn: `arn:aws:iam::${awsAccountId}:role/${UnityCatalogStorage.roleName(name)}`,
      owner: metastore.adminGroupName,
    });
    const accessLogs = new AccessLogBucket(this, "access-logs", { name, awsAccountId, deletionProtection });
    const lakehouse = new UnityCatalogStorage(this, "lakehouse-storage", {
      name,
      awsAccountId,
      policies: new ProviderComputedPolicies(account, env.databricks.accountId),
      deletionProtection,
      credential: { name: credential.credential.name, externalId: credential.externalId },
      accessLogs: accessLogs.target("data"),
    });
    const managedServicesKey = new CustomerManagedKey(this, "managed-services-key", {
      name,
      awsAccountId,
      deletionProtection,
      databricksAccountId: env.databricks.accountId,
      use: "managed-services",
    });

    const registration = new AwsServerlessWorkspace(this, "workspace", {
      name,
      databricksAccountId: env.databricks.accountId,
      region: env.aws.region,
      pricingTier: env.databricks.pricingTier ?? "ENTERPRISE",
      accountProvider: account,
      managedServicesKey: { arn: managedServicesKey.key.arn, alias: managedServicesKey.alias.name },
      tags,
    });

    const workspaceId = registration.workspace.workspaceId;
    const github = ci.githubEnvironments[env.name];
    const enrollment = new WorkspaceEnrollment(this, "enrollment", {
      provider: account,
      workspaceId,
      metastoreId: metastore.id,
      metastoreAdminGroupId: metastore.adminGroupId,
      groups: env.groups,
      cicdServicePrincipal: env.cicdServicePrincipal,
      cicdFederation: {
        repository: ci.repository,
        githubEnvironments: [github.deploy, github.plan],
        databricksAccountId: env.databricks.accountId,
      },
    });
    const costs = new CostControls(this, "cost-controls", { provider: account, environment: env.name, tags, workspaceId, ...env.costs });
    // People's serverless notebooks bill under their persona's policy (jobs under the environment's).
    const groups = enrollment.identities.groups;
    new PersonaBudgetPolicies(this, "persona-budget-policies", {
      provider: account,
      databricksAccountId: env.databricks.accountId,
      environment: env.name,
      workspaceId,
      tags,
      groups: { dataEngineers: groups.dataEngineers, dataScientists: groups.dataScientists, analysts: groups.analysts },
    });

    if (env.security.auditLogDelivery) {
      new AuditLogDelivery(this, "audit-logs", {
        name,
        awsAccountId,
        databricksAccountId: env.databricks.accountId,
        accountProvider: account,
        deletionProtection,
        accessLogs: accessLogs.target("audit-logs"),
      });
    }

    const egress = env.security.serverlessEgress;
    if (egress.enabled) {
      // All of this workspace's compute is serverless: the policy is its only egress control.
      new ServerlessEgress(this, "serverless-egress", {
        provider: account,
        name: env.name,
        workspaceId,
        networkConnectivityConfigId: regionalConnectivityConfigId(env.name, metastore),
        allowedDomains: egress.allowedDomains,
        storageDestinations: [{ cloud: "aws", bucketName: lakehouse.bucket.bucket.bucket, region: env.aws.region }],
        dryRun: egress.dryRun,
      });
    }

    this.handoff = {
      host: registration.workspace.workspaceUrl,
      workspaceId,
      storage: lakehouse.storage(),
      serverlessBudgetPolicyId: costs.policy.policyId,
    };
    new TerraformOutput(this, "workspace_id", { value: workspaceId, description: "Numeric id of the Databricks workspace" });
    new TerraformOutput(this, "workspace_url", {
      value: registration.workspace.workspaceUrl,
      description: "URL of the Databricks workspace",
    });
    new TerraformOutput(this, "cicd_application_id", {
      value: enrollment.identities.cicd.applicationId,
      description: "Application id CI signs in with to apply the workspace-config stack (DATABRICKS_CLIENT_ID)",
    });
  }
}
