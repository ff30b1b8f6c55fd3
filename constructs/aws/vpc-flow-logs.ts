import { CloudwatchLogGroup } from "@cdktn/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktn/provider-aws/lib/data-aws-iam-policy-document";
import { FlowLog } from "@cdktn/provider-aws/lib/flow-log";
import { IamRole } from "@cdktn/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktn/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { CustomerManagedKey } from "./customer-managed-key";

export interface VpcFlowLogsProps {
  readonly name: string;
  readonly vpcId: string;
  readonly region: string;
  readonly awsAccountId: string;
  readonly deletionProtection: boolean;
}

/** Records all traffic of the workspace VPC in an encrypted log group kept for a year. */
export class VpcFlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const key = new CustomerManagedKey(this, "key", {
      name: `${props.name}-flow-logs`,
      awsAccountId: props.awsAccountId,
      use: "logs",
      region: props.region,
      deletionProtection: props.deletionProtection,
    });
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/vpc/${props.name}/flow-logs`,
      retentionInDays: 365,
      kmsKeyId: key.key.arn,
    });
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.awsAccountId] }],
        },
      ],
    });
    const role = new IamRole(this, "role", {
      name: `${props.name}-vpc-flow-logs`,
      description: "VPC Flow Logs writes to its log group",
      assumeRolePolicy: trust.json,
    });
    const write = new DataAwsIamPolicyDocument(this, "write", {
      statement: [
        {
          sid: "WriteFlowLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [`${this.logGroup.arn}:*`],
        },
        { sid: "FindLogGroup", actions: ["logs:DescribeLogGroups"], resources: [this.logGroup.arn] },
      ],
    });
    new IamRolePolicy(this, "policy", { name: "write-flow-logs", role: role.id, policy: write.json });
    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
  }
}
