import { IamRole } from "@cdktn/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktn/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { type LakehouseStorage, ZONES, type Zone } from "../lakehouse-storage";
import { PropagationWait } from "../propagation-wait";
import { CustomerManagedKey } from "./customer-managed-key";
import type { DatabricksAwsPolicies } from "./databricks-policies";
import { type AccessLogTarget, SecureBucket } from "./secure-bucket";

export interface UnityCatalogStorageProps {
  readonly name: string;
  readonly awsAccountId: string;
  /** Source of the role's trust and access documents (normally the Databricks provider's data sources). */
  readonly policies: DatabricksAwsPolicies;
  readonly deletionProtection: boolean;
  /**
   * The Unity Catalog storage credential that names this role: its name, and the external id it was
   * given, which the role's trust requires (see UnityCatalogCredential).
   */
  readonly credential: { readonly name: string; readonly externalId: string };
  /** Where the bucket's S3 server access logs go. */
  readonly accessLogs?: AccessLogTarget;
}

/**
 * The environment's lakehouse bucket (one prefix per zone) and the IAM role Unity Catalog assumes
 * to reach it: trust and permissions come from the Databricks provider's Unity Catalog policy data
 * sources, scoped to this bucket and its key, the trust to the external id of the storage credential
 * that names the role.
 */
export class UnityCatalogStorage extends Construct {
  readonly bucket: SecureBucket;
  readonly role: IamRole;
  readonly key: CustomerManagedKey;
  /** Over once IAM has propagated the role and its policy; carries the credential name to the config stack. */
  readonly propagated: PropagationWait;

  /** The role's name, fixed up front: the credential names the role before it exists, and the role trusts itself. */
  static roleName(name: string): string {
    return `${name}-unity-catalog`;
  }

  constructor(scope: Construct, id: string, props: UnityCatalogStorageProps) {
    super(scope, id);
    const bucketName = `${props.name}-data-${props.awsAccountId}`;
    // The role trusts itself (Unity Catalog requires a self-assuming role), so its name is fixed up front.
    const roleName = UnityCatalogStorage.roleName(props.name);
    this.key = new CustomerManagedKey(this, "key", {
      name: `${props.name}-data`,
      awsAccountId: props.awsAccountId,
      use: "data",
      deletionProtection: props.deletionProtection,
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName,
      kmsKeyArn: this.key.key.arn,
      deletionProtection: props.deletionProtection,
      accessLogs: props.accessLogs,
    });

    const trust = props.policies.unityCatalogTrust(this, "trust", {
      awsAccountId: props.awsAccountId,
      roleName,
      externalId: props.credential.externalId,
    });
    const access = props.policies.unityCatalogAccess(this, "access", {
      awsAccountId: props.awsAccountId,
      roleName,
      bucketName,
      kmsKeyArn: this.key.key.arn,
    });
    this.role = new IamRole(this, "role", {
      name: roleName,
      description: "Assumed by Unity Catalog to read and write the lakehouse bucket",
      assumeRolePolicy: trust,
    });
    const policy = new IamRolePolicy(this, "policy", { name: "unity-catalog-access", role: this.role.id, policy: access });
    // External locations (config stack, another apply) are checked against the role when created.
    this.propagated = new PropagationWait(this, "iam-propagation", {
      kind: "aws-iam",
      grants: [this.role, policy],
      carry: { credential_name: props.credential.name },
    });
  }

  /** The zone URLs and credential the workspace-config stack needs. */
  storage(mount?: LakehouseStorage["mount"]): LakehouseStorage {
    const url = (zone: Zone) => `s3://${this.bucket.bucket.bucket}/${zone}/`;
    return {
      credential: { kind: "existing", name: this.propagated.carried("credential_name") },
      urls: Object.fromEntries(ZONES.map((zone) => [zone, url(zone)])) as Record<Zone, string>,
      mount,
    };
  }
}
