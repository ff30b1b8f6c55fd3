import { MwsCredentials } from "@cdktn/provider-databricks/lib/mws-credentials";
import { MwsCustomerManagedKeys } from "@cdktn/provider-databricks/lib/mws-customer-managed-keys";
import { MwsNetworks } from "@cdktn/provider-databricks/lib/mws-networks";
import { MwsStorageConfigurations } from "@cdktn/provider-databricks/lib/mws-storage-configurations";
import { MwsWorkspaces } from "@cdktn/provider-databricks/lib/mws-workspaces";
import type { ITerraformDependable, TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import type { AwsPrivateAccess } from "./aws-private-access";

export interface AwsWorkspaceRegistrationProps {
  readonly name: string;
  readonly databricksAccountId: string;
  readonly region: string;
  readonly pricingTier: string;
  /** The account-level provider (accounts console host). */
  readonly accountProvider: TerraformProvider;
  readonly crossAccountRoleArn: string;
  /** Wait for this before registering the role (IAM propagation). */
  readonly roleReady: ITerraformDependable;
  readonly rootBucketName: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  readonly managedServicesKey: { arn: string; alias: string };
  readonly storageKey: { arn: string; alias: string };
  readonly tags: Record<string, string>;
  /** Back-end PrivateLink: the registered endpoints go into the network, the private access settings onto the workspace. */
  readonly privateAccess?: AwsPrivateAccess;
}

/**
 * Registers the AWS pieces with the Databricks account (credential, storage configuration,
 * network, customer-managed keys) and creates the workspace from them, without public IPs; with
 * PrivateLink, the network names the back-end endpoints and the workspace its private access settings.
 */
export class AwsWorkspaceRegistration extends Construct {
  readonly workspace: MwsWorkspaces;

  constructor(scope: Construct, id: string, props: AwsWorkspaceRegistrationProps) {
    super(scope, id);
    const provider = props.accountProvider;
    const accountId = props.databricksAccountId;

    const credentials = new MwsCredentials(this, "credentials", {
      provider,
      credentialsName: `${props.name}-credentials`,
      roleArn: props.crossAccountRoleArn,
      dependsOn: [props.roleReady],
    });
    const storage = new MwsStorageConfigurations(this, "storage", {
      provider,
      accountId,
      storageConfigurationName: `${props.name}-root-storage`,
      bucketName: props.rootBucketName,
    });
    const network = new MwsNetworks(this, "network", {
      provider,
      accountId,
      networkName: `${props.name}-network`,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      securityGroupIds: props.securityGroupIds,
      vpcEndpoints: props.privateAccess?.networkEndpoints(),
    });
    const managedServicesKey = new MwsCustomerManagedKeys(this, "managed-services-key", {
      provider,
      accountId,
      useCases: ["MANAGED_SERVICES"],
      awsKeyInfo: { keyArn: props.managedServicesKey.arn, keyAlias: props.managedServicesKey.alias },
    });
    const storageKey = new MwsCustomerManagedKeys(this, "storage-key", {
      provider,
      accountId,
      useCases: ["STORAGE"],
      awsKeyInfo: { keyArn: props.storageKey.arn, keyAlias: props.storageKey.alias },
    });
    this.workspace = new MwsWorkspaces(this, "workspace", {
      provider,
      accountId,
      workspaceName: props.name,
      awsRegion: props.region,
      pricingTier: props.pricingTier,
      credentialsId: credentials.credentialsId,
      storageConfigurationId: storage.storageConfigurationId,
      networkId: network.networkId,
      managedServicesCustomerManagedKeyId: managedServicesKey.customerManagedKeyId,
      storageCustomerManagedKeyId: storageKey.customerManagedKeyId,
      isNoPublicIpEnabled: true,
      privateAccessSettingsId: props.privateAccess?.settings.privateAccessSettingsId,
      customTags: props.tags,
    });
  }
}
