import { Testing } from "cdktf";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { DataDatabricksAwsCrossaccountPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-crossaccount-policy";
import { DataDatabricksAwsAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-assume-role-policy";
import { WorkspaceNetwork } from "../../constructs/aws/workspace-network";
import { CustomerManagedKey } from "../../constructs/aws/customer-managed-key";
import { SecureBucket } from "../../constructs/aws/secure-bucket";
import { CrossAccountRole } from "../../constructs/aws/cross-account-role";
import { ProviderComputedPolicies } from "../../constructs/aws/databricks-policies";
import { AuditLogDelivery } from "../../constructs/aws/audit-log-delivery";
import { VpcFlowLogs } from "../../constructs/aws/vpc-flow-logs";
import { MwsLogDelivery } from "@cdktf/provider-databricks/lib/mws-log-delivery";
import { dataSourcesOf, resourcesOf } from "../helpers";

const networkProps = { name: "t", region: "eu-west-1", vpcCidr: "10.0.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], privateSubnetNewBits: 3 };

describe("WorkspaceNetwork", () => {
  it("puts one private subnet per zone, carved from the VPC with cidrsubnet", () => {
    const out = Testing.synthScope((scope) => new WorkspaceNetwork(scope, "net", networkProps));
    expect(out).toHaveResourceWithProperties(Vpc, { cidr_block: "10.0.0.0/16", enable_dns_hostnames: true });
    const subnets = resourcesOf(out, "aws_subnet");
    const privateCidrs = subnets.filter((s) => s.tags.Name.includes("private")).map((s) => s.cidr_block);
    expect(privateCidrs).toEqual(['${cidrsubnet("10.0.0.0/16", 3, 0)}', '${cidrsubnet("10.0.0.0/16", 3, 1)}', '${cidrsubnet("10.0.0.0/16", 3, 2)}']);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    // Public NAT subnets are /28s inside the last block, never overlapping private ones.
    expect(subnets.filter((s) => s.tags.Name.includes("public")).map((s) => s.cidr_block)).toEqual(['${cidrsubnet(cidrsubnet("10.0.0.0/16", 3, 7), 9, 0)}']);
  });

  it("shares one NAT gateway by default and places one per zone when asked", () => {
    const shared = Testing.synthScope((scope) => new WorkspaceNetwork(scope, "net", networkProps));
    expect(resourcesOf(shared, "aws_nat_gateway")).toHaveLength(1);
    const perZone = Testing.synthScope((scope) => new WorkspaceNetwork(scope, "net", { ...networkProps, natGatewayPerAz: true }));
    expect(resourcesOf(perZone, "aws_nat_gateway")).toHaveLength(3);
    expect(perZone).toHaveResource(NatGateway);
  });

  it("opens only the egress Databricks documents and locks the default security group", () => {
    const out = Testing.synthScope((scope) => new WorkspaceNetwork(scope, "net", networkProps));
    const toInternet = resourcesOf(out, "aws_vpc_security_group_egress_rule").filter((r) => r.cidr_ipv4 === "0.0.0.0/0");
    expect(toInternet.map((r) => `${r.from_port}-${r.to_port}`).sort()).toEqual(["2443-2443", "3306-3306", "443-443", "6666-6666", "8443-8451"]);
    expect(toInternet.every((r) => r.ip_protocol === "tcp")).toBe(true);
    expect(resourcesOf(out, "aws_vpc_security_group_ingress_rule").some((r) => r.cidr_ipv4 !== undefined)).toBe(false);
    expect(out).toHaveResource(DefaultSecurityGroup);
    expect(resourcesOf(out, "aws_default_security_group")[0].ingress).toBeUndefined();
    expect(out).toHaveResource(VpcSecurityGroupEgressRule);
  });

  it("keeps S3, STS and Kinesis traffic on private endpoints", () => {
    const out = Testing.synthScope((scope) => new WorkspaceNetwork(scope, "net", networkProps));
    expect(out).toHaveResourceWithProperties(VpcEndpoint, { service_name: "com.amazonaws.eu-west-1.s3", vpc_endpoint_type: "Gateway" });
    expect(out).toHaveResourceWithProperties(VpcEndpoint, { service_name: "com.amazonaws.eu-west-1.sts", vpc_endpoint_type: "Interface", private_dns_enabled: true });
    expect(out).toHaveResourceWithProperties(VpcEndpoint, { service_name: "com.amazonaws.eu-west-1.kinesis-streams", vpc_endpoint_type: "Interface" });
    expect(resourcesOf(out, "aws_subnet")).toHaveLength(4);
    expect(out).toHaveResource(Subnet);
  });
});

describe("CustomerManagedKey", () => {
  const statementsOf = (out: string) => dataSourcesOf(out, "aws_iam_policy_document")[0].statement as Array<Record<string, any>>;

  it("rotates and grants the control plane only Encrypt/Decrypt for managed services", () => {
    const out = Testing.synthScope((scope) => new CustomerManagedKey(scope, "k", { name: "t", awsAccountId: "111111111111", use: "managed-services", deletionProtection: false }));
    expect(out).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 7 });
    expect(out).toHaveResourceWithProperties(KmsAlias, { name: "alias/t-databricks-managed-services" });
    const databricks = statementsOf(out).filter((s) => s.principals[0].identifiers[0] === "arn:aws:iam::414351767826:root");
    expect(databricks.map((s) => s.actions)).toEqual([["kms:Encrypt", "kms:Decrypt"]]);
  });

  it("lets storage grants be created only for AWS resources and EBS use only through EC2, once the role has propagated", () => {
    const out = Testing.synthScope((scope) => {
      const propagated = new Sleep(scope, "role-propagation", { createDuration: "30s" });
      new CustomerManagedKey(scope, "k", { name: "t", awsAccountId: "111111111111", use: "workspace-storage", crossAccountRole: { arn: "arn:aws:iam::111111111111:role/x", propagated }, deletionProtection: true });
    });
    // KMS refuses a policy naming a principal that IAM has not propagated yet.
    expect(resourcesOf(out, "aws_kms_key")[0].depends_on).toEqual(["time_sleep.role-propagation"]);
    const bySid = Object.fromEntries(statementsOf(out).map((s) => [s.sid, s]));
    expect(bySid.DatabricksGrantsForAwsResourcesOnly.condition).toEqual([{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }]);
    expect(bySid.ClusterNodesEncryptEbsVolumes.condition[0].values).toEqual(["ec2.*.amazonaws.com"]);
    expect(bySid.ClusterNodesEncryptEbsVolumes.principals[0].identifiers).toEqual(["arn:aws:iam::111111111111:role/x"]);
    expect(out).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: true }, deletion_window_in_days: 30 });
  });
});

describe("SecureBucket", () => {
  const make = (deletionProtection: boolean) =>
    Testing.synthScope((scope) => new SecureBucket(scope, "b", { bucketName: "t-bucket", kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/abc", deletionProtection, policyDocuments: ['{"Version":"2012-10-17","Statement":[]}'] }));

  it("is versioned, KMS-encrypted, fully private and bucket-owner-enforced", () => {
    const out = make(false);
    expect(out).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
    expect(out).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:eu-west-1:111111111111:key/abc" }, bucket_key_enabled: true }],
    });
    expect(out).toHaveResourceWithProperties(S3BucketPublicAccessBlock, { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(out).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
    const document = dataSourcesOf(out, "aws_iam_policy_document")[0];
    expect(document.source_policy_documents).toEqual(['{"Version":"2012-10-17","Statement":[]}']);
    expect(document.statement[0]).toMatchObject({ sid: "DenyInsecureTransport", effect: "Deny" });
  });

  it("is force-destroyable in dev and protected, never force-destroyed, in prod", () => {
    expect(make(false)).toHaveResourceWithProperties(S3Bucket, { force_destroy: true });
    const prod = resourcesOf(make(true), "aws_s3_bucket")[0];
    expect(prod.lifecycle).toEqual({ prevent_destroy: true });
    expect(prod.force_destroy).toBeUndefined();
  });
});

describe("CrossAccountRole", () => {
  it("takes trust and a VPC-scoped restricted policy from the Databricks data sources, then waits for IAM", () => {
    const out = Testing.synthScope((scope) => {
      const account = new DatabricksProvider(scope, "account", { alias: "account", host: "https://accounts.cloud.databricks.com" });
      new CrossAccountRole(scope, "role", {
        name: "t",
        awsAccountId: "111111111111",
        region: "eu-west-1",
        vpcId: "vpc-1",
        securityGroupId: "sg-1",
        policies: new ProviderComputedPolicies(account, "acct"),
      });
    });
    expect(out).toHaveDataSourceWithProperties(DataDatabricksAwsAssumeRolePolicy, { external_id: "acct", provider: "databricks.account" });
    expect(out).toHaveDataSourceWithProperties(DataDatabricksAwsCrossaccountPolicy, {
      policy_type: "restricted",
      vpc_id: "vpc-1",
      security_group_id: "sg-1",
      region: "eu-west-1",
      aws_account_id: "111111111111",
    });
    expect(out).toHaveResource(IamRole);
    expect(resourcesOf(out, "aws_iam_role")[0].assume_role_policy).toMatch(/^\$\{data\.databricks_aws_assume_role_policy\.role_trust_[0-9A-F]+\.json\}$/);
    expect(resourcesOf(out, "aws_iam_role_policy")[0].policy).toMatch(/^\$\{data\.databricks_aws_crossaccount_policy\.role_permissions_[0-9A-F]+\.json\}$/);
    expect(out).toHaveResourceWithProperties(Sleep, { create_duration: "30s" });
  });
});

describe("AuditLogDelivery", () => {
  it("delivers audit logs account-wide to an encrypted bucket through a write-only log-delivery role", () => {
    const out = Testing.synthScope((scope) => {
      const account = new DatabricksProvider(scope, "account", { alias: "account", host: "https://accounts.cloud.databricks.com" });
      new AuditLogDelivery(scope, "audit", { name: "t", awsAccountId: "111111111111", databricksAccountId: "acct", accountProvider: account, deletionProtection: true });
    });
    expect(out).toHaveResourceWithProperties(MwsLogDelivery, { log_type: "AUDIT_LOGS", output_format: "JSON", account_id: "acct" });
    expect(resourcesOf(out, "databricks_mws_log_delivery")[0].workspace_ids_filter).toBeUndefined();
    expect(out).toHaveDataSourceWithProperties(DataDatabricksAwsAssumeRolePolicy, { for_log_delivery: true, external_id: "acct" });
    const bucketPolicy = dataSourcesOf(out, "databricks_aws_bucket_policy")[0];
    expect(bucketPolicy.bucket).toBe("t-audit-logs-111111111111");
    expect(bucketPolicy.full_access_role).toMatch(/^\$\{aws_iam_role\.audit_role_[0-9A-F]+\.arn\}$/);
    const write = dataSourcesOf(out, "aws_iam_policy_document").find((d) => d.statement.some((s: any) => s.sid === "WriteLogObjects"));
    expect(write?.statement.flatMap((s: any) => s.actions).some((a: string) => a.endsWith("*"))).toBe(false);
    expect(resourcesOf(out, "aws_s3_bucket")[0].lifecycle).toEqual({ prevent_destroy: true });
    expect(resourcesOf(out, "aws_kms_key")[0].enable_key_rotation).toBe(true);
  });
});

describe("VpcFlowLogs", () => {
  it("records all VPC traffic in a KMS-encrypted log group kept a year, written by a role scoped to it", () => {
    const out = Testing.synthScope((scope) => new VpcFlowLogs(scope, "flow", { name: "t", vpcId: "vpc-1", region: "eu-west-1", awsAccountId: "111111111111", deletionProtection: false }));
    expect(resourcesOf(out, "aws_flow_log")[0]).toMatchObject({ vpc_id: "vpc-1", traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
    const [group] = resourcesOf(out, "aws_cloudwatch_log_group");
    expect(group.retention_in_days).toBe(365);
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.flow_key_[0-9A-F]+\.arn\}$/);
    const keyPolicy = dataSourcesOf(out, "aws_iam_policy_document").find((d) => d.statement.some((s: any) => s.sid === "CloudWatchLogsEncryptsThisAccountsLogGroups"));
    expect(keyPolicy?.statement[1].principals[0].identifiers).toEqual(["logs.eu-west-1.amazonaws.com"]);
  });

  it("refuses a logs key without a region", () => {
    expect(() => Testing.synthScope((scope) => new CustomerManagedKey(scope, "k", { name: "t", awsAccountId: "1", use: "logs", deletionProtection: false }))).toThrow('a "logs" key needs the region');
  });
});

describe("SecureBucket lifecycle", () => {
  it("expires old versions (longer in prod) and abandoned uploads", () => {
    const rule = (deletionProtection: boolean) =>
      resourcesOf(Testing.synthScope((scope) => new SecureBucket(scope, "b", { bucketName: "b", kmsKeyArn: "k", deletionProtection })), "aws_s3_bucket_lifecycle_configuration")[0].rule[0];
    expect(rule(true)).toMatchObject({ status: "Enabled", noncurrent_version_expiration: [{ noncurrent_days: 90 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] });
    expect(rule(false).noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });
});
