import { DefaultSecurityGroup } from "@cdktn/provider-aws/lib/default-security-group";
import { IamRole } from "@cdktn/provider-aws/lib/iam-role";
import { KmsAlias } from "@cdktn/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktn/provider-aws/lib/kms-key";
import { NatGateway } from "@cdktn/provider-aws/lib/nat-gateway";
import { S3Bucket } from "@cdktn/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktn/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktn/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktn/provider-aws/lib/s3-bucket-versioning";
import { Subnet } from "@cdktn/provider-aws/lib/subnet";
import { Vpc } from "@cdktn/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktn/provider-aws/lib/vpc-endpoint";
import { VpcEndpointPolicy } from "@cdktn/provider-aws/lib/vpc-endpoint-policy";
import { VpcSecurityGroupEgressRule } from "@cdktn/provider-aws/lib/vpc-security-group-egress-rule";
import { DataDatabricksAwsAssumeRolePolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-assume-role-policy";
import { DataDatabricksAwsBucketPolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-bucket-policy";
import { DataDatabricksAwsCrossaccountPolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-crossaccount-policy";
import { MwsLogDelivery } from "@cdktn/provider-databricks/lib/mws-log-delivery";
import { MwsPrivateAccessSettings } from "@cdktn/provider-databricks/lib/mws-private-access-settings";
import { MwsVpcEndpoint } from "@cdktn/provider-databricks/lib/mws-vpc-endpoint";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { Testing } from "cdktn";
import { DATABRICKS_ENDPOINT_SERVICES } from "../../config/databricks-endpoint-services";
import { AccessLogBucket } from "../../constructs/aws/access-log-bucket";
import { AuditLogDelivery } from "../../constructs/aws/audit-log-delivery";
import { CrossAccountRole } from "../../constructs/aws/cross-account-role";
import { CustomerManagedKey } from "../../constructs/aws/customer-managed-key";
import { ProviderComputedPolicies } from "../../constructs/aws/databricks-policies";
import { RestrictiveEndpointPolicies } from "../../constructs/aws/endpoint-policies";
import { FrontEndEndpoint } from "../../constructs/aws/front-end-endpoint";
import { SecureBucket } from "../../constructs/aws/secure-bucket";
import { VpcFlowLogs } from "../../constructs/aws/vpc-flow-logs";
import { WorkspaceNetwork } from "../../constructs/aws/workspace-network";
import { AwsPrivateAccess } from "../../constructs/databricks/account/aws-private-access";
import { TimeSleep } from "../../constructs/time/time-sleep";
import { dataSourcesOf, resourcesOf } from "../helpers";

const networkProps = {
  name: "t",
  region: "eu-west-1",
  vpcCidr: "10.0.0.0/16",
  availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  privateSubnetNewBits: 3,
};

describe("WorkspaceNetwork", () => {
  it("puts one private subnet per zone, carved from the VPC with cidrsubnet", () => {
    const out = Testing.synthScope((scope) => new WorkspaceNetwork(scope, "net", networkProps));
    expect(out).toHaveResourceWithProperties(Vpc, { cidr_block: "10.0.0.0/16", enable_dns_hostnames: true });
    const subnets = resourcesOf(out, "aws_subnet");
    const privateCidrs = subnets.filter((s) => s.tags.Name.includes("private")).map((s) => s.cidr_block);
    expect(privateCidrs).toEqual([
      '${cidrsubnet("10.0.0.0/16", 3, 0)}',
      '${cidrsubnet("10.0.0.0/16", 3, 1)}',
      '${cidrsubnet("10.0.0.0/16", 3, 2)}',
    ]);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    // Public NAT subnets are /28s inside the last block, never overlapping private ones.
    expect(subnets.filter((s) => s.tags.Name.includes("public")).map((s) => s.cidr_block)).toEqual([
      '${cidrsubnet(cidrsubnet("10.0.0.0/16", 3, 7), 9, 0)}',
    ]);
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
    expect(toInternet.map((r) => `${r.from_port}-${r.to_port}`).sort()).toEqual([
      "2443-2443",
      "3306-3306",
      "443-443",
      "6666-6666",
      "8443-8451",
    ]);
    expect(toInternet.every((r) => r.ip_protocol === "tcp")).toBe(true);
    expect(resourcesOf(out, "aws_vpc_security_group_ingress_rule").some((r) => r.cidr_ipv4 !== undefined)).toBe(false);
    expect(out).toHaveResource(DefaultSecurityGroup);
    expect(resourcesOf(out, "aws_default_security_group")[0].ingress).toBeUndefined();
    expect(out).toHaveResource(VpcSecurityGroupEgressRule);
  });

  it("keeps S3, STS and Kinesis traffic on private endpoints", () => {
    const out = Testing.synthScope((scope) => new WorkspaceNetwork(scope, "net", networkProps));
    expect(out).toHaveResourceWithProperties(VpcEndpoint, { service_name: "com.amazonaws.eu-west-1.s3", vpc_endpoint_type: "Gateway" });
    expect(out).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: "com.amazonaws.eu-west-1.sts",
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
    });
    expect(out).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: "com.amazonaws.eu-west-1.kinesis-streams",
      vpc_endpoint_type: "Interface",
    });
    expect(resourcesOf(out, "aws_subnet")).toHaveLength(4);
    expect(out).toHaveResource(Subnet);
  });
});

describe("WorkspaceNetwork with back-end PrivateLink", () => {
  const services = DATABRICKS_ENDPOINT_SERVICES["eu-west-1"];
  const privateLinkNetwork = () =>
    Testing.synthScope(
      (scope) => new WorkspaceNetwork(scope, "net", { ...networkProps, privateLink: { endpointSubnetPrefix: 27, services } }),
    );

  it("puts one endpoint subnet per zone in the upper half of the last block, with no route out", () => {
    const out = privateLinkNetwork();
    const endpointSubnets = resourcesOf(out, "aws_subnet").filter((s) => s.tags.Name.includes("endpoints"));
    // /16 + 3 bits = /19 blocks; the upper /20 half of the last one (netnum 7) holds /27s: 27 - 20 = 7 bits.
    expect(endpointSubnets.map((s) => s.cidr_block)).toEqual(
      [0, 1, 2].map((i) => `\${cidrsubnet(cidrsubnet(cidrsubnet("10.0.0.0/16", 3, 7), 1, 1), 7, ${i})}`),
    );
    // The NAT /28s stay in the lower half: netnums 0..2 of the /19 split into /28s (512 slots, 256 per half).
    expect(
      resourcesOf(out, "aws_subnet")
        .filter((s) => s.tags.Name.includes("public"))
        .map((s) => s.cidr_block),
    ).toEqual(['${cidrsubnet(cidrsubnet("10.0.0.0/16", 3, 7), 9, 0)}']);
    const endpointRouteTable = resourcesOf(out, "aws_route_table").filter((t) => t.tags.Name === "t-endpoints");
    expect(endpointRouteTable).toHaveLength(1);
    expect(resourcesOf(out, "aws_route").length).toBe(1 + 3); // public default route and one per private subnet, none for endpoints
  });

  it("creates the REST API and relay endpoints with private DNS behind a group open only to cluster nodes on the Databricks ports", () => {
    const out = privateLinkNetwork();
    expect(out).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: services.workspace,
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
    });
    expect(out).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: services.relay,
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
    });
    const ingress = resourcesOf(out, "aws_vpc_security_group_ingress_rule").filter((r) =>
      r.security_group_id.includes("databricks-endpoint-sg"),
    );
    expect(ingress.map((r) => `${r.from_port}-${r.to_port}`).sort()).toEqual(["2443-2443", "443-443", "6666-6666", "8443-8451"]);
    expect(ingress.every((r) => r.referenced_security_group_id.includes("workspace-sg"))).toBe(true);
    expect(resourcesOf(out, "aws_vpc_security_group_ingress_rule").every((r) => r.cidr_ipv4 === undefined)).toBe(true);
  });

  it("keeps the workspace group's egress inside the VPC and on the S3 prefix list: nothing to 0.0.0.0/0", () => {
    const out = privateLinkNetwork();
    const egress = resourcesOf(out, "aws_vpc_security_group_egress_rule");
    expect(egress.some((r) => r.cidr_ipv4 === "0.0.0.0/0")).toBe(false);
    expect(
      egress
        .filter((r) => r.cidr_ipv4 === "10.0.0.0/16")
        .map((r) => `${r.from_port}-${r.to_port}`)
        .sort(),
    ).toEqual(["2443-2443", "443-443", "6666-6666", "8443-8451"]);
    const s3 = egress.filter((r) => r.prefix_list_id !== undefined);
    expect(s3).toHaveLength(1);
    expect(s3[0].prefix_list_id).toMatch(/^\$\{aws_vpc_endpoint\.net_s3-endpoint_[0-9A-F]+\.prefix_list_id\}$/);
  });
});

describe("RestrictiveEndpointPolicies", () => {
  it("scopes S3 to the environment's buckets and Databricks-owned ones, STS to the two accounts, Kinesis to Databricks' streams", () => {
    const out = Testing.synthScope(
      (scope) =>
        new RestrictiveEndpointPolicies(scope, "p", {
          region: "eu-west-1",
          awsAccountId: "111111111111",
          bucketArns: ["arn:aws:s3:::root", "arn:aws:s3:::data"],
          s3EndpointId: "vpce-s3",
          stsEndpointId: "vpce-sts",
          kinesisEndpointId: "vpce-kin",
        }),
    );
    expect(
      resourcesOf(out, "aws_vpc_endpoint_policy")
        .map((r) => r.vpc_endpoint_id)
        .sort(),
    ).toEqual(["vpce-kin", "vpce-s3", "vpce-sts"]);
    expect(out).toHaveResource(VpcEndpointPolicy);
    const docs = Object.fromEntries(
      dataSourcesOf(out, "aws_iam_policy_document").map((d: any) => [d.statement[0].sid, d.statement as Array<Record<string, any>>]),
    );
    const s3 = docs.EnvironmentBuckets;
    expect(s3[0].resources).toEqual(["arn:aws:s3:::root", "arn:aws:s3:::root/*", "arn:aws:s3:::data", "arn:aws:s3:::data/*"]);
    expect(s3[0].condition).toEqual([{ test: "StringEquals", variable: "aws:PrincipalAccount", values: ["111111111111", "414351767826"] }]);
    expect(
      s3.slice(1).every((st: any) => st.condition[0].variable === "aws:ResourceAccount" && st.condition[0].values[0] === "414351767826"),
    ).toBe(true);
    expect(s3.flatMap((st: any) => st.actions)).not.toContain("s3:*");
    const sts = docs.EnvironmentPrincipalsAssumeOwnRoles;
    expect(sts.map((st: any) => [st.principals[0].identifiers, st.resources])).toEqual([
      [["111111111111"], ["arn:aws:iam::111111111111:role/*"]],
      [["414351767826"], ["arn:aws:iam::414351767826:role/*"]],
      [["111111111111", "414351767826"], ["*"]],
    ]);
    expect(sts[2].actions).not.toContain("sts:AssumeRole");
    expect(docs.DatabricksStreamsOnly[0].resources).toEqual(["arn:aws:kinesis:eu-west-1:414351767826:stream/*"]);
  });
});

describe("FrontEndEndpoint", () => {
  it("puts the workspace endpoint in a transit VPC without an internet gateway, HTTPS from the transit range only", () => {
    const out = Testing.synthScope(
      (scope) =>
        new FrontEndEndpoint(scope, "fe", {
          name: "t",
          transitVpcCidr: "10.31.0.0/24",
          availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
          workspaceService: "com.amazonaws.vpce.eu-west-1.vpce-svc-0da6ebf1461278016",
        }),
    );
    expect(out).toHaveResourceWithProperties(Vpc, { cidr_block: "10.31.0.0/24" });
    expect(resourcesOf(out, "aws_internet_gateway")).toHaveLength(0);
    // Three zones need two bits: four /26 subnets of which three are used.
    expect(resourcesOf(out, "aws_subnet").map((s) => s.cidr_block)).toEqual(
      [0, 1, 2].map((i) => `\${cidrsubnet("10.31.0.0/24", 2, ${i})}`),
    );
    expect(out).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: "com.amazonaws.vpce.eu-west-1.vpce-svc-0da6ebf1461278016",
      private_dns_enabled: true,
    });
    expect(resourcesOf(out, "aws_vpc_security_group_ingress_rule").map((r) => [r.cidr_ipv4, r.from_port, r.to_port])).toEqual([
      ["10.31.0.0/24", 443, 443],
    ]);
  });
});

describe("AwsPrivateAccess", () => {
  const make = (frontEndEndpointId?: string, publicAccessEnabled = true) =>
    Testing.synthScope((scope) => {
      const account = new DatabricksProvider(scope, "account", { alias: "account", host: "https://accounts.cloud.databricks.com" });
      new AwsPrivateAccess(scope, "pa", {
        name: "t",
        databricksAccountId: "acct",
        awsAccountId: "111111111111",
        region: "eu-west-1",
        accountProvider: account,
        restApiEndpointId: "vpce-rest",
        relayEndpointId: "vpce-relay",
        frontEndEndpointId,
        publicAccessEnabled,
      });
    });

  it("registers the back-end endpoints and admits only the environment's own REST endpoint", () => {
    const out = make();
    expect(
      resourcesOf(out, "databricks_mws_vpc_endpoint")
        .map((r) => r.aws_vpc_endpoint_id)
        .sort(),
    ).toEqual(["vpce-relay", "vpce-rest"]);
    expect(out).toHaveResourceWithProperties(MwsVpcEndpoint, {
      region: "eu-west-1",
      aws_account_id: "111111111111",
      provider: "databricks.account",
    });
    const settings = resourcesOf(out, "databricks_mws_private_access_settings")[0];
    expect(settings).toMatchObject({ private_access_level: "ENDPOINT", public_access_enabled: true, region: "eu-west-1" });
    expect(settings.allowed_vpc_endpoint_ids).toEqual([
      expect.stringMatching(/^\$\{databricks_mws_vpc_endpoint\.pa_rest-api_[0-9A-F]+\.vpc_endpoint_id\}$/),
    ]);
    expect(out).toHaveResource(MwsPrivateAccessSettings);
  });

  it("adds the front-end endpoint to the allowed list and can close public access", () => {
    const out = make("vpce-fe", false);
    expect(
      resourcesOf(out, "databricks_mws_vpc_endpoint")
        .map((r) => r.aws_vpc_endpoint_id)
        .sort(),
    ).toEqual(["vpce-fe", "vpce-relay", "vpce-rest"]);
    const settings = resourcesOf(out, "databricks_mws_private_access_settings")[0];
    expect(settings.public_access_enabled).toBe(false);
    expect(settings.allowed_vpc_endpoint_ids).toHaveLength(2);
  });
});

describe("AccessLogBucket", () => {
  it("takes S3 server access logs of the estate's buckets, SSE-S3, written only by the logging service for this account", () => {
    const out = Testing.synthScope((scope) => {
      const logs = new AccessLogBucket(scope, "logs", { name: "t", awsAccountId: "111111111111", deletionProtection: true });
      new SecureBucket(scope, "data", {
        bucketName: "t-data-111111111111",
        kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k",
        deletionProtection: true,
        accessLogs: logs.target("data"),
      });
    });
    expect(out).toHaveResourceWithProperties(S3Bucket, { bucket: "t-access-logs-111111111111", lifecycle: { prevent_destroy: true } });
    const encryption = resourcesOf(out, "aws_s3_bucket_server_side_encryption_configuration")
      .map((e) => e.rule[0].apply_server_side_encryption_by_default.sse_algorithm)
      .sort();
    expect(encryption).toEqual(["AES256", "aws:kms"]);
    const logging = resourcesOf(out, "aws_s3_bucket_logging");
    expect(logging).toHaveLength(1);
    expect(logging[0]).toMatchObject({
      target_prefix: "data/",
      target_bucket: expect.stringMatching(/^\$\{aws_s3_bucket\.logs_bucket_[0-9A-F]+\.bucket\}$/),
    });
    // Delivery starts only once the target admits the logging service.
    expect(logging[0].depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.logs_bucket_policy_[0-9A-F]+$/)]);
    const service = dataSourcesOf(out, "aws_iam_policy_document").find((d: any) => d.statement[0].sid === "S3ServerAccessLogDelivery")!
      .statement[0];
    expect(service.principals).toEqual([{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }]);
    expect(service.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] },
      { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:s3:::t-*"] },
    ]);
    const lifecycle = resourcesOf(out, "aws_s3_bucket_lifecycle_configuration").find((l) => l.rule[0].expiration)!;
    expect(lifecycle.rule[0].expiration).toEqual([{ days: 365 }]);
  });

  it("refuses a bucket with neither a customer key nor the access-log exception", () => {
    expect(() => Testing.synthScope((scope) => new SecureBucket(scope, "b", { bucketName: "b", deletionProtection: false }))).toThrow(
      "give kmsKeyArn",
    );
  });
});

describe("ProviderComputedPolicies.rootBucket", () => {
  it("conditions the control plane's statement on the environment's Databricks account (databricks_e2_account_id)", () => {
    const out = Testing.synthScope((scope) => {
      const account = new DatabricksProvider(scope, "account", { alias: "account", host: "https://accounts.cloud.databricks.com" });
      new ProviderComputedPolicies(account, "acct-uuid").rootBucket(scope, "root", "bucket-name");
    });
    expect(out).toHaveDataSourceWithProperties(DataDatabricksAwsBucketPolicy, {
      bucket: "bucket-name",
      databricks_e2_account_id: "acct-uuid",
    });
  });
});

const DATABRICKS_ACCOUNT = "00000000-0000-4000-8000-000000000000";

describe("CustomerManagedKey", () => {
  const statementsOf = (out: string) => dataSourcesOf(out, "aws_iam_policy_document")[0].statement as Array<Record<string, any>>;

  it("rotates and grants the control plane only Encrypt/Decrypt for managed services", () => {
    const out = Testing.synthScope(
      (scope) =>
        new CustomerManagedKey(scope, "k", {
          name: "t",
          awsAccountId: "111111111111",
          use: "managed-services",
          databricksAccountId: DATABRICKS_ACCOUNT,
          deletionProtection: false,
        }),
    );
    expect(out).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 7 });
    expect(out).toHaveResourceWithProperties(KmsAlias, { name: "alias/t-databricks-managed-services" });
    const databricks = statementsOf(out).filter((s) => s.principals[0].identifiers[0] === "arn:aws:iam::414351767826:root");
    expect(databricks.map((s) => s.actions)).toEqual([["kms:Encrypt", "kms:Decrypt"]]);
    // The control-plane principal is shared by every Databricks customer: only calls for this account count.
    expect(databricks.map((s) => s.condition)).toEqual([
      [{ test: "StringEquals", variable: "aws:PrincipalTag/DatabricksAccountId", values: [DATABRICKS_ACCOUNT] }],
    ]);
  });

  it("refuses a Databricks key without the Databricks account id", () => {
    expect(() =>
      Testing.synthScope(
        (scope) =>
          new CustomerManagedKey(scope, "k", {
            name: "t",
            awsAccountId: "111111111111",
            use: "workspace-storage",
            deletionProtection: false,
          }),
      ),
    ).toThrow("needs the Databricks account id");
  });

  it("lets storage grants be created only for AWS resources and EBS use only through EC2, once the role has propagated", () => {
    const out = Testing.synthScope((scope) => {
      const propagated = new TimeSleep(scope, "role-propagation", { createDuration: "30s" });
      new CustomerManagedKey(scope, "k", {
        name: "t",
        awsAccountId: "111111111111",
        use: "workspace-storage",
        databricksAccountId: DATABRICKS_ACCOUNT,
        crossAccountRole: { arn: "arn:aws:iam::111111111111:role/x", propagated },
        deletionProtection: true,
      });
    });
    // KMS refuses a policy naming a principal that IAM has not propagated yet.
    expect(resourcesOf(out, "aws_kms_key")[0].depends_on).toEqual(["time_sleep.role-propagation"]);
    const bySid = Object.fromEntries(statementsOf(out).map((s) => [s.sid, s]));
    const forThisAccount = { test: "StringEquals", variable: "aws:PrincipalTag/DatabricksAccountId", values: [DATABRICKS_ACCOUNT] };
    expect(bySid.DatabricksGrantsForAwsResourcesOnly.condition).toEqual([
      { test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] },
      forThisAccount,
    ]);
    expect(bySid.DatabricksEncryptsWorkspaceStorage.condition).toEqual([forThisAccount]);
    expect(bySid.ClusterNodesEncryptEbsVolumes.condition[0].values).toEqual(["ec2.*.amazonaws.com"]);
    expect(bySid.ClusterNodesEncryptEbsVolumes.principals[0].identifiers).toEqual(["arn:aws:iam::111111111111:role/x"]);
    expect(out).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: true }, deletion_window_in_days: 30 });
  });
});

describe("SecureBucket", () => {
  const make = (deletionProtection: boolean) =>
    Testing.synthScope(
      (scope) =>
        new SecureBucket(scope, "b", {
          bucketName: "t-bucket",
          kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/abc",
          deletionProtection,
          policyDocuments: ['{"Version":"2012-10-17","Statement":[]}'],
        }),
    );

  it("is versioned, KMS-encrypted, fully private and bucket-owner-enforced", () => {
    const out = make(false);
    expect(out).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
    expect(out).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: "arn:aws:kms:eu-west-1:111111111111:key/abc",
          },
          bucket_key_enabled: true,
        },
      ],
    });
    expect(out).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
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
    expect(resourcesOf(out, "aws_iam_role")[0].assume_role_policy).toMatch(
      /^\$\{data\.databricks_aws_assume_role_policy\.role_trust_[0-9A-F]+\.json\}$/,
    );
    expect(resourcesOf(out, "aws_iam_role_policy")[0].policy).toMatch(
      /^\$\{data\.databricks_aws_crossaccount_policy\.role_permissions_[0-9A-F]+\.json\}$/,
    );
    expect(out).toHaveResourceWithProperties(TimeSleep, { create_duration: "30s" });
  });
});

describe("AuditLogDelivery", () => {
  it("delivers audit logs account-wide to an encrypted bucket through a write-only log-delivery role", () => {
    const out = Testing.synthScope((scope) => {
      const account = new DatabricksProvider(scope, "account", { alias: "account", host: "https://accounts.cloud.databricks.com" });
      new AuditLogDelivery(scope, "audit", {
        name: "t",
        awsAccountId: "111111111111",
        databricksAccountId: "acct",
        accountProvider: account,
        deletionProtection: true,
      });
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
    const out = Testing.synthScope(
      (scope) =>
        new VpcFlowLogs(scope, "flow", {
          name: "t",
          vpcId: "vpc-1",
          region: "eu-west-1",
          awsAccountId: "111111111111",
          deletionProtection: false,
        }),
    );
    expect(resourcesOf(out, "aws_flow_log")[0]).toMatchObject({
      vpc_id: "vpc-1",
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
    });
    const [group] = resourcesOf(out, "aws_cloudwatch_log_group");
    expect(group.retention_in_days).toBe(365);
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.flow_key_[0-9A-F]+\.arn\}$/);
    const keyPolicy = dataSourcesOf(out, "aws_iam_policy_document").find((d) =>
      d.statement.some((s: any) => s.sid === "CloudWatchLogsEncryptsThisAccountsLogGroups"),
    );
    expect(keyPolicy?.statement[1].principals[0].identifiers).toEqual(["logs.eu-west-1.amazonaws.com"]);
  });

  it("refuses a logs key without a region", () => {
    expect(() =>
      Testing.synthScope(
        (scope) => new CustomerManagedKey(scope, "k", { name: "t", awsAccountId: "1", use: "logs", deletionProtection: false }),
      ),
    ).toThrow('a "logs" key needs the region');
  });
});

describe("SecureBucket lifecycle", () => {
  it("expires old versions (longer in prod) and abandoned uploads", () => {
    const rule = (deletionProtection: boolean) =>
      resourcesOf(
        Testing.synthScope((scope) => new SecureBucket(scope, "b", { bucketName: "b", kmsKeyArn: "k", deletionProtection })),
        "aws_s3_bucket_lifecycle_configuration",
      )[0].rule[0];
    expect(rule(true)).toMatchObject({
      status: "Enabled",
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
    expect(rule(false).noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });
});
