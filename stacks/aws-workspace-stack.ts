import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { DataDatabricksAwsBucketPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-bucket-policy";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import type { AwsEnvironment } from "../config/schema";
import { costTags } from "../constructs/cost-tags";
import { useStateBackend } from "./state-backend";
import { WorkspaceNetwork } from "../constructs/aws/workspace-network";
import { CrossAccountRole } from "../constructs/aws/cross-account-role";
import { CustomerManagedKey } from "../constructs/aws/customer-managed-key";
import { SecureBucket } from "../constructs/aws/secure-bucket";
import { AwsWorkspaceRegistration } from "../constructs/databricks/account/aws-workspace-registration";
import { WorkspaceEnrollment } from "../constructs/databricks/account/workspace-enrollment";
import { AuditLogDelivery } from "../constructs/aws/audit-log-delivery";
import { VpcFlowLogs } from "../constructs/aws/vpc-flow-logs";
import { UnityCatalogStorage } from "../constructs/aws/unity-catalog-storage";
import { MountInstanceProfile } from "../constructs/aws/mount-instance-profile";
import { ACCOUNTS_HOST } from "./databricks-accounts";
import type { WorkspaceHandoff } from "./workspace-handoff";

/**
 * Everything a Databricks workspace on AWS stands on: network, root storage, keys and the
 * cross-account role, registered with the Databricks account, the workspace itself, the
 * environment's account-level identities and (where config asks) audit log delivery.
 * Credentials come from the environment: AWS's usual chain, and DATABRICKS_CLIENT_ID /
 * DATABRICKS_CLIENT_SECRET (OAuth machine-to-machine) for the account-level provider.
 */
export class AwsWorkspaceStack extends TerraformStack {
  readonly handoff: WorkspaceHandoff;

  constructor(scope: Construct, id: string, env: AwsEnvironment, metastoreId: string) {
    super(scope, id);
    useStateBackend(this, env.state);
    const name = `${env.name}-lakehouse`;
    const tags = costTags(env.tags, env.name);

    new AwsProvider(this, "aws", {
      region: env.aws.region,
      // Refuses to run against any other account: a dev plan can never touch prod.
      allowedAccountIds: [env.aws.accountId],
      defaultTags: [{ tags }],
    });
    const account = new DatabricksProvider(this, "databricks-account", {
      alias: "account",
      host: ACCOUNTS_HOST.aws,
      accountId: env.databricks.accountId,
    });
    new TimeProvider(this, "time");

    const network = new WorkspaceNetwork(this, "network", {
      name,
      region: env.aws.region,
      vpcCidr: env.aws.network.vpcCidr,
      availabilityZones: env.aws.network.availabilityZones,
      privateSubnetNewBits: env.aws.network.privateSubnetNewBits,
      natGatewayPerAz: env.aws.network.natGatewayPerAz,
    });

    new VpcFlowLogs(this, "flow-logs", { name, vpcId: network.vpc.id, region: env.aws.region, awsAccountId: env.aws.accountId, deletionProtection: env.deletionProtection });

    const lakehouse = new UnityCatalogStorage(this, "lakehouse-storage", {
      name,
      awsAccountId: env.aws.accountId,
      databricksAccountId: env.databricks.accountId,
      accountProvider: account,
      deletionProtection: env.deletionProtection,
    });
    const mountProfile = env.mounts.enabled
      ? new MountInstanceProfile(this, "mount-profile", { name, bucketArn: lakehouse.bucket.bucket.arn, kmsKeyArn: lakehouse.key.key.arn })
      : undefined;

    const crossAccount = new CrossAccountRole(this, "cross-account", {
      name,
      databricksAccountId: env.databricks.accountId,
      awsAccountId: env.aws.accountId,
      region: env.aws.region,
      vpcId: network.vpc.id,
      securityGroupId: network.securityGroup.id,
      databricksProvider: account,
      passRoles: mountProfile ? [mountProfile.role.arn] : undefined,
    });

    const keyProps = { name, awsAccountId: env.aws.accountId, deletionProtection: env.deletionProtection };
    const managedServicesKey = new CustomerManagedKey(this, "managed-services-key", { ...keyProps, use: "managed-services" });
    const storageKey = new CustomerManagedKey(this, "storage-key", { ...keyProps, use: "workspace-storage", crossAccountRoleArn: crossAccount.role.arn });

    const rootBucketName = `${name}-root-${env.aws.accountId}`;
    const rootBucketPolicy = new DataDatabricksAwsBucketPolicy(this, "root-bucket-policy", { provider: account, bucket: rootBucketName });
    const rootBucket = new SecureBucket(this, "root-bucket", {
      bucketName: rootBucketName,
      kmsKeyArn: storageKey.key.arn,
      deletionProtection: env.deletionProtection,
      policyDocuments: [rootBucketPolicy.json],
    });

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
    });

    const workspaceId = registration.workspace.workspaceId;
    new WorkspaceEnrollment(this, "enrollment", { provider: account, workspaceId, metastoreId, groups: env.groups, cicdServicePrincipal: env.cicdServicePrincipal });

    if (env.security.auditLogDelivery) {
      new AuditLogDelivery(this, "audit-logs", {
        name,
        awsAccountId: env.aws.accountId,
        databricksAccountId: env.databricks.accountId,
        accountProvider: account,
        deletionProtection: env.deletionProtection,
      });
    }

    this.handoff = {
      host: registration.workspace.workspaceUrl,
      workspaceId,
      storage: lakehouse.storage(mountProfile ? { kind: "s3", bucket: lakehouse.bucket.bucket.bucket, instanceProfileArn: mountProfile.profile.arn } : undefined),
    };
    new TerraformOutput(this, "workspace_id", { value: workspaceId, description: "Numeric id of the Databricks workspace" });
    new TerraformOutput(this, "workspace_url", { value: registration.workspace.workspaceUrl, description: "URL of the Databricks workspace" });
  }
}
