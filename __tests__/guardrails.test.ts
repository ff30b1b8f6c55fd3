import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DataAwsIamPolicyDocument } from "@cdktn/provider-aws/lib/data-aws-iam-policy-document";
import { IamRolePolicy } from "@cdktn/provider-aws/lib/iam-role-policy";
import { KmsKey } from "@cdktn/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { S3Bucket } from "@cdktn/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktn/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktn/provider-aws/lib/vpc-security-group-egress-rule";
import { KeyVaultKey } from "@cdktn/provider-azurerm/lib/key-vault-key";
import { AzurermProvider } from "@cdktn/provider-azurerm/lib/provider";
import { RoleAssignment } from "@cdktn/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktn/provider-azurerm/lib/storage-account";
import { AccountNetworkPolicy } from "@cdktn/provider-databricks/lib/account-network-policy";
import { Cluster } from "@cdktn/provider-databricks/lib/cluster";
import { DataDatabricksAwsCrossaccountPolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-crossaccount-policy";
import { DataDatabricksAwsUnityCatalogPolicy } from "@cdktn/provider-databricks/lib/data-databricks-aws-unity-catalog-policy";
import { Grants } from "@cdktn/provider-databricks/lib/grants";
import { Job } from "@cdktn/provider-databricks/lib/job";
import { MwsNetworks } from "@cdktn/provider-databricks/lib/mws-networks";
import { MwsWorkspaces } from "@cdktn/provider-databricks/lib/mws-workspaces";
import { Permissions } from "@cdktn/provider-databricks/lib/permissions";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { Secret } from "@cdktn/provider-databricks/lib/secret";
import { SecretAcl } from "@cdktn/provider-databricks/lib/secret-acl";
import { WorkspaceNetworkOption } from "@cdktn/provider-databricks/lib/workspace-network-option";
import { TerraformStack, TerraformVariable, Testing } from "cdktn";
import type { Construct } from "constructs";
import { AccessLogBucket } from "../constructs/aws/access-log-bucket";
import { CustomerManagedKey } from "../constructs/aws/customer-managed-key";
import { SecureBucket } from "../constructs/aws/secure-bucket";
import { checkStack, checkSynthesized, Guardrails, suppressGuardrail } from "../constructs/guardrails/guardrails";
import type { GuardrailOptions } from "../constructs/guardrails/model";
import { RULE_PACK } from "../constructs/guardrails/rule-pack";
import { PropagationWait } from "../constructs/propagation-wait";
import { TimeProvider } from "../constructs/time/time-provider";
import { ACCESS_MATRIX_PAGE, exampleAccessMatrix, PROD_MATRIX_MARKERS, pageWithMatrix } from "../scripts/access-matrix";
import { addEnvironment } from "../stacks/blueprint";
import { exampleEnvironments } from "./helpers";

const TAGS = { Owner: "team", Environment: "dev", CostCenter: "cc-1" };
const baseOptions: GuardrailOptions = {
  stage: "dev",
  adminPrincipals: ["platform-admins"],
  requiredTags: ["Owner", "Environment", "CostCenter"],
};

interface Outcome {
  errors: string[];
  warnings: string[];
}

/** Builds a stack with `build`, synthesizes it and runs the rule pack over its JSON; gives the findings. */
function check(build: (scope: Construct) => void, options: Partial<GuardrailOptions> = {}): Outcome {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1", defaultTags: [{ tags: TAGS }] });
  new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  build(stack);
  // fullSynth writes the stack as the app does, construct paths ("//" metadata) included.
  const outdir = Testing.fullSynth(stack);
  return checkStack(stack, JSON.parse(readFileSync(join(outdir, "stacks", "test", "cdk.tf.json"), "utf8")), { ...baseOptions, ...options });
}

const only = (outcome: Outcome, rule: string) => outcome.errors.filter((e) => e.includes(`[${rule}]`));

const goodCluster = {
  clusterName: "c",
  sparkVersion: "16.4.x-scala2.12",
  nodeTypeId: "m5d.large",
  policyId: "p-1",
  autoterminationMinutes: 20,
  dataSecurityMode: "USER_ISOLATION",
  numWorkers: 1,
  customTags: TAGS,
};
const key = "arn:aws:kms:eu-west-1:111111111111:key/k";

describe("guardrail rule pack", () => {
  it("has unique rule ids, each with a summary", () => {
    const ids = RULE_PACK.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(RULE_PACK.every((r) => r.summary.length > 10)).toBe(true);
  });

  describe("LH-COMPUTE-POLICY", () => {
    it("passes a cluster with a policy", () => {
      expect(
        only(
          check((s) => new Cluster(s, "c", goodCluster)),
          "LH-COMPUTE-POLICY",
        ),
      ).toEqual([]);
    });
    it("fails a cluster and a job cluster without one", () => {
      const outcome = check((s) => {
        new Cluster(s, "c", { ...goodCluster, policyId: undefined });
        new Job(s, "j", {
          name: "j",
          tags: TAGS,
          jobCluster: [
            { jobClusterKey: "main", newCluster: { sparkVersion: "16.4.x-scala2.12", dataSecurityMode: "SINGLE_USER", numWorkers: 1 } },
          ],
        });
      });
      expect(only(outcome, "LH-COMPUTE-POLICY")).toEqual([
        "test/c: [LH-COMPUTE-POLICY] cluster has no policy_id, so nothing caps its size, cost or access mode. Fix: create it from a ClusterPolicy (policy: somePolicy)",
        'test/j: [LH-COMPUTE-POLICY] job_cluster[0] "main" has no policy_id, so nothing caps its size, cost or access mode. Fix: create it from a ClusterPolicy (policy: somePolicy)',
      ]);
    });
  });

  describe("LH-COMPUTE-AUTOTERMINATION", () => {
    it("passes a cluster that stops when idle", () => {
      expect(
        only(
          check((s) => new Cluster(s, "c", goodCluster)),
          "LH-COMPUTE-AUTOTERMINATION",
        ),
      ).toEqual([]);
    });
    it("fails a cluster that never stops", () => {
      expect(
        only(
          check((s) => new Cluster(s, "c", { ...goodCluster, autoterminationMinutes: 0 })),
          "LH-COMPUTE-AUTOTERMINATION",
        ),
      ).toEqual([
        "test/c: [LH-COMPUTE-AUTOTERMINATION] cluster has autotermination_minutes 0; an idle cluster would run until someone stops it. Fix: set autoterminationMinutes between 10 and 120",
      ]);
    });
  });

  describe("LH-COMPUTE-ISOLATION", () => {
    it("passes Standard and Dedicated access modes", () => {
      const outcome = check((s) => {
        new Cluster(s, "standard", goodCluster);
        new Cluster(s, "dedicated", { ...goodCluster, dataSecurityMode: "SINGLE_USER" });
      });
      expect(only(outcome, "LH-COMPUTE-ISOLATION")).toEqual([]);
    });
    it("fails no-isolation access", () => {
      expect(
        only(
          check((s) => new Cluster(s, "c", { ...goodCluster, dataSecurityMode: "NONE" })),
          "LH-COMPUTE-ISOLATION",
        )[0],
      ).toContain(
        'cluster has data_security_mode "NONE", which shares credentials between users and bypasses Unity Catalog. Fix: use "USER_ISOLATION"',
      );
    });
  });

  describe("storage rules", () => {
    it("pass a SecureBucket", () => {
      const outcome = check((s) => new SecureBucket(s, "b", { bucketName: "b", kmsKeyArn: key, deletionProtection: false }));
      expect(outcome.errors).toEqual([]);
    });
    it("pass an SSE-S3 bucket only as the target of server access logs", () => {
      const asTarget = check((s) => {
        const logs = new AccessLogBucket(s, "logs", { name: "t", awsAccountId: "111111111111", deletionProtection: false });
        new SecureBucket(s, "b", { bucketName: "t-data", kmsKeyArn: key, deletionProtection: false, accessLogs: logs.target("data") });
      });
      expect(asTarget.errors).toEqual([]);
      const notATarget = check((s) => new SecureBucket(s, "b", { bucketName: "b", s3ManagedEncryption: true, deletionProtection: false }));
      expect(only(notATarget, "LH-STORAGE-ENCRYPTION")).toEqual([
        "test/b/bucket: [LH-STORAGE-ENCRYPTION] has no SSE-KMS encryption configuration. Fix: build buckets with SecureBucket, or add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms and a customer key",
      ]);
    });
    it("fail a bare bucket on encryption, versioning and public access", () => {
      const outcome = check((s) => new S3Bucket(s, "raw", { bucket: "raw" }));
      expect(only(outcome, "LH-STORAGE-ENCRYPTION")).toEqual([
        "test/raw: [LH-STORAGE-ENCRYPTION] has no SSE-KMS encryption configuration. Fix: build buckets with SecureBucket, or add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms and a customer key",
      ]);
      expect(only(outcome, "LH-STORAGE-VERSIONING")).toEqual([
        "test/raw: [LH-STORAGE-VERSIONING] has no versioning, so an overwrite or delete is final. Fix: add aws_s3_bucket_versioning with status Enabled (SecureBucket does)",
      ]);
      expect(only(outcome, "LH-STORAGE-PUBLIC-ACCESS")[0]).toContain("test/raw: [LH-STORAGE-PUBLIC-ACCESS] has no public access block");
    });
    const azureAccount = {
      name: "acct",
      resourceGroupName: "rg",
      location: "westeurope",
      accountTier: "Standard",
      accountReplicationType: "ZRS",
      tags: TAGS,
    };
    it("pass a hardened storage account", () => {
      const outcome = check(
        (s) =>
          new StorageAccount(s, "sa", {
            ...azureAccount,
            infrastructureEncryptionEnabled: true,
            allowNestedItemsToBePublic: false,
            publicNetworkAccessEnabled: false,
            blobProperties: { deleteRetentionPolicy: { days: 7 } },
          }),
      );
      expect(outcome.errors).toEqual([]);
    });
    it("fail an open storage account", () => {
      const outcome = check((s) => new StorageAccount(s, "sa", azureAccount));
      expect(only(outcome, "LH-STORAGE-ENCRYPTION")).toEqual([
        "test/sa: [LH-STORAGE-ENCRYPTION] has infrastructure_encryption_enabled unset, so data is encrypted once only. Fix: set infrastructureEncryptionEnabled: true",
      ]);
      expect(only(outcome, "LH-STORAGE-VERSIONING")).toHaveLength(1);
      expect(only(outcome, "LH-STORAGE-PUBLIC-ACCESS")).toHaveLength(2);
    });
  });

  describe("LH-SERVERLESS-EGRESS-RESTRICTED", () => {
    const RULE = "LH-SERVERLESS-EGRESS-RESTRICTED";
    const serverlessWorkspace = (s: Construct, computeMode?: string) =>
      new MwsWorkspaces(s, "workspace", { accountId: "acct", workspaceName: "w", awsRegion: "eu-west-1", computeMode, customTags: TAGS });
    const bound = (s: Construct, workspace: MwsWorkspaces, restrictionMode: string, enforcementMode: string) => {
      const policy = new AccountNetworkPolicy(s, "policy", {
        networkPolicyId: "p",
        egress: { networkAccess: { restrictionMode, policyEnforcement: { enforcementMode } } },
      });
      new WorkspaceNetworkOption(s, "binding", { workspaceId: workspace.workspaceId, networkPolicyId: policy.networkPolicyId });
    };
    it("passes a prod serverless workspace bound to an enforced restricting policy, a dev one without, and a classic prod one", () => {
      expect(
        only(
          check((s) => bound(s, serverlessWorkspace(s, "SERVERLESS"), "RESTRICTED_ACCESS", "ENFORCED"), { stage: "prod" }),
          RULE,
        ),
      ).toEqual([]);
      expect(
        only(
          check((s) => serverlessWorkspace(s, "SERVERLESS")),
          RULE,
        ),
      ).toEqual([]);
      expect(
        only(
          check((s) => serverlessWorkspace(s), { stage: "prod" }),
          RULE,
        ),
      ).toEqual([]);
    });
    it("fails a prod serverless workspace unbound, bound to a dry run, or bound to full access", () => {
      const unbound = only(
        check((s) => serverlessWorkspace(s, "SERVERLESS"), { stage: "prod" }),
        RULE,
      );
      expect(unbound).toEqual([
        expect.stringContaining("test/workspace: [LH-SERVERLESS-EGRESS-RESTRICTED] is a prod serverless workspace not bound"),
      ]);
      expect(
        only(
          check((s) => bound(s, serverlessWorkspace(s, "SERVERLESS"), "RESTRICTED_ACCESS", "DRY_RUN"), { stage: "prod" }),
          RULE,
        ),
      ).toHaveLength(1);
      expect(
        only(
          check((s) => bound(s, serverlessWorkspace(s, "SERVERLESS"), "FULL_ACCESS", "ENFORCED"), { stage: "prod" }),
          RULE,
        ),
      ).toHaveLength(1);
    });
  });

  describe("LH-NETWORK-PRIVATE-EGRESS", () => {
    const withPrivateLink = (s: Construct) =>
      new MwsNetworks(s, "network", {
        accountId: "acct",
        networkName: "n",
        vpcId: "vpc-1",
        subnetIds: ["a", "b"],
        securityGroupIds: ["sg-1"],
        vpcEndpoints: { restApi: ["r"], dataplaneRelay: ["d"] },
      });
    it("passes egress kept in the VPC with PrivateLink, and internet egress without it", () => {
      const inside = check((s) => {
        withPrivateLink(s);
        new VpcSecurityGroupEgressRule(s, "vpc", {
          securityGroupId: "sg-1",
          cidrIpv4: "10.0.0.0/16",
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          tags: TAGS,
        });
      });
      expect(only(inside, "LH-NETWORK-PRIVATE-EGRESS")).toEqual([]);
      const noPrivateLink = check(
        (s) =>
          new VpcSecurityGroupEgressRule(s, "any", {
            securityGroupId: "sg-1",
            cidrIpv4: "0.0.0.0/0",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            tags: TAGS,
          }),
      );
      expect(only(noPrivateLink, "LH-NETWORK-PRIVATE-EGRESS")).toEqual([]);
    });
    it("fails a standalone or inline rule to the internet beside PrivateLink", () => {
      const outcome = check((s) => {
        withPrivateLink(s);
        new VpcSecurityGroupEgressRule(s, "any", {
          securityGroupId: "sg-1",
          cidrIpv4: "0.0.0.0/0",
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          tags: TAGS,
        });
        new SecurityGroup(s, "sg", {
          name: "sg",
          vpcId: "vpc-1",
          egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
          tags: TAGS,
        });
      });
      expect(only(outcome, "LH-NETWORK-PRIVATE-EGRESS")).toEqual([
        "test/any: [LH-NETWORK-PRIVATE-EGRESS] opens egress to 0.0.0.0/0 while PrivateLink keeps cluster traffic in the VPC. Fix: send egress to the VPC range, a prefix list or a security group (WorkspaceNetwork does with privateLink)",
        "test/sg: [LH-NETWORK-PRIVATE-EGRESS] has an inline egress rule to the internet while PrivateLink keeps cluster traffic in the VPC. Fix: send egress to the VPC range, a prefix list or a security group (WorkspaceNetwork does with privateLink)",
      ]);
    });
  });

  describe("LH-KEY-ROTATION", () => {
    it("passes rotated keys", () => {
      const outcome = check(
        (s) =>
          new CustomerManagedKey(s, "k", {
            name: "k",
            awsAccountId: "111111111111",
            use: "managed-services",
            databricksAccountId: "00000000-0000-4000-8000-000000000000",
            deletionProtection: false,
          }),
      );
      expect(outcome.errors).toEqual([]);
    });
    it("fails keys that never rotate", () => {
      const outcome = check((s) => {
        new KmsKey(s, "k", { description: "k" });
        new KeyVaultKey(s, "kv", { name: "k", keyVaultId: "id", keyType: "RSA", keySize: 2048, keyOpts: ["wrapKey"], tags: TAGS });
      });
      expect(only(outcome, "LH-KEY-ROTATION")).toEqual([
        "test/k: [LH-KEY-ROTATION] does not rotate. Fix: set enableKeyRotation: true (CustomerManagedKey does)",
        "test/kv: [LH-KEY-ROTATION] has no automatic rotation policy. Fix: set rotationPolicy with automatic.timeBeforeExpiry and expireAfter",
      ]);
    });
  });

  describe("LH-IAM-WILDCARD", () => {
    it("passes named actions, denies and the documented key-administration wildcard", () => {
      const outcome = check((s) => {
        new DataAwsIamPolicyDocument(s, "doc", {
          statement: [
            { actions: ["s3:GetObject"], resources: ["*"] },
            { effect: "Deny", actions: ["s3:*"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }] },
            { actions: ["kms:*"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }] },
          ],
        });
      });
      expect(only(outcome, "LH-IAM-WILDCARD")).toEqual([]);
    });
    it("fails service wildcards in documents and in hand-written policy JSON", () => {
      const outcome = check((s) => {
        new DataAwsIamPolicyDocument(s, "doc", { statement: [{ sid: "TooBroad", actions: ["s3:*"], resources: ["*"] }] });
        new IamRolePolicy(s, "inline", {
          role: "r",
          policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
        });
      });
      expect(only(outcome, "LH-IAM-WILDCARD")).toEqual([
        'test/doc: [LH-IAM-WILDCARD] statement[0] "TooBroad" allows the wildcard action(s) s3:*. Fix: list the actions needed (Databricks documents them for each role), or use the Databricks policy data sources',
        "test/inline: [LH-IAM-WILDCARD] Statement[0] allows the wildcard action(s) *. Fix: list the actions needed (Databricks documents them for each role), or use the Databricks policy data sources",
      ]);
    });
  });

  describe("LH-POLICY-ARGS", () => {
    const ucPolicy = {
      awsAccountId: "111111111111",
      bucketName: "dev-lakehouse-data-111111111111",
      roleName: "dev-lakehouse-unity-catalog",
    };
    it("passes ARNs, names and ids where the policy data sources ask for them", () => {
      const outcome = check((s) => {
        const k = new KmsKey(s, "key", { enableKeyRotation: true, tags: TAGS });
        new DataDatabricksAwsUnityCatalogPolicy(s, "uc", { ...ucPolicy, kmsName: k.arn });
        new DataDatabricksAwsUnityCatalogPolicy(s, "uc-literal", { ...ucPolicy, kmsName: key });
        new DataDatabricksAwsCrossaccountPolicy(s, "xa", {
          policyType: "restricted",
          awsAccountId: "111111111111",
          region: "eu-west-1",
          vpcId: "vpc-0abc",
          securityGroupId: "sg-0abc",
          passRoles: ["arn:aws:iam::111111111111:role/r"],
        });
      });
      expect(only(outcome, "LH-POLICY-ARGS")).toEqual([]);
    });
    it("fails a key id where the KMS ARN is asked, and an ARN where a name is asked", () => {
      const outcome = check((s) => {
        const k = new KmsKey(s, "key", { enableKeyRotation: true, tags: TAGS });
        new DataDatabricksAwsUnityCatalogPolicy(s, "uc", { ...ucPolicy, kmsName: k.keyId });
        new DataDatabricksAwsUnityCatalogPolicy(s, "uc-literal", {
          ...ucPolicy,
          bucketName: "arn:aws:s3:::b",
          kmsName: "1234abcd-12ab-34cd-56ef-1234567890ab",
        });
        new DataDatabricksAwsCrossaccountPolicy(s, "xa", { policyType: "restricted", awsAccountId: "1111", passRoles: ["dev-role"] });
      });
      expect(only(outcome, "LH-POLICY-ARGS")).toEqual([
        "test/uc: [LH-POLICY-ARGS] databricks_aws_unity_catalog_policy.kms_name reads aws_kms_key.key.key_id, but the argument takes the kms ARN. Fix: pass the kms ARN",
        'test/uc-literal: [LH-POLICY-ARGS] databricks_aws_unity_catalog_policy.kms_name is "1234abcd-12ab-34cd-56ef-1234567890ab", but the argument takes the kms ARN. Fix: pass the kms ARN',
        'test/uc-literal: [LH-POLICY-ARGS] databricks_aws_unity_catalog_policy.bucket_name is "arn:aws:s3:::b", but the argument takes the bucket name (not its ARN). Fix: pass the bucket name (not its ARN)',
        'test/xa: [LH-POLICY-ARGS] databricks_aws_crossaccount_policy.aws_account_id is "1111", but the argument takes the 12-digit AWS account id. Fix: pass the 12-digit AWS account id',
        'test/xa: [LH-POLICY-ARGS] databricks_aws_crossaccount_policy.pass_roles is "dev-role", but the argument takes the iam ARN. Fix: pass the iam ARN',
      ]);
    });
  });

  describe("LH-GRANT-PROPAGATION", () => {
    it("passes a create that waits for the grant through a propagation wait", () => {
      const outcome = check((s) => {
        new TimeProvider(s, "time");
        const grant = new RoleAssignment(s, "officer", {
          scope: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
          roleDefinitionName: "Key Vault Crypto Officer",
          principalId: "p",
        });
        const wait = new PropagationWait(s, "officer-propagation", { kind: "azure-rbac", grants: [grant] });
        new KeyVaultKey(s, "key", {
          name: "k",
          keyVaultId: "kv",
          keyType: "RSA",
          keySize: 2048,
          keyOpts: ["wrapKey"],
          dependsOn: [wait.wait],
        });
      });
      expect(only(outcome, "LH-GRANT-PROPAGATION")).toEqual([]);
    });
    it("fails a create that depends on the grant itself", () => {
      const outcome = check((s) => {
        const grant = new RoleAssignment(s, "officer", {
          scope: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
          roleDefinitionName: "Key Vault Crypto Officer",
          principalId: "p",
        });
        new KeyVaultKey(s, "key", { name: "k", keyVaultId: "kv", keyType: "RSA", keySize: 2048, keyOpts: ["wrapKey"], dependsOn: [grant] });
        const policy = new IamRolePolicy(s, "policy", { role: "r", policy: "{}" });
        new S3Bucket(s, "uses-role", { bucket: "b", dependsOn: [policy] });
      });
      expect(only(outcome, "LH-GRANT-PROPAGATION")).toEqual([
        "test/uses-role: [LH-GRANT-PROPAGATION] depends on the grant aws_iam_role_policy.policy itself, which the cloud may not enforce yet when this is created. Fix: depend on a PropagationWait after the grant (constructs/propagation-wait.ts)",
        "test/key: [LH-GRANT-PROPAGATION] depends on the grant azurerm_role_assignment.officer itself, which the cloud may not enforce yet when this is created. Fix: depend on a PropagationWait after the grant (constructs/propagation-wait.ts)",
      ]);
    });
  });

  describe("LH-SECRET-LITERAL", () => {
    it("passes a secret from a sensitive variable", () => {
      const outcome = check((s) => {
        const value = new TerraformVariable(s, "jdbc_password", { type: "string", sensitive: true });
        new Secret(s, "secret", { scope: "jdbc", key: "password", stringValue: value.stringValue });
      });
      expect(only(outcome, "LH-SECRET-LITERAL")).toEqual([]);
    });
    it("fails a literal secret value", () => {
      expect(
        only(
          check((s) => new Secret(s, "secret", { scope: "jdbc", key: "password", stringValue: "hunter2" })),
          "LH-SECRET-LITERAL",
        ),
      ).toEqual([
        "test/secret: [LH-SECRET-LITERAL] sets string_value to a literal value, which would sit in the repository and in cdktf.out/. Fix: pass a sensitive TerraformVariable (or read it from Key Vault)",
      ]);
    });
  });

  describe("LH-GRANT-ADMIN-ONLY", () => {
    it("passes MANAGE and ALL_PRIVILEGES for admins and narrower grants for others", () => {
      const outcome = check((s) => {
        new Permissions(s, "perm", {
          clusterId: "c",
          accessControl: [
            { groupName: "platform-admins", permissionLevel: "CAN_MANAGE" },
            { groupName: "analysts", permissionLevel: "CAN_ATTACH_TO" },
          ],
        });
        new Grants(s, "grants", {
          catalog: "main",
          grant: [
            { principal: "platform-admins", privileges: ["ALL_PRIVILEGES"] },
            { principal: "analysts", privileges: ["USE_CATALOG"] },
          ],
        });
        new SecretAcl(s, "acl", { scope: "jdbc", principal: "platform-admins", permission: "MANAGE" });
      });
      expect(only(outcome, "LH-GRANT-ADMIN-ONLY")).toEqual([]);
    });
    it("fails MANAGE-level grants to non-admins on every kind of object", () => {
      const outcome = check((s) => {
        new Permissions(s, "perm", { clusterId: "c", accessControl: [{ groupName: "analysts", permissionLevel: "CAN_MANAGE" }] });
        new Grants(s, "grants", {
          catalog: "main",
          grant: [{ principal: "data-engineers", privileges: ["USE_CATALOG", "ALL_PRIVILEGES"] }],
        });
        new SecretAcl(s, "acl", { scope: "jdbc", principal: "data-engineers", permission: "MANAGE" });
      });
      expect(only(outcome, "LH-GRANT-ADMIN-ONLY")).toEqual([
        'test/perm: [LH-GRANT-ADMIN-ONLY] grants CAN_MANAGE to "analysts", who is not an admin. Fix: grant the narrowest level the persona needs (e.g. CAN_RESTART, USE_SCHEMA, SELECT) or add the principal to the admins',
        'test/grants: [LH-GRANT-ADMIN-ONLY] grants ALL_PRIVILEGES to "data-engineers", who is not an admin. Fix: grant the narrowest level the persona needs (e.g. CAN_RESTART, USE_SCHEMA, SELECT) or add the principal to the admins',
        'test/acl: [LH-GRANT-ADMIN-ONLY] grants MANAGE on a secret scope to "data-engineers", who is not an admin. Fix: grant the narrowest level the persona needs (e.g. CAN_RESTART, USE_SCHEMA, SELECT) or add the principal to the admins',
      ]);
    });
  });

  describe("LH-PROD-DELETION-PROTECTION", () => {
    it("passes protected prod data stores", () => {
      const outcome = check((s) => new SecureBucket(s, "b", { bucketName: "b", kmsKeyArn: key, deletionProtection: true }), {
        stage: "prod",
      });
      expect(only(outcome, "LH-PROD-DELETION-PROTECTION")).toEqual([]);
    });
    it("fails unprotected prod data stores, but not dev ones", () => {
      const build = (s: Construct) => new SecureBucket(s, "b", { bucketName: "b", kmsKeyArn: key, deletionProtection: false });
      expect(only(check(build, { stage: "prod" }), "LH-PROD-DELETION-PROTECTION")).toEqual([
        "test/b/bucket: [LH-PROD-DELETION-PROTECTION] is a prod data store without lifecycle.prevent_destroy. Fix: pass deletionProtection (the constructs set lifecycle { preventDestroy: true })",
        "test/b/bucket: [LH-PROD-DELETION-PROTECTION] is a prod data store with force_destroy = true, which deletes its contents on destroy. Fix: remove force_destroy",
      ]);
      expect(only(check(build, { stage: "dev" }), "LH-PROD-DELETION-PROTECTION")).toEqual([]);
    });
  });

  describe("LH-TAGS", () => {
    it("passes resources tagged directly or through the AWS provider's default tags", () => {
      const outcome = check((s) => {
        new KmsKey(s, "k", { enableKeyRotation: true });
        new Cluster(s, "c", goodCluster);
      });
      expect(only(outcome, "LH-TAGS")).toEqual([]);
    });
    it("fails a taggable resource without the cost tags", () => {
      const outcome = check((s) => new Cluster(s, "c", { ...goodCluster, customTags: { Owner: "team" } }));
      expect(only(outcome, "LH-TAGS")).toEqual([
        "test/c: [LH-TAGS] is missing the tag(s) Environment, CostCenter. Fix: pass costTags(...) as its tags (AWS: the provider's default_tags cover it)",
      ]);
    });
  });

  describe("suppressions", () => {
    it("turn a finding into a warning that carries the reason", () => {
      const outcome = check((s) => {
        const cluster = new Cluster(s, "c", { ...goodCluster, autoterminationMinutes: 0 });
        suppressGuardrail(cluster, "LH-COMPUTE-AUTOTERMINATION", "Streaming cluster that must run around the clock");
      });
      expect(outcome.errors).toEqual([]);
      expect(outcome.warnings).toEqual([
        "test/c: [LH-COMPUTE-AUTOTERMINATION] suppressed: Streaming cluster that must run around the clock",
      ]);
    });
    it("apply to everything under the construct they are set on, for that rule only", () => {
      const outcome = check(
        (s) => {
          const bucket = new SecureBucket(s, "b", { bucketName: "b", kmsKeyArn: key, deletionProtection: false });
          suppressGuardrail(bucket, "LH-PROD-DELETION-PROTECTION", "Scratch bucket, rebuilt from source data every night");
        },
        { stage: "prod" },
      );
      expect(outcome.errors).toEqual([]);
      expect(outcome.warnings).toHaveLength(2);
    });
    it("are refused without a reason or with an unknown rule", () => {
      const outcome = check((s) => {
        const cluster = new Cluster(s, "c", { ...goodCluster, autoterminationMinutes: 0 });
        suppressGuardrail(cluster, "LH-COMPUTE-AUTOTERMINATION", "because");
        suppressGuardrail(cluster, "LH-NOPE", "A reason that is long enough");
      });
      expect(outcome.errors).toContain(
        "test/c: Guardrail suppression of LH-COMPUTE-AUTOTERMINATION needs a written reason (at least 15 characters). Fix: say why this exception is safe",
      );
      expect(outcome.errors.some((e) => e.includes('names unknown rule "LH-NOPE"'))).toBe(true);
      expect(outcome.errors.some((e) => e.includes("[LH-COMPUTE-AUTOTERMINATION]"))).toBe(true);
    });
  });
});

describe("example environments under the guardrails", () => {
  it("synthesize with no finding and no suppression", () => {
    const app = Testing.app();
    const all = Object.values(exampleEnvironments());
    for (const env of all) addEnvironment(app, env, all);
    const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
    // Five workspace and five config stacks (the sandbox's included), two metastores, the Azure egress hub,
    // azdev's data path to azprod's storage (bootstrap stacks come from buildBlueprint).
    expect(stacks).toHaveLength(14);
    app.synth();
    const report = checkSynthesized(app, app.outdir);
    expect(report).toEqual({ errors: [], warnings: [] });
    // Every stack is under the rule pack, and nothing is exempt from it.
    expect(stacks.filter((stack) => Guardrails.optionsOf(stack) === undefined).map((stack) => stack.node.id)).toEqual([]);
    const suppressions = stacks.flatMap((stack) =>
      stack.node
        .findAll()
        .flatMap((c) =>
          c.node.metadata
            .filter((m) => m.type === "lakehouse/guardrail-suppression")
            .map((m) => `${c.node.path}: ${JSON.stringify(m.data)}`),
        ),
    );
    expect(suppressions).toEqual([]);
  });
});

describe("access matrix page (docs/access-matrix.md)", () => {
  it("is exactly what the code grants (regenerate with npm run docs:access-matrix)", () => {
    const page = readFileSync(ACCESS_MATRIX_PAGE, "utf8");
    const matrix = exampleAccessMatrix("dev");
    expect(matrix.split("\n").length).toBeGreaterThan(15);
    expect(page).toEqual(pageWithMatrix(page, matrix));
  });

  it("shows prod's catalog as the code grants and masks it, dev's developers and pii-readers included", () => {
    const page = readFileSync(ACCESS_MATRIX_PAGE, "utf8");
    const matrix = exampleAccessMatrix("prod", "prodCatalog");
    expect(matrix).toContain("| dev data engineers | dev data scientists |");
    expect(matrix).toMatch(/\| ABAC column mask: has_tag_value\('sensitivity', 'pii_key'\) \|.*\| exempt \| exempt \|/);
    expect(page).toEqual(pageWithMatrix(page, matrix, PROD_MATRIX_MARKERS));
  });
});

describe("guardrail table (docs/guardrails.md)", () => {
  it("lists every rule of the pack with its summary", () => {
    const page = readFileSync(join(__dirname, "..", "docs", "guardrails.md"), "utf8");
    for (const rule of RULE_PACK) expect(page).toContain(`| ${rule.id} | ${rule.summary} |`);
  });
});
