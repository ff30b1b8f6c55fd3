import { Construct } from "constructs";
import { TerraformOutput, TerraformStack, Token } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { AzureEnvironment } from "../config/schema";
import { costTags } from "../constructs/cost-tags";
import { WorkspaceVnet } from "../constructs/azure/workspace-vnet";
import { WorkspaceKeyVault } from "../constructs/azure/workspace-key-vault";
import { LakehouseStorageAccount } from "../constructs/azure/lakehouse-storage-account";
import { AzureDatabricksWorkspace } from "../constructs/azure/azure-databricks-workspace";
import { WorkspaceEnrollment } from "../constructs/databricks/account/workspace-enrollment";
import { CostControls } from "../constructs/databricks/account/cost-controls";
import { ACCOUNTS_HOST } from "./databricks-accounts";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { PropagationWait } from "../constructs/propagation-wait";
import { useStateBackend } from "./state-backend";
import type { MetastoreRef, WorkspaceHandoff } from "./workspace-handoff";

/**
 * Everything an Azure Databricks workspace stands on: resource group, VNet injection with NAT egress,
 * Key Vault with customer-managed keys, the ADLS Gen2 lakehouse account and its access connector, the
 * workspace with audit diagnostics, and at account level its metastore assignment and identities.
 * Credentials come from the environment: ARM_* (or OIDC) for azurerm, DATABRICKS_CLIENT_ID /
 * DATABRICKS_CLIENT_SECRET (OAuth machine-to-machine) for the account-level Databricks provider.
 */
export class AzureWorkspaceStack extends TerraformStack {
  readonly handoff: WorkspaceHandoff;

  constructor(scope: Construct, id: string, env: AzureEnvironment, metastore: MetastoreRef) {
    super(scope, id);
    useStateBackend(this, env.state);
    const name = `${env.name}-lakehouse`;
    const tags = costTags(env.tags, env.name);
    const { azure } = env;

    new AzurermProvider(this, "azurerm", {
      subscriptionId: azure.subscriptionId,
      tenantId: azure.tenantId,
      // Shared keys are off on the storage account, so data-plane calls use Entra ID.
      storageUseAzuread: true,
      features: [{ keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }], resourceGroup: [{ preventDeletionIfContainsResources: true }] }],
    });
    const account = new DatabricksProvider(this, "databricks-account", { alias: "account", host: ACCOUNTS_HOST.azure, accountId: env.databricks.accountId });
    new TimeProvider(this, "time");

    const group = new ResourceGroup(this, "resource-group", { name: `rg-${name}`, location: azure.location, tags });
    const common = { name, location: azure.location, resourceGroupName: group.name, tags };

    const network = new WorkspaceVnet(this, "network", { ...common, vnetCidr: azure.network.vnetCidr, subnetNewBits: azure.network.subnetNewBits });
    const subnetIds = [network.hostSubnet.id, network.containerSubnet.id];
    // The people's networks and the deploy pipeline's: keys and containers are created over the data plane.
    const firewallRanges = [...env.security.ipAccessList, ...env.security.deployerIpRanges];
    const keys = new WorkspaceKeyVault(this, "keys", {
      ...common,
      name: azure.keyVaultName,
      tenantId: azure.tenantId,
      deletionProtection: env.deletionProtection,
      databricksEnterpriseAppObjectId: azure.databricksEnterpriseAppObjectId,
      allowedSubnetIds: subnetIds,
      allowedIpRanges: firewallRanges,
    });
    // The Key Vault-backed secret scope reads pipeline secrets through the AzureDatabricks application.
    const secretsRead = new RoleAssignment(this, "databricks-reads-secrets", { scope: keys.vault.id, roleDefinitionName: "Key Vault Secrets User", principalId: azure.databricksEnterpriseAppObjectId });
    const secretsReadable = new PropagationWait(this, "databricks-reads-secrets-propagation", {
      kind: "azure-rbac",
      grants: [secretsRead],
      carry: { vault_id: keys.vault.id, vault_uri: keys.vault.vaultUri },
    });

    const storage = new LakehouseStorageAccount(this, "lakehouse-storage", {
      ...common,
      storageAccountName: azure.storageAccountName,
      deletionProtection: env.deletionProtection,
      allowedSubnetIds: subnetIds,
      allowedIpRanges: firewallRanges,
      keys,
    });
    let mountStorageAccount: string = storage.account.name;
    if (env.mounts.enabled && env.mounts.servicePrincipalObjectId) {
      // The legacy mount reads the landing container only, as its own service principal.
      const mountAccess = new RoleAssignment(this, "mount-reads-landing", {
        // With storage_account_id the container's id is its Resource Manager id (resource_manager_id is deprecated).
        scope: storage.containers.landing.id,
        roleDefinitionName: "Storage Blob Data Reader",
        principalId: env.mounts.servicePrincipalObjectId,
      });
      mountStorageAccount = new PropagationWait(this, "mount-reads-landing-propagation", { kind: "azure-rbac", grants: [mountAccess], carry: { storage_account: storage.account.name } }).carried("storage_account");
    }
    const workspace = new AzureDatabricksWorkspace(this, "workspace", { ...common, network, keys, auditRetentionDays: env.deletionProtection ? 365 : 90 });

    // azurerm exposes the numeric workspace id as a string.
    const workspaceId = Token.asNumber(workspace.workspace.workspaceId);
    new WorkspaceEnrollment(this, "enrollment", { provider: account, workspaceId, metastoreId: metastore.id, metastoreAdminGroupId: metastore.adminGroupId, groups: env.groups, cicdServicePrincipal: env.cicdServicePrincipal });
    new CostControls(this, "cost-controls", { provider: account, environment: env.name, tags, workspaceId, ...env.costs });

    this.handoff = {
      host: workspace.url,
      workspaceId,
      storage: storage.storage(env.mounts.enabled ? { kind: "abfs", storageAccountName: mountStorageAccount, container: "landing", tenantId: azure.tenantId } : undefined),
      // Carried past the role's propagation: the config stack creates the scope in another apply.
      secretVault: { resourceId: secretsReadable.carried("vault_id"), dnsName: secretsReadable.carried("vault_uri") },
    };
    new TerraformOutput(this, "workspace_id", { value: workspaceId, description: "Numeric id of the Databricks workspace" });
    new TerraformOutput(this, "workspace_url", { value: workspace.url, description: "URL of the Databricks workspace" });
  }
}
