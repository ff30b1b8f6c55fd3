import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktn";
import type { Construct } from "constructs";
import type { CiSettings } from "../config/ci";
import type { AwsEnvironment } from "../config/schema";
import { AuditLogDelivery } from "../constructs/aws/audit-log-delivery";
import { ProviderComputedPolicies } from "../constructs/aws/databricks-policies";
import { awsProviderConfig } from "../constructs/aws/provider-config";
import { UnityCatalogStorage } from "../constructs/aws/unity-catalog-storage";
import { WorkspaceFoundation } from "../constructs/aws/workspace-foundation";
import { costTags } from "../constructs/cost-tags";
import { AwsPrivateAccess } from "../constructs/databricks/account/aws-private-access";
import { AwsWorkspaceRegistration } from "../constructs/databricks/account/aws-workspace-registration";
import { CostControls } from "../constructs/databricks/account/cost-controls";
import { regionalConnectivityConfigId, ServerlessEgress } from "../constructs/databricks/account/serverless-egress";
import { UnityCatalogCredential } from "../constructs/databricks/account/unity-catalog-credential";
import { WorkspaceEnrollment } from "../constructs/databricks/account/workspace-enrollment";
import { TimeProvider } from "../constructs/time/time-provider";
import { ACCOUNTS_HOST } from "./databricks-accounts";
import type { MetastoreRef } from "./metastore-ref";
import { useStateBackend } from "./state-backend";
import type { WorkspaceHandoff } from "./workspace-handoff";

/**
 * Everything a Databricks workspace on AWS stands on: network, root storage, keys and the
 * cross-account role, registered with the Databricks account, the workspace itself, the
 * environment's account-level identities and (where config asks) audit log delivery.
 * Credentials come from the environment: AWS's usual chain, and for the account-level provider the
 * deployer's workload identity federation in CI (DATABRICKS_AUTH_TYPE=github-oidc) or any Databricks
 * login of an account admin. `ci` says whose GitHub environments the CI/CD principal trusts.
 */
export class AwsWorkspaceStack extends TerraformStack {
  readonly handoff: WorkspaceHandoff;

  constructor(scope: Construct, id: string, env: AwsEnvironment, metastore: MetastoreRef, ci: CiSettings) {
    super(scope, id);
    useStateBackend(this, env.state);
    const name = `${env.name}-lakehouse`;
    const tags = costTags(env.tags, env.name);

    new AwsProvider(this, "aws", awsProviderConfig(env));
    const account = new DatabricksProvider(this, "databricks-account", {
      alias: "account",
      host: ACCOUNTS_HOST.aws,
      accountId: env.databricks.accountId,
    });
    new TimeProvider(this, "time");

    // Unity Catalog's credential comes first: the role it names must trust the credential's external id.
    const credential = new UnityCatalogCredential(this, "unity-catalog-credential", {
      provider: account,
      metastoreId: metastore.id,
      name: `${env.name}-lakehouse`,
      comment: `Storage of the ${env.name} lakehouse`,
      roleArn: `arn:aws:iam::${env.aws.accountId}:role/${UnityCatalogStorage.roleName(name)}`,
      owner: metastore.adminGroupName,
    });
    const foundation = new WorkspaceFoundation(this, {
      env,
      policies: new ProviderComputedPolicies(account, env.databricks.accountId),
      unityCatalogCredential: { name: credential.credential.name, externalId: credential.externalId },
    });
    const { network, crossAccount, managedServicesKey, storageKey, rootBucket } = foundation;

    const privateAccess = network.privateLink
      ? new AwsPrivateAccess(this, "private-access", {
          name,
          databricksAccountId: env.databricks.accountId,
          awsAccountId: env.aws.accountId,
          region: env.aws.region,
          accountProvider: account,
          restApiEndpointId: network.privateLink.restApi.id,
          relayEndpointId: network.privateLink.relay.id,
          frontEndEndpointId: foundation.frontEnd?.endpoint.id,
          publicAccessEnabled: env.aws.network?.privateConnectivity.publicAccessEnabled ?? true,
        })
      : undefined;

    const registration = new AwsWorkspaceRegistration(this, "workspace", {
      name,
      databricksAccountId: env.databricks.accountId,
      region: env.aws.region,
      pricingTier: env.databricks.pricingTier ?? "ENTERPRISE",
      accountProvider: account,
      crossAccountRoleArn: crossAccount.role.arn,
      roleReady: crossAccount.propagated,
      rootBucketName: rootBucket.bucket.bucket,
      vpcId: network.vpc.id,
      subnetIds: network.privateSubnets.map((subnet) => subnet.id),
      securityGroupIds: [network.securityGroup.id],
      managedServicesKey: { arn: managedServicesKey.key.arn, alias: managedServicesKey.alias.name },
      storageKey: { arn: storageKey.key.arn, alias: storageKey.alias.name },
      tags,
      privateAccess,
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
      piiReadersGroup: env.stage === "prod" ? env.piiReadersGroup : undefined,
      // CI applies the workspace-config stack as this principal, signed in from the environment's GitHub environments.
      cicdFederation: {
        repository: ci.repository,
        githubEnvironments: [github.deploy, github.plan],
        databricksAccountId: env.databricks.accountId,
      },
    });
    const costs = new CostControls(this, "cost-controls", { provider: account, environment: env.name, tags, workspaceId, ...env.costs });

    if (env.security.auditLogDelivery) {
      new AuditLogDelivery(this, "audit-logs", {
        name,
        awsAccountId: env.aws.accountId,
        databricksAccountId: env.databricks.accountId,
        accountProvider: account,
        deletionProtection: env.deletionProtection,
        accessLogs: foundation.accessLogs.target("audit-logs"),
      });
    }

    const egress = env.security.serverlessEgress;
    if (egress.enabled) {
      const nccId = regionalConnectivityConfigId(env.name, metastore);
      // Serverless compute reaches S3 of its own region through the S3 gateway endpoint of
      // Databricks' serverless network, not the internet ("Serverless compute plane networking"), so
      // no billed endpoint rule is needed: the policy names the lakehouse bucket as allowed storage.
      new ServerlessEgress(this, "serverless-egress", {
        provider: account,
        name: env.name,
        workspaceId,
        networkConnectivityConfigId: nccId,
        allowedDomains: egress.allowedDomains,
        storageDestinations: [{ cloud: "aws", bucketName: foundation.lakehouse.bucket.bucket.bucket, region: env.aws.region }],
        dryRun: egress.dryRun,
      });
    }

    this.handoff = {
      host: registration.workspace.workspaceUrl,
      workspaceId,
      storage: foundation.storage(),
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
