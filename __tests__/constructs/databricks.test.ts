import { IpAccessList } from "@cdktn/provider-databricks/lib/ip-access-list";
import { MwsCredentials } from "@cdktn/provider-databricks/lib/mws-credentials";
import { MwsCustomerManagedKeys } from "@cdktn/provider-databricks/lib/mws-customer-managed-keys";
import { MwsNetworks } from "@cdktn/provider-databricks/lib/mws-networks";
import { MwsPermissionAssignment } from "@cdktn/provider-databricks/lib/mws-permission-assignment";
import { MwsStorageConfigurations } from "@cdktn/provider-databricks/lib/mws-storage-configurations";
import { MwsWorkspaces } from "@cdktn/provider-databricks/lib/mws-workspaces";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { WorkspaceConf } from "@cdktn/provider-databricks/lib/workspace-conf";
import { Testing, Token } from "cdktn";
import { AwsWorkspaceRegistration } from "../../constructs/databricks/account/aws-workspace-registration";
import { NccStorageEndpoints } from "../../constructs/databricks/account/ncc-storage-endpoints";
import { PersonaGroups } from "../../constructs/databricks/account/persona-groups";
import { regionalConnectivityConfigId, ServerlessEgress } from "../../constructs/databricks/account/serverless-egress";
import { WorkspaceEnrollment } from "../../constructs/databricks/account/workspace-enrollment";
import { ObjectPermissions } from "../../constructs/databricks/workspace/object-permissions";
import { PersonaEntitlements } from "../../constructs/databricks/workspace/persona-entitlements";
import { group, principalKey } from "../../constructs/databricks/workspace/principal";
import { WorkspaceHardening } from "../../constructs/databricks/workspace/workspace-hardening";
import { TimeSleep } from "../../constructs/time/time-sleep";
import { dataSourcesOf, resourcesOf, synthWorkspaceScope } from "../helpers";

const engineers = group("data-engineers");
const analysts = group("analysts");

describe("AwsWorkspaceRegistration", () => {
  it("registers credential, storage, network and both keys at account level, then the workspace without public IPs", () => {
    const out = Testing.synthScope((scope) => {
      const account = new DatabricksProvider(scope, "account", { alias: "account", host: "https://accounts.cloud.databricks.com" });
      const ready = new TimeSleep(scope, "ready", { createDuration: "1s" });
      new AwsWorkspaceRegistration(scope, "ws", {
        name: "t",
        databricksAccountId: "acct",
        region: "eu-west-1",
        pricingTier: "ENTERPRISE",
        accountProvider: account,
        crossAccountRoleArn: "arn:role",
        roleReady: ready,
        rootBucketName: "root",
        vpcId: "vpc-1",
        subnetIds: ["s-1", "s-2"],
        securityGroupIds: ["sg-1"],
        managedServicesKey: { arn: "arn:ms", alias: "alias/ms" },
        storageKey: { arn: "arn:st", alias: "alias/st" },
        tags: { Owner: "team" },
      });
    });
    expect(out).toHaveResourceWithProperties(MwsCredentials, { role_arn: "arn:role", provider: "databricks.account" });
    expect(resourcesOf(out, "databricks_mws_credentials")[0].depends_on[0]).toMatch(/^time_sleep\.ready/);
    expect(out).toHaveResourceWithProperties(MwsStorageConfigurations, { bucket_name: "root", account_id: "acct" });
    expect(out).toHaveResourceWithProperties(MwsNetworks, { vpc_id: "vpc-1", subnet_ids: ["s-1", "s-2"], security_group_ids: ["sg-1"] });
    expect(out).toHaveResourceWithProperties(MwsCustomerManagedKeys, {
      use_cases: ["MANAGED_SERVICES"],
      aws_key_info: { key_arn: "arn:ms", key_alias: "alias/ms" },
    });
    expect(out).toHaveResourceWithProperties(MwsCustomerManagedKeys, {
      use_cases: ["STORAGE"],
      aws_key_info: { key_arn: "arn:st", key_alias: "alias/st" },
    });
    expect(out).toHaveResourceWithProperties(MwsWorkspaces, {
      is_no_public_ip_enabled: true,
      pricing_tier: "ENTERPRISE",
      aws_region: "eu-west-1",
      provider: "databricks.account",
    });
    const workspace = resourcesOf(out, "databricks_mws_workspaces")[0];
    expect(workspace.managed_services_customer_managed_key_id).toMatch(/managed-services-key/);
    expect(workspace.storage_customer_managed_key_id).toMatch(/storage-key/);
  });
});

describe("ObjectPermissions", () => {
  it("creates no resource until something is granted, then one resource with the highest level per principal", () => {
    const empty = synthWorkspaceScope(
      (scope, provider) =>
        new ObjectPermissions(scope, "p", { provider, target: { clusterId: "c" }, levels: ["CAN_ATTACH_TO", "CAN_RESTART"] }),
    );
    expect(resourcesOf(empty, "databricks_permissions")).toHaveLength(0);

    const out = synthWorkspaceScope((scope, provider) => {
      const permissions = new ObjectPermissions(scope, "p", {
        provider,
        target: { clusterId: "c" },
        levels: ["CAN_ATTACH_TO", "CAN_RESTART"],
      });
      permissions.grant(engineers, "CAN_RESTART");
      permissions.grant(engineers, "CAN_ATTACH_TO");
      permissions.grant(analysts, "CAN_ATTACH_TO");
    });
    const [resource] = resourcesOf(out, "databricks_permissions");
    expect(resource.cluster_id).toBe("c");
    expect(resource.access_control).toEqual([
      { group_name: "data-engineers", permission_level: "CAN_RESTART" },
      { group_name: "analysts", permission_level: "CAN_ATTACH_TO" },
    ]);
  });

  it("refuses a level the object does not have, naming it and the valid ones", () => {
    expect(() =>
      synthWorkspaceScope((scope, provider) => {
        new ObjectPermissions(scope, "p", { provider, target: { clusterPolicyId: "x" }, levels: ["CAN_USE"] }).grant(
          analysts,
          "CAN_MANAGE",
        );
      }),
    ).toThrow('"CAN_MANAGE" is not a permission level of this object. Use one of CAN_USE');
  });
});

describe("PersonaGroups", () => {
  const names = { admins: "dev-admins", dataEngineers: "dev-de", dataScientists: "dev-ds", analysts: "dev-an", auditors: "dev-au" };

  it("creates the environment's groups and CI/CD principal at account level and assigns them to the workspace", () => {
    const out = synthWorkspaceScope(
      (scope, provider) => new PersonaGroups(scope, "identity", { provider, names, cicdServicePrincipal: "dev-cicd", workspaceId: 42 }),
    );
    expect(
      resourcesOf(out, "databricks_group")
        .map((g) => g.display_name)
        .sort(),
    ).toEqual(["dev-admins", "dev-an", "dev-au", "dev-de", "dev-ds"]);
    expect(resourcesOf(out, "databricks_service_principal")[0].display_name).toBe("dev-cicd");
    const assignments = resourcesOf(out, "databricks_mws_permission_assignment");
    expect(assignments).toHaveLength(6);
    expect(assignments.every((a) => a.workspace_id === 42)).toBe(true);
    const admin = assignments.filter((a) => a.permissions[0] === "ADMIN").map((a) => a.principal_id);
    expect(admin).toHaveLength(2);
    expect(admin.join(" ")).toMatch(/groups_admins|identity_admins/);
    expect(admin.join(" ")).toMatch(/service_principal/);
    expect(out).toHaveResourceWithProperties(MwsPermissionAssignment, { permissions: ["USER"] });
  });

  it("skips workspace assignment when no workspace is given", () => {
    const out = synthWorkspaceScope(
      (scope, provider) => new PersonaGroups(scope, "identity", { provider, names, cicdServicePrincipal: "dev-cicd" }),
    );
    expect(resourcesOf(out, "databricks_mws_permission_assignment")).toHaveLength(0);
  });
});

describe("PersonaEntitlements", () => {
  it("looks the account groups up in the workspace and gives only admins unrestricted compute creation", () => {
    const out = synthWorkspaceScope(
      (scope, provider) =>
        new PersonaEntitlements(scope, "groups", {
          provider,
          names: { admins: "a", dataEngineers: "de", dataScientists: "ds", analysts: "an", auditors: "au" },
        }),
    );
    expect(
      dataSourcesOf(out, "databricks_group")
        .map((g) => g.display_name)
        .sort(),
    ).toEqual(["a", "an", "au", "de", "ds"]);
    const entitlements = resourcesOf(out, "databricks_entitlements");
    expect(entitlements).toHaveLength(5);
    expect(entitlements.filter((e) => e.allow_cluster_create === true)).toHaveLength(1);
    expect(entitlements.filter((e) => e.allow_cluster_create === true)[0].group_id).toMatch(/admins-group/);
  });
});

describe("WorkspaceHardening", () => {
  const props = {
    environment: "dev",
    ipAccessList: ["203.0.113.0/24"],
    deployerIpRanges: ["192.0.2.0/28"],
    maxTokenLifetimeDays: 30,
    allowResultsDownload: false,
    allowNotebookExport: false,
    disableLegacyFeatures: true,
  };

  it("turns IP access lists on after the allow list exists, caps tokens and switches off risky features", () => {
    const out = synthWorkspaceScope((scope, provider) =>
      new WorkspaceHardening(scope, "h", { provider, ...props }).grantTokenUse(engineers),
    );
    expect(out).toHaveResourceWithProperties(IpAccessList, {
      list_type: "ALLOW",
      ip_addresses: ["203.0.113.0/24"],
      label: "dev-allowed-networks",
    });
    expect(out).toHaveResourceWithProperties(WorkspaceConf, {
      custom_config: expect.objectContaining({
        enableIpAccessLists: "true",
        maxTokenLifetimeDays: "30",
        enableDbfsFileBrowser: "false",
        enableResultsDownloading: "false",
        enableExportNotebook: "false",
        enableVerboseAuditLogs: "true",
      }),
    });
    expect(resourcesOf(out, "databricks_workspace_conf")[0].depends_on[0]).toMatch(/^databricks_ip_access_list\./);
    expect(resourcesOf(out, "databricks_disable_legacy_access_setting")[0].disable_legacy_access).toEqual({ value: true });
    expect(resourcesOf(out, "databricks_disable_legacy_dbfs_setting")[0].disable_legacy_dbfs).toEqual({ value: true });
    const [tokens] = resourcesOf(out, "databricks_permissions");
    expect(tokens).toMatchObject({
      authorization: "tokens",
      access_control: [{ group_name: "data-engineers", permission_level: "CAN_USE" }],
    });
  });

  it("keeps legacy DBFS on, and only that, where the environment keeps mounts", () => {
    const out = synthWorkspaceScope((scope, provider) => new WorkspaceHardening(scope, "h", { provider, ...props, keepDbfsMounts: true }));
    expect(resourcesOf(out, "databricks_disable_legacy_access_setting")).toHaveLength(1);
    expect(resourcesOf(out, "databricks_disable_legacy_dbfs_setting")).toHaveLength(0);
  });

  it("leaves legacy settings alone and allows downloads when the team chooses", () => {
    const out = synthWorkspaceScope(
      (scope, provider) =>
        new WorkspaceHardening(scope, "h", { provider, ...props, allowResultsDownload: true, disableLegacyFeatures: false }),
    );
    expect(resourcesOf(out, "databricks_workspace_conf")[0].custom_config.enableResultsDownloading).toBe("true");
    expect(resourcesOf(out, "databricks_disable_legacy_access_setting")).toHaveLength(0);
  });
});

describe("principals", () => {
  it("refuse a service principal known only at apply time unless it has a label, so construct ids stay stable", () => {
    const late = Token.asString({ resolve: () => "x" });
    expect(() => principalKey({ kind: "service-principal", applicationId: late })).toThrow("needs a label");
    expect(principalKey({ kind: "service-principal", applicationId: late, label: "cicd" })).toBe("sp:cicd");
    expect(principalKey({ kind: "service-principal", applicationId: "0000-1111" })).toBe("sp:0000-1111");
  });
});

describe("WorkspaceEnrollment", () => {
  it("assigns the metastore first, then the identities", () => {
    const out = synthWorkspaceScope(
      (scope, provider) =>
        new WorkspaceEnrollment(scope, "enroll", {
          provider,
          workspaceId: 7,
          metastoreId: "ms-1",
          groups: { admins: "a", dataEngineers: "de", dataScientists: "ds", analysts: "an", auditors: "au" },
          cicdServicePrincipal: "ci",
        }),
    );
    expect(resourcesOf(out, "databricks_metastore_assignment")[0]).toMatchObject({ metastore_id: "ms-1", workspace_id: 7 });
    const assignments = resourcesOf(out, "databricks_mws_permission_assignment");
    expect(assignments).toHaveLength(6);
    expect(assignments.every((a) => a.depends_on?.[0]?.startsWith("databricks_metastore_assignment."))).toBe(true);
  });
});

describe("ServerlessEgress", () => {
  const synth = (dryRun: boolean) =>
    Testing.synthScope((scope) => {
      const provider = new DatabricksProvider(scope, "account", {
        alias: "account",
        host: "https://accounts.azuredatabricks.net",
        accountId: "acc",
      });
      new ServerlessEgress(scope, "egress", {
        provider,
        name: "qa",
        workspaceId: 42,
        networkConnectivityConfigId: "ncc-1",
        allowedDomains: [],
        storageDestinations: [
          { cloud: "azure", storageAccountName: "stqa", service: "dfs" },
          { cloud: "aws", bucketName: "qa-lakehouse", region: "eu-west-1" },
        ],
        dryRun,
      });
      new NccStorageEndpoints(scope, "endpoints", {
        provider,
        networkConnectivityConfigId: "ncc-1",
        storageAccountId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stqa",
      });
    });

  it("binds the workspace, restricts egress to the listed storage and assigns the policy to the workspace", () => {
    const out = synth(false);
    expect(resourcesOf(out, "databricks_mws_ncc_binding")[0]).toMatchObject({
      network_connectivity_config_id: "ncc-1",
      workspace_id: 42,
      provider: "databricks.account",
    });
    const [policy] = resourcesOf(out, "databricks_account_network_policy");
    expect(policy.network_policy_id).toBe("qa-egress");
    expect(policy.egress.network_access).toMatchObject({
      restriction_mode: "RESTRICTED_ACCESS",
      allowed_internet_destinations: [],
      allowed_storage_destinations: [
        { storage_destination_type: "AZURE_STORAGE", azure_storage_account: "stqa", azure_storage_service: "dfs" },
        { storage_destination_type: "AWS_S3", bucket_name: "qa-lakehouse", region: "eu-west-1" },
      ],
      policy_enforcement: { enforcement_mode: "ENFORCED" },
    });
    expect(resourcesOf(out, "databricks_workspace_network_option")[0]).toMatchObject({ workspace_id: 42, provider: "databricks.account" });
    const rules = resourcesOf(out, "databricks_mws_ncc_private_endpoint_rule");
    expect(rules.map((r) => [r.group_id, r.resource_id.split("/").pop(), r.network_connectivity_config_id]).sort()).toEqual([
      ["blob", "stqa", "ncc-1"],
      ["dfs", "stqa", "ncc-1"],
    ]);
  });

  it("only logs what it would block in a dry run", () => {
    expect(resourcesOf(synth(true), "databricks_account_network_policy")[0].egress.network_access.policy_enforcement).toEqual({
      enforcement_mode: "DRY_RUN",
    });
  });
});

describe("regionalConnectivityConfigId", () => {
  it("gives the shared stack's NCC id, and names the environment and the fix when there is none", () => {
    expect(regionalConnectivityConfigId("prod", { networkConnectivityConfigId: "${ncc-id}" })).toBe("${ncc-id}");
    expect(() => regionalConnectivityConfigId("prod", {})).toThrow(
      /^prod: security.serverlessEgress is on but the region's shared stack has no network connectivity configuration\. Fix: /,
    );
  });
});
