import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { TerraformStack } from "cdktn";
import type { Construct } from "constructs";
import type { CiSettings } from "../config/ci";
import type { AwsEnvironment } from "../config/schema";
import { AccessLogBucket } from "../constructs/aws/access-log-bucket";
import { CustomerManagedKey } from "../constructs/aws/customer-managed-key";
import { ProviderComputedPolicies } from "../constructs/aws/databricks-policies";
import { awsProviderConfig } from "../constructs/aws/provider-config";
import { UnityCatalogStorage } from "../constructs/aws/unity-catalog-storage";
import { costTags } from "../constructs/cost-tags";
import { AwsServerlessWorkspace } from "../constructs/databricks/account/aws-serverless-workspace";
import { PersonaBudgetPolicies } from "../constructs/databricks/account/persona-budget-policies";
import { UnityCatalogCredential } from "../constructs/databricks/account/unity-catalog-credential";
import { TimeProvider } from "../constructs/time/time-provider";
import { awsWorkspaceAccountSide } from "./aws-workspace-account-side";
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
    const side = awsWorkspaceAccountSide(this, {
      env,
      ci,
      metastore,
      account,
      tags,
      workspaceId,
      workspaceUrl: registration.workspace.workspaceUrl,
      storage: lakehouse.storage(),
      lakehouseBucketName: lakehouse.bucket.bucket.bucket,
      auditLogAccessLogs: accessLogs.target("audit-logs"),
    });
    this.handoff = side.handoff;
    // People's serverless notebooks bill under their persona's policy (jobs under the environment's).
    const groups = side.enrollment.identities.groups;
    new PersonaBudgetPolicies(this, "persona-budget-policies", {
      provider: account,
      databricksAccountId: env.databricks.accountId,
      environment: env.name,
      workspaceId,
      tags,
      groups: { dataEngineers: groups.dataEngineers, dataScientists: groups.dataScientists, analysts: groups.analysts },
    });
  }
}
