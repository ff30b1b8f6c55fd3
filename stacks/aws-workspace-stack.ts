import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { TerraformStack } from "cdktn";
import type { Construct } from "constructs";
import type { CiSettings } from "../config/ci";
import type { AwsEnvironment } from "../config/schema";
import { ProviderComputedPolicies } from "../constructs/aws/databricks-policies";
import { awsProviderConfig } from "../constructs/aws/provider-config";
import { UnityCatalogStorage } from "../constructs/aws/unity-catalog-storage";
import { WorkspaceFoundation } from "../constructs/aws/workspace-foundation";
import { costTags } from "../constructs/cost-tags";
import { AwsPrivateAccess } from "../constructs/databricks/account/aws-private-access";
import { AwsWorkspaceRegistration } from "../constructs/databricks/account/aws-workspace-registration";
import { UnityCatalogCredential } from "../constructs/databricks/account/unity-catalog-credential";
import { TimeProvider } from "../constructs/time/time-provider";
import { awsWorkspaceAccountSide } from "./aws-workspace-account-side";
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

    this.handoff = awsWorkspaceAccountSide(this, {
      env,
      ci,
      metastore,
      account,
      tags,
      workspaceId: registration.workspace.workspaceId,
      workspaceUrl: registration.workspace.workspaceUrl,
      storage: foundation.storage(),
      lakehouseBucketName: foundation.lakehouse.bucket.bucket.bucket,
      auditLogAccessLogs: foundation.accessLogs.target("audit-logs"),
    }).handoff;
  }
}
