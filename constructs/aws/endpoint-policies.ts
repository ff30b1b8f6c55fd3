import { DataAwsIamPolicyDocument } from "@cdktn/provider-aws/lib/data-aws-iam-policy-document";
import { VpcEndpointPolicy } from "@cdktn/provider-aws/lib/vpc-endpoint-policy";
import { Construct } from "constructs";
import { DATABRICKS_CONTROL_PLANE_ACCOUNT } from "./databricks-aws-accounts";

export interface RestrictiveEndpointPoliciesProps {
  readonly region: string;
  /** The environment's AWS account (12 digits): its principals may use STS and its buckets through the endpoints. */
  readonly awsAccountId: string;
  /** ARNs of the environment's buckets (root and lakehouse), the only customer buckets reachable through the S3 endpoint. */
  readonly bucketArns: string[];
  readonly s3EndpointId: string;
  readonly stsEndpointId: string;
  readonly kinesisEndpointId: string;
}

// Object and bucket operations Databricks clusters and Unity Catalog perform on the environment's
// buckets (the same list the Databricks provider's Unity Catalog policy grants, plus versions).
const BUCKET_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:ListBucket",
  "s3:GetBucketLocation",
  "s3:ListBucketMultipartUploads",
  "s3:ListMultipartUploadParts",
  "s3:AbortMultipartUpload",
  "s3:GetLifecycleConfiguration",
  "s3:PutLifecycleConfiguration",
];
const READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation"];

/**
 * Endpoint policies that narrow what travels through the workspace VPC's S3, STS and Kinesis
 * endpoints, after the restrictive policies of Databricks' security reference architecture (SRA,
 * AWS "privatelink.tf"): S3 reaches only the environment's buckets (principals of the environment's
 * account or of Databricks' control plane acting for it) and Databricks' own artifact, system-table,
 * sample-data and log buckets (owned by the Databricks account, read-only but for the log bucket);
 * STS serves only principals of the environment's account and of Databricks, each assuming roles of
 * its own account only (tighter than the SRA's "*"); Kinesis only Databricks' own streams in the region. Anything else (another account's bucket, a personal one) is refused at
 * the endpoint, which is what keeps data from leaving through them.
 */
export class RestrictiveEndpointPolicies extends Construct {
  constructor(scope: Construct, id: string, props: RestrictiveEndpointPoliciesProps) {
    super(scope, id);
    const databricks = DATABRICKS_CONTROL_PLANE_ACCOUNT;
    const s3 = new DataAwsIamPolicyDocument(this, "s3", {
      statement: [
        {
          sid: "EnvironmentBuckets",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: BUCKET_ACTIONS,
          resources: props.bucketArns.flatMap((arn) => [arn, `${arn}/*`]),
          condition: [{ test: "StringEquals", variable: "aws:PrincipalAccount", values: [props.awsAccountId, databricks] }],
        },
        {
          sid: "DatabricksOwnedBucketsRead",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: READ_ACTIONS,
          resources: ["arn:aws:s3:::*"],
          condition: [{ test: "StringEquals", variable: "aws:ResourceAccount", values: [databricks] }],
        },
        {
          sid: "DatabricksLogBucketWrite",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["s3:PutObject"],
          resources: ["arn:aws:s3:::databricks-prod-storage-*/*"],
          condition: [{ test: "StringEquals", variable: "aws:ResourceAccount", values: [databricks] }],
        },
      ],
    });
    // AssumeRole and TagSession name the roles they reach: only roles of the two accounts. The token
    // calls have no resource type (Service Authorization Reference, AWS STS), hence "*" for them.
    const sts = new DataAwsIamPolicyDocument(this, "sts", {
      statement: [
        {
          sid: "EnvironmentPrincipalsAssumeOwnRoles",
          principals: [{ type: "AWS", identifiers: [props.awsAccountId] }],
          actions: ["sts:AssumeRole", "sts:TagSession"],
          resources: [`arn:aws:iam::${props.awsAccountId}:role/*`],
        },
        {
          sid: "DatabricksPrincipalsAssumeDatabricksRoles",
          principals: [{ type: "AWS", identifiers: [databricks] }],
          actions: ["sts:AssumeRole", "sts:TagSession"],
          resources: [`arn:aws:iam::${databricks}:role/*`],
        },
        {
          sid: "TokensForBothAccounts",
          principals: [{ type: "AWS", identifiers: [props.awsAccountId, databricks] }],
          actions: ["sts:GetSessionToken", "sts:GetAccessKeyInfo", "sts:DecodeAuthorizationMessage"],
          resources: ["*"],
        },
      ],
    });
    const kinesis = new DataAwsIamPolicyDocument(this, "kinesis", {
      statement: [
        {
          sid: "DatabricksStreamsOnly",
          principals: [{ type: "AWS", identifiers: [databricks] }],
          actions: ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStream"],
          resources: [`arn:aws:kinesis:${props.region}:${databricks}:stream/*`],
        },
      ],
    });
    new VpcEndpointPolicy(this, "s3-policy", { vpcEndpointId: props.s3EndpointId, policy: s3.json });
    new VpcEndpointPolicy(this, "sts-policy", { vpcEndpointId: props.stsEndpointId, policy: sts.json });
    new VpcEndpointPolicy(this, "kinesis-policy", { vpcEndpointId: props.kinesisEndpointId, policy: kinesis.json });
  }
}
