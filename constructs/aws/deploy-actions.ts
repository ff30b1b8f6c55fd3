// What the CI roles of an AWS account may do, derived from the resource types the workspace stacks
// create (a test checks that every aws_* type the blueprint synthesizes is listed here). Each group
// names its actions one by one (no wildcard: guardrail LH-IAM-WILDCARD) and, where IAM can scope by
// name, only the environments' own resources (every AWS name the stacks give starts with
// "<environment>-lakehouse"). Actions are those the Terraform AWS provider calls for each resource
// (its resource documentation) in the names of the Service Authorization Reference (Amazon EC2, AWS
// KMS, IAM, Amazon S3, Amazon CloudWatch Logs: "Actions, resources, and condition keys").
// A first deploy refused with "not authorized to perform: X" means an action missing here: add it to
// its group and re-apply the bootstrap stack.

/** Where one AWS account's CI roles act: the account, the regions of its environments, their name prefixes. */
export interface AwsDeployScope {
  readonly accountId: string;
  readonly regions: readonly string[];
  /** "<environment>-lakehouse" for each environment in the account. */
  readonly namePrefixes: readonly string[];
  /** The prefixes of the environments whose workspace stack builds a VPC (classic compute); none, no network rights. */
  readonly networkPrefixes: readonly string[];
  /** The prefixes of those with the egress firewall (aws.network.egress.mode "firewall"); none, no firewall rights. */
  readonly firewallPrefixes: readonly string[];
  /** The prefixes of environments without deletion protection, whose buckets Terraform may empty (force_destroy). */
  readonly disposablePrefixes: readonly string[];
}

export interface ActionStatement {
  readonly sid: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly condition?: { test: string; variable: string; values: string[] }[];
}

export interface ActionGroup {
  readonly sid: string;
  /** The Terraform resource types whose create, update, delete and refresh need these actions. */
  readonly types: readonly string[];
  /** What a plan (refresh) calls. */
  readonly read: readonly string[];
  /** What an apply calls besides. */
  readonly write: readonly string[];
  readonly resources: (scope: AwsDeployScope) => string[];
  readonly regional?: boolean;
  /**
   * Granted only where some environment of the account has what the group manages: "network" a VPC,
   * "firewall" the egress firewall. Unset: every account. A role holds no right its account's
   * environments do not use (switching an environment to classic or to the firewall means re-applying
   * the bootstrap, as docs/ci-and-bootstrap.md says).
   */
  readonly neededBy?: "network" | "firewall";
}

import { EGRESS_FIREWALL_GROUPS } from "./deploy-actions-egress";

const ec2 = (...names: string[]) => names.map((n) => `ec2:${n}`);
const s3 = (...names: string[]) => names.map((n) => `s3:${n}`);

const GROUPS: readonly ActionGroup[] = [
  {
    sid: "Network",
    types: [
      "aws_vpc",
      "aws_subnet",
      "aws_route_table",
      "aws_route",
      "aws_route_table_association",
      "aws_internet_gateway",
      "aws_eip",
      "aws_nat_gateway",
      "aws_security_group",
      "aws_default_security_group",
      "aws_vpc_security_group_egress_rule",
      "aws_vpc_security_group_ingress_rule",
      "aws_vpc_endpoint",
      "aws_vpc_endpoint_policy",
      "aws_flow_log",
    ],
    read: ec2(
      "DescribeVpcs",
      "DescribeVpcAttribute",
      "DescribeSubnets",
      "DescribeRouteTables",
      "DescribeInternetGateways",
      "DescribeAddresses",
      "DescribeAddressesAttribute",
      "DescribeNatGateways",
      "DescribeSecurityGroups",
      "DescribeSecurityGroupRules",
      "DescribeVpcEndpoints",
      "DescribeVpcEndpointServices",
      "DescribePrefixLists",
      "DescribeFlowLogs",
      "DescribeNetworkAcls",
      "DescribeNetworkInterfaces",
      "DescribeTags",
      "DescribeAvailabilityZones",
      "DescribeAccountAttributes",
    ),
    write: ec2(
      "CreateVpc",
      "DeleteVpc",
      "ModifyVpcAttribute",
      "CreateSubnet",
      "DeleteSubnet",
      "ModifySubnetAttribute",
      "CreateRouteTable",
      "DeleteRouteTable",
      "CreateRoute",
      "ReplaceRoute",
      "DeleteRoute",
      "AssociateRouteTable",
      "DisassociateRouteTable",
      "CreateInternetGateway",
      "DeleteInternetGateway",
      "AttachInternetGateway",
      "DetachInternetGateway",
      "AllocateAddress",
      "ReleaseAddress",
      "DisassociateAddress",
      "CreateNatGateway",
      "DeleteNatGateway",
      "CreateSecurityGroup",
      "DeleteSecurityGroup",
      "AuthorizeSecurityGroupIngress",
      "AuthorizeSecurityGroupEgress",
      "RevokeSecurityGroupIngress",
      "RevokeSecurityGroupEgress",
      "ModifySecurityGroupRules",
      "UpdateSecurityGroupRuleDescriptionsIngress",
      "UpdateSecurityGroupRuleDescriptionsEgress",
      "CreateVpcEndpoint",
      "ModifyVpcEndpoint",
      "DeleteVpcEndpoints",
      "CreateFlowLogs",
      "DeleteFlowLogs",
      "CreateTags",
      "DeleteTags",
    ),
    // EC2 creates take no name to scope by; the region condition keeps them to the estate's regions.
    resources: () => ["*"],
    regional: true,
    neededBy: "network",
  },
  {
    sid: "Keys",
    types: ["aws_kms_key", "aws_kms_alias"],
    read: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:ListAliases"],
    write: [
      "kms:CreateKey",
      "kms:PutKeyPolicy",
      "kms:EnableKeyRotation",
      "kms:DisableKeyRotation",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateKeyDescription",
      "kms:CreateAlias",
      "kms:UpdateAlias",
      "kms:DeleteAlias",
    ],
    // kms:CreateKey has no resource; keys are named by their aliases only after creation.
    resources: () => ["*"],
    regional: true,
  },
  {
    sid: "Roles",
    types: ["aws_iam_role", "aws_iam_role_policy", "aws_iam_instance_profile"],
    read: [
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListRolePolicies",
      "iam:ListAttachedRolePolicies",
      "iam:GetInstanceProfile",
      "iam:ListInstanceProfilesForRole",
    ],
    write: [
      "iam:CreateRole",
      "iam:DeleteRole",
      "iam:UpdateRole",
      "iam:UpdateRoleDescription",
      "iam:UpdateAssumeRolePolicy",
      "iam:TagRole",
      "iam:UntagRole",
      "iam:PutRolePolicy",
      "iam:DeleteRolePolicy",
      "iam:CreateInstanceProfile",
      "iam:DeleteInstanceProfile",
      "iam:AddRoleToInstanceProfile",
      "iam:RemoveRoleFromInstanceProfile",
      "iam:TagInstanceProfile",
      "iam:UntagInstanceProfile",
    ],
    resources: (s) =>
      s.namePrefixes.flatMap((p) => [`arn:aws:iam::${s.accountId}:role/${p}-*`, `arn:aws:iam::${s.accountId}:instance-profile/${p}-*`]),
  },
  {
    sid: "Buckets",
    types: [
      "aws_s3_bucket",
      "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_logging",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_policy",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_versioning",
    ],
    read: s3(
      "ListBucket",
      "GetBucketLocation",
      "GetBucketPolicy",
      "GetBucketVersioning",
      "GetEncryptionConfiguration",
      "GetBucketPublicAccessBlock",
      "GetBucketOwnershipControls",
      "GetLifecycleConfiguration",
      "GetBucketLogging",
      "GetBucketTagging",
      "GetBucketAcl",
      "GetBucketCORS",
      "GetBucketWebsite",
      "GetAccelerateConfiguration",
      "GetBucketRequestPayment",
      "GetReplicationConfiguration",
      "GetBucketObjectLockConfiguration",
    ),
    write: s3(
      "CreateBucket",
      "DeleteBucket",
      "PutBucketPolicy",
      "DeleteBucketPolicy",
      "PutBucketVersioning",
      "PutEncryptionConfiguration",
      "PutBucketPublicAccessBlock",
      "PutBucketOwnershipControls",
      "PutLifecycleConfiguration",
      "PutBucketLogging",
      "PutBucketTagging",
      "ListBucketVersions",
    ),
    resources: (s) => s.namePrefixes.map((p) => `arn:aws:s3:::${p}-*`),
  },
  {
    sid: "LogGroups",
    types: ["aws_cloudwatch_log_group"],
    read: ["logs:ListTagsForResource", "logs:ListTagsLogGroup"],
    write: [
      "logs:CreateLogGroup",
      "logs:DeleteLogGroup",
      "logs:PutRetentionPolicy",
      "logs:DeleteRetentionPolicy",
      "logs:TagResource",
      "logs:UntagResource",
      "logs:TagLogGroup",
      "logs:AssociateKmsKey",
      "logs:DisassociateKmsKey",
    ],
    // The VPC flow logs of every environment with a VPC, the firewall's logs of those with one.
    resources: (s) =>
      s.regions.flatMap((r) => [
        ...s.networkPrefixes.map((p) => `arn:aws:logs:${r}:${s.accountId}:log-group:/vpc/${p}/*`),
        ...s.firewallPrefixes.map((p) => `arn:aws:logs:${r}:${s.accountId}:log-group:/network-firewall/${p}/*`),
      ]),
    neededBy: "network",
  },
  ...EGRESS_FIREWALL_GROUPS,
];

/** Every aws_* resource type the CI roles can manage. */
export const AWS_MANAGED_TYPES: ReadonlySet<string> = new Set(GROUPS.flatMap((g) => g.types));

/** The groups `scope`'s account needs: those of every account, and those its environments' networks use. */
function groupsOf(scope: AwsDeployScope): ActionGroup[] {
  return GROUPS.filter(
    (g) => g.neededBy === undefined || (g.neededBy === "network" ? scope.networkPrefixes.length > 0 : scope.firewallPrefixes.length > 0),
  );
}

function statement(group: ActionGroup, scope: AwsDeployScope, actions: readonly string[]): ActionStatement {
  return {
    sid: group.sid,
    actions: [...actions],
    resources: group.resources(scope),
    condition: group.regional ? [{ test: "StringEquals", variable: "aws:RequestedRegion", values: [...scope.regions] }] : undefined,
  };
}

/** Statements of the plan role: what refreshing the stacks reads, nothing it could change. */
export function planStatements(scope: AwsDeployScope): ActionStatement[] {
  return [
    // A group that only writes (a service-linked role) has no plan statement: IAM refuses one without actions.
    ...groupsOf(scope)
      .filter((g) => g.read.length > 0)
      .map((g) => statement(g, scope, g.read)),
    ...listLogGroups(scope),
  ];
}

/** DescribeLogGroups lists by prefix and takes the account's log-group wildcard: only where log groups are managed. */
function listLogGroups(scope: AwsDeployScope): ActionStatement[] {
  if (scope.networkPrefixes.length === 0) return [];
  return [
    {
      sid: "ListLogGroups",
      actions: ["logs:DescribeLogGroups"],
      resources: scope.regions.map((r) => `arn:aws:logs:${r}:${scope.accountId}:log-group:*`),
    },
  ];
}

/** Statements of the deploy role: the plan role's reads, the writes, and the few grants that need a condition. */
export function deployStatements(scope: AwsDeployScope): ActionStatement[] {
  const statements = [...groupsOf(scope).map((g) => statement(g, scope, [...g.read, ...g.write])), ...listLogGroups(scope)];
  // VPC flow logs deliver to CloudWatch as the environment's flow-log role, which the deployer passes.
  if (scope.networkPrefixes.length > 0) {
    statements.push({
      sid: "PassFlowLogRole",
      actions: ["iam:PassRole"],
      resources: scope.networkPrefixes.map((p) => `arn:aws:iam::${scope.accountId}:role/${p}-*`),
      condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["vpc-flow-logs.amazonaws.com"] }],
    });
  }
  // force_destroy empties the buckets of environments without deletion protection (dev) on destroy.
  if (scope.disposablePrefixes.length > 0) {
    statements.push({
      sid: "EmptyDisposableBuckets",
      actions: s3("DeleteObject", "DeleteObjectVersion"),
      resources: scope.disposablePrefixes.map((p) => `arn:aws:s3:::${p}-*/*`),
    });
  }
  return statements;
}
