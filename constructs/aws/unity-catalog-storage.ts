import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { DatabricksAwsPolicies } from "./databricks-policies";
import { CustomerManagedKey } from "./customer-managed-key";
import { SecureBucket } from "./secure-bucket";
import { ZONES, type LakehouseStorage, type Zone } from "../lakehouse-storage";

export interface UnityCatalogStorageProps {
  readonly name: string;
  readonly awsAccountId: string;
  /** Source of the role's trust and access documents (normally the Databricks provider's data sources). */
  readonly policies: DatabricksAwsPolicies;
  readonly deletionProtection: boolean;
}

/**
 * The environment's lakehouse bucket (one prefix per zone) and the IAM role Unity Catalog assumes
 * to reach it: trust and permissions come from the Databricks provider's Unity Catalog policy data
 * sources, scoped to this bucket and its key.
 */
export class UnityCatalogStorage extends Construct {
  readonly bucket: SecureBucket;
  readonly role: IamRole;
  readonly key: CustomerManagedKey;

  constructor(scope: Construct, id: string, props: UnityCatalogStorageProps) {
    super(scope, id);
    const bucketName = `${props.name}-data-${props.awsAccountId}`;
    // The role trusts itself (Unity Catalog requires a self-assuming role), so its name is fixed up front.
    const roleName = `${props.name}-unity-catalog`;
    this.key = new CustomerManagedKey(this, "key", { name: `${props.name}-data`, awsAccountId: props.awsAccountId, use: "data", deletionProtection: props.deletionProtection });
    this.bucket = new SecureBucket(this, "bucket", { bucketName, kmsKeyArn: this.key.key.arn, deletionProtection: props.deletionProtection });

    const trust = props.policies.unityCatalogTrust(this, "trust", { awsAccountId: props.awsAccountId, roleName });
    const access = props.policies.unityCatalogAccess(this, "access", { awsAccountId: props.awsAccountId, roleName, bucketName, kmsKeyArn: this.key.key.arn });
    this.role = new IamRole(this, "role", {
      name: roleName,
      description: "Assumed by Unity Catalog to read and write the lakehouse bucket",
      assumeRolePolicy: trust,
    });
    new IamRolePolicy(this, "policy", { name: "unity-catalog-access", role: this.role.id, policy: access });
  }

  /** The zone URLs and credential the workspace-config stack needs. */
  storage(mount?: LakehouseStorage["mount"]): LakehouseStorage {
    const url = (zone: Zone) => `s3://${this.bucket.bucket.bucket}/${zone}/`;
    return {
      credential: { kind: "aws-iam-role", roleArn: this.role.arn },
      urls: Object.fromEntries(ZONES.map((zone) => [zone, url(zone)])) as Record<Zone, string>,
      mount,
    };
  }
}
