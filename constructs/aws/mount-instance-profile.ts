import { DataAwsIamPolicyDocument } from "@cdktn/provider-aws/lib/data-aws-iam-policy-document";
import { IamInstanceProfile } from "@cdktn/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktn/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktn/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { PropagationWait } from "../propagation-wait";

export interface MountInstanceProfileProps {
  readonly name: string;
  readonly bucketArn: string;
  readonly kmsKeyArn: string;
}

/**
 * Legacy S3 mounts: an EC2 instance profile whose role may read the landing prefix of the lakehouse
 * bucket. The workspace's cross-account role must be allowed to pass it (see CrossAccountRole).
 */
export class MountInstanceProfile extends Construct {
  readonly role: IamRole;
  readonly profile: IamInstanceProfile;
  /** The profile's ARN, known only once IAM has propagated it (Databricks checks the profile when it is registered). */
  readonly propagatedArn: string;

  constructor(scope: Construct, id: string, props: MountInstanceProfileProps) {
    super(scope, id);
    // Only EC2 (the cluster nodes) assumes it; Databricks' control plane only passes it to them, which
    // the cross-account role's iam:PassRole on this role's ARN allows.
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] }],
    });
    this.role = new IamRole(this, "role", {
      name: `${props.name}-s3-mount`,
      description: "Cluster nodes read the landing prefix through the legacy S3 mount",
      assumeRolePolicy: trust.json,
    });
    const read = new DataAwsIamPolicyDocument(this, "read", {
      statement: [
        {
          sid: "ListLanding",
          actions: ["s3:ListBucket", "s3:GetBucketLocation"],
          resources: [props.bucketArn],
          condition: [{ test: "StringLike", variable: "s3:prefix", values: ["landing/*"] }],
        },
        { sid: "ReadLanding", actions: ["s3:GetObject"], resources: [`${props.bucketArn}/landing/*`] },
        { sid: "DecryptLanding", actions: ["kms:Decrypt"], resources: [props.kmsKeyArn] },
      ],
    });
    const policy = new IamRolePolicy(this, "policy", { name: "read-landing", role: this.role.id, policy: read.json });
    this.profile = new IamInstanceProfile(this, "profile", { name: `${props.name}-s3-mount`, role: this.role.name });
    const wait = new PropagationWait(this, "iam-propagation", {
      kind: "aws-iam",
      grants: [this.role, policy, this.profile],
      carry: { instance_profile_arn: this.profile.arn },
    });
    this.propagatedArn = wait.carried("instance_profile_arn");
  }
}
