import type { Construct } from "constructs";
import { databricksEndpointServices } from "../../config/databricks-endpoint-services";
import { egressPorts } from "../../config/rules/aws-private-connectivity";
import type { AwsEnvironment } from "../../config/schema";
import type { LakehouseStorage } from "../lakehouse-storage";
import { AccessLogBucket } from "./access-log-bucket";
import { CrossAccountRole } from "./cross-account-role";
import { CustomerManagedKey } from "./customer-managed-key";
import type { DatabricksAwsPolicies } from "./databricks-policies";
import { RestrictiveEndpointPolicies } from "./endpoint-policies";
import { FrontEndEndpoint } from "./front-end-endpoint";
import { MountInstanceProfile } from "./mount-instance-profile";
import { SecureBucket } from "./secure-bucket";
import { UnityCatalogStorage } from "./unity-catalog-storage";
import { VpcFlowLogs } from "./vpc-flow-logs";
import { WorkspaceNetwork } from "./workspace-network";

export interface WorkspaceFoundationProps {
  readonly env: AwsEnvironment;
  readonly policies: DatabricksAwsPolicies;
  /** The Unity Catalog storage credential naming the lakehouse role (created before it; see UnityCatalogCredential). */
  readonly unityCatalogCredential: { readonly name: string; readonly externalId: string };
}

/**
 * The AWS side of a workspace, before anything is registered with Databricks: the network and its
 * flow logs, the access-log bucket, the lakehouse bucket and its Unity Catalog role, the optional mount instance profile,
 * the cross-account role, both workspace keys and the root bucket; where config asks for PrivateLink,
 * the endpoints to Databricks, restrictive policies on the S3, STS and Kinesis endpoints and the
 * front-end transit VPC. The workspace stack adds the
 * account-level registration on top; the emulator test applies exactly this.
 *
 * Not a construct of its own: its resources are added straight to the given stack so their
 * addresses (and existing state) are those of the stack.
 */
export class WorkspaceFoundation {
  readonly network: WorkspaceNetwork;
  readonly lakehouse: UnityCatalogStorage;
  readonly mountProfile?: MountInstanceProfile;
  readonly crossAccount: CrossAccountRole;
  readonly managedServicesKey: CustomerManagedKey;
  readonly storageKey: CustomerManagedKey;
  readonly rootBucket: SecureBucket;
  /** S3 server access logs of the environment's buckets. */
  readonly accessLogs: AccessLogBucket;
  /** Front-end PrivateLink only: the transit VPC and its endpoint. */
  readonly frontEnd?: FrontEndEndpoint;

  constructor(stack: Construct, props: WorkspaceFoundationProps) {
    const { env, policies } = props;
    const name = `${env.name}-lakehouse`;
    const awsAccountId = env.aws.accountId;
    const deletionProtection = env.deletionProtection;
    const awsNetwork = env.aws.network;
    // Config requires the VPC in a classic workspace and refuses it in a serverless one (config/rules/compute-mode.ts).
    if (awsNetwork === undefined)
      throw new Error(
        `Environment "${env.name}": aws.network is missing, so its classic workspace has no VPC to build. Fix: add aws.network, or use compute.mode "serverless" (stacks/aws-serverless-workspace-stack.ts)`,
      );
    const privateConnectivity = awsNetwork.privateConnectivity;
    // Config refuses PrivateLink in a region without published services, so this is defined whenever it is on.
    const services = databricksEndpointServices(env.aws.region);

    this.network = new WorkspaceNetwork(stack, "network", {
      name,
      region: env.aws.region,
      vpcCidr: awsNetwork.vpcCidr,
      availabilityZones: awsNetwork.availabilityZones,
      privateSubnetNewBits: awsNetwork.privateSubnetNewBits,
      natGatewayPerAz: awsNetwork.natGatewayPerAz,
      privateLink:
        privateConnectivity.backEnd && services
          ? {
              endpointSubnetPrefix: privateConnectivity.endpointSubnetPrefix,
              services,
              allowedEgress: privateConnectivity.allowedEgress.map((rule) => ({
                cidr: rule.cidr,
                ...egressPorts(rule),
                description: rule.description,
              })),
            }
          : undefined,
      egressFirewall:
        env.aws.network.egress.mode === "firewall"
          ? {
              allowedDomains: env.aws.network.egress.allowedDomains,
              logRetentionDays: env.aws.network.egress.logRetentionDays,
              awsAccountId,
              deletionProtection,
            }
          : undefined,
    });
    new VpcFlowLogs(stack, "flow-logs", { name, vpcId: this.network.vpc.id, region: env.aws.region, awsAccountId, deletionProtection });

    this.accessLogs = new AccessLogBucket(stack, "access-logs", { name, awsAccountId, deletionProtection });
    this.lakehouse = new UnityCatalogStorage(stack, "lakehouse-storage", {
      name,
      awsAccountId,
      policies,
      deletionProtection,
      credential: props.unityCatalogCredential,
      accessLogs: this.accessLogs.target("data"),
    });
    this.mountProfile = env.mounts.enabled
      ? new MountInstanceProfile(stack, "mount-profile", {
          name,
          bucketArn: this.lakehouse.bucket.bucket.arn,
          kmsKeyArn: this.lakehouse.key.key.arn,
        })
      : undefined;

    this.crossAccount = new CrossAccountRole(stack, "cross-account", {
      name,
      awsAccountId,
      region: env.aws.region,
      vpcId: this.network.vpc.id,
      securityGroupId: this.network.securityGroup.id,
      policies,
      passRoles: this.mountProfile ? [this.mountProfile.role.arn] : undefined,
    });

    const keyProps = { name, awsAccountId, deletionProtection, databricksAccountId: env.databricks.accountId };
    this.managedServicesKey = new CustomerManagedKey(stack, "managed-services-key", { ...keyProps, use: "managed-services" });
    this.storageKey = new CustomerManagedKey(stack, "storage-key", {
      ...keyProps,
      use: "workspace-storage",
      crossAccountRole: { arn: this.crossAccount.role.arn, propagated: this.crossAccount.propagated },
    });

    const rootBucketName = `${name}-root-${awsAccountId}`;
    this.rootBucket = new SecureBucket(stack, "root-bucket", {
      bucketName: rootBucketName,
      kmsKeyArn: this.storageKey.key.arn,
      deletionProtection,
      policyDocuments: [policies.rootBucket(stack, "root-bucket-policy", rootBucketName)],
      accessLogs: this.accessLogs.target("root"),
    });

    if (this.network.privateLink) {
      new RestrictiveEndpointPolicies(stack, "endpoint-policies", {
        region: env.aws.region,
        awsAccountId,
        bucketArns: [this.rootBucket.bucket.arn, this.lakehouse.bucket.bucket.arn],
        s3EndpointId: this.network.s3Endpoint.id,
        stsEndpointId: this.network.stsEndpoint.id,
        kinesisEndpointId: this.network.kinesisEndpoint.id,
      });
    }
    if (privateConnectivity.frontEnd && services) {
      this.frontEnd = new FrontEndEndpoint(stack, "front-end", {
        name,
        transitVpcCidr: privateConnectivity.frontEnd.transitVpcCidr,
        availabilityZones: awsNetwork.availabilityZones,
        workspaceService: services.workspace,
      });
    }
  }

  /** Zone URLs, the Unity Catalog credential and (when mounts are on) the mount's instance profile. */
  storage(): LakehouseStorage {
    const bucket = this.lakehouse.bucket.bucket.bucket;
    return this.lakehouse.storage(
      this.mountProfile ? { kind: "s3", bucket, instanceProfileArn: this.mountProfile.propagatedArn } : undefined,
    );
  }
}
