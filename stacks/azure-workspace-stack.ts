import { DataAzurermUserAssignedIdentity } from "@cdktn/provider-azurerm/lib/data-azurerm-user-assigned-identity";
import { AzurermProvider } from "@cdktn/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktn/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktn/provider-azurerm/lib/role-assignment";
import { DatabricksProvider } from "@cdktn/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack, Token } from "cdktn";
import type { Construct } from "constructs";
import type { AzureEnvironment } from "../config/schema";
import { AzureDatabricksWorkspace } from "../constructs/azure/azure-databricks-workspace";
import { SpokeEgress } from "../constructs/azure/egress/spoke-egress";
import { CI_RESOURCE_GROUP, cicdIdentityName } from "../constructs/azure/github-identity";
import { LakehouseStorageAccount } from "../constructs/azure/lakehouse-storage-account";
import { PrivateLink } from "../constructs/azure/private-link";
import { WorkspaceKeyVault } from "../constructs/azure/workspace-key-vault";
import { WorkspaceVnet } from "../constructs/azure/workspace-vnet";
import { costTags } from "../constructs/cost-tags";
import { CostControls } from "../constructs/databricks/account/cost-controls";
import { WorkspaceEnrollment } from "../constructs/databricks/account/workspace-enrollment";
import { PropagationWait } from "../constructs/propagation-wait";
import { TimeProvider } from "../constructs/time/time-provider";
import { azureServerlessAccess } from "./azure-serverless-access";
import { ACCOUNTS_HOST } from "./databricks-accounts";
import { type EgressHub, spokeSubnetCidrs } from "./egress-hubs";
import type { MetastoreRef } from "./metastore-ref";
import { useStateBackend } from "./state-backend";
import type { WorkspaceHandoff } from "./workspace-handoff";

/**
 * Everything an Azure Databricks workspace stands on: resource group, VNet injection with NAT egress,
 * Key Vault with customer-managed keys, the ADLS Gen2 lakehouse account and its access connector, the
 * workspace with audit diagnostics, and at account level its metastore assignment and identities.
 * As azure.network.privateConnectivity asks: Private Link for the workspace (back-end, front-end) and
 * private endpoints for the storage account and the vault, with their private DNS zones; as
 * azure.network.egress asks: the spoke side of the region's egress hub (peerings, the route through its
 * firewall, the allowed domains); as security.serverlessEgress asks: the binding to the region's NCC, endpoint rules to the lakehouse
 * storage and a restricted network policy (./azure-serverless-access.ts; a reader of prod's private
 * storage is bound to the NCC even without it).
 * Credentials come from the environment: ARM_* (or OIDC) for azurerm; for the account-level
 * Databricks provider the deployer's workload identity federation in CI (github-oidc) or any
 * Databricks login of an account admin. The environment's CI/CD principal is the Entra managed
 * identity the bootstrap stack made for it (rg-lakehouse-ci/id-ENV-cicd), since only an Entra ID
 * caller may create the Key Vault-backed secret scope the config stack holds.
 */
export class AzureWorkspaceStack extends TerraformStack {
  readonly handoff: WorkspaceHandoff;

  /**
   * `hub`: the region's egress hub, for an environment in egress mode "firewall" (./egress-hubs.ts).
   * `prodStorage`: the prod environment whose private storage this one's developers read
   * (./estate-stacks.ts, privateProdStorageReadBy): the VNet gets the endpoint subnet the data-path
   * stack puts its endpoints in, and the workspace the binding to the NCC whose rules reach that storage.
   */
  constructor(
    scope: Construct,
    id: string,
    env: AzureEnvironment,
    metastore: MetastoreRef,
    hub?: EgressHub,
    prodStorage?: AzureEnvironment,
  ) {
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
      features: [
        {
          keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
          resourceGroup: [{ preventDeletionIfContainsResources: true }],
          // The account sets no queue or static website properties and containers go through Resource
          // Manager, so no storage call needs the data plane, which a private account closes.
          storage: [{ dataPlaneAvailable: false }],
        },
      ],
    });
    const account = new DatabricksProvider(this, "databricks-account", {
      alias: "account",
      host: ACCOUNTS_HOST.azure,
      accountId: env.databricks.accountId,
    });
    new TimeProvider(this, "time");

    const group = new ResourceGroup(this, "resource-group", { name: `rg-${name}`, location: azure.location, tags });
    const common = { name, location: azure.location, resourceGroupName: group.name, tags };

    const { privateConnectivity: privately } = azure.network;
    const anyEndpoint = privately.backEnd || privately.frontEnd || privately.storageAndKeyVault;
    const network = new WorkspaceVnet(this, "network", {
      ...common,
      vnetCidr: azure.network.vnetCidr,
      subnetNewBits: azure.network.subnetNewBits,
      endpointSubnetCidr: anyEndpoint || prodStorage ? privately.endpointSubnetCidr : undefined,
      natGateway: hub === undefined,
    });
    const subnetIds = [network.hostSubnet.id, network.containerSubnet.id];
    if (hub) {
      new SpokeEgress(this, "egress", {
        ...common,
        vnet: network.vnet,
        subnets: [network.hostSubnet, network.containerSubnet],
        subnetCidrs: spokeSubnetCidrs(azure.network.vnetCidr, azure.network.subnetNewBits),
        hub: hub.props,
        allowedDomains: azure.network.egress.allowedDomains,
        priority: hub.priority,
      });
    }
    // Config validation guarantees the endpoint subnet whenever an endpoint is asked for.
    const privateLink =
      network.endpointSubnet && anyEndpoint
        ? new PrivateLink(this, "private-link", {
            ...common,
            subnetId: network.endpointSubnet.id,
            linkedVnetIds: [network.vnet.id, ...privately.dnsLinkedVnetIds],
          })
        : undefined;
    const dataPrivateLink = privately.storageAndKeyVault ? privateLink : undefined;
    // Public mode only: the people's networks and the deploy pipeline's (keys are created over the vault's data plane).
    const firewallRanges = [...env.security.ipAccessList, ...env.security.deployerIpRanges];
    const keys = new WorkspaceKeyVault(this, "keys", {
      ...common,
      name: azure.keyVaultName,
      tenantId: azure.tenantId,
      deletionProtection: env.deletionProtection,
      databricksEnterpriseAppObjectId: azure.databricksEnterpriseAppObjectId,
      allowedSubnetIds: subnetIds,
      allowedIpRanges: firewallRanges,
      privateLink: dataPrivateLink,
    });
    // The Key Vault-backed secret scope reads pipeline secrets through the AzureDatabricks application.
    const secretsRead = new RoleAssignment(this, "databricks-reads-secrets", {
      scope: keys.vault.id,
      roleDefinitionName: "Key Vault Secrets User",
      principalId: azure.databricksEnterpriseAppObjectId,
    });
    // The CI/CD identity creates that scope from the config stack: Azure Databricks asks the creator
    // for Key Vault Contributor on the vault (management plane only; "Secret scopes", create an Azure
    // Key Vault-backed secret scope).
    const cicd = new DataAzurermUserAssignedIdentity(this, "cicd-identity", {
      name: cicdIdentityName(env.name),
      resourceGroupName: CI_RESOURCE_GROUP,
    });
    const scopeCreatable = new RoleAssignment(this, "cicd-creates-secret-scope", {
      scope: keys.vault.id,
      roleDefinitionName: "Key Vault Contributor",
      principalId: cicd.principalId,
      principalType: "ServicePrincipal",
    });
    const secretsReadable = new PropagationWait(this, "databricks-reads-secrets-propagation", {
      kind: "azure-rbac",
      grants: [secretsRead, scopeCreatable],
      carry: { vault_id: keys.vault.id, vault_uri: keys.vault.vaultUri },
    });

    const storage = new LakehouseStorageAccount(this, "lakehouse-storage", {
      ...common,
      storageAccountName: azure.storageAccountName,
      deletionProtection: env.deletionProtection,
      allowedSubnetIds: subnetIds,
      allowedIpRanges: firewallRanges,
      keys,
      privateLink: dataPrivateLink,
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
      mountStorageAccount = new PropagationWait(this, "mount-reads-landing-propagation", {
        kind: "azure-rbac",
        grants: [mountAccess],
        carry: { storage_account: storage.account.name },
      }).carried("storage_account");
    }
    const workspace = new AzureDatabricksWorkspace(this, "workspace", {
      ...common,
      network,
      keys,
      auditRetentionDays: env.deletionProtection ? 365 : 90,
      privateLink:
        privateLink && (privately.backEnd || privately.frontEnd)
          ? { link: privateLink, backEnd: privately.backEnd, frontEnd: privately.frontEnd }
          : undefined,
    });
    storage.logDataAccess(workspace.logAnalytics.id);

    // azurerm exposes the numeric workspace id as a string.
    const workspaceId = Token.asNumber(workspace.workspace.workspaceId);
    const enrollment = new WorkspaceEnrollment(this, "enrollment", {
      provider: account,
      workspaceId,
      metastoreId: metastore.id,
      metastoreAdminGroupId: metastore.adminGroupId,
      groups: env.groups,
      cicdServicePrincipal: env.cicdServicePrincipal,
      piiReadersGroup: env.stage === "prod" ? env.piiReadersGroup : undefined,
      cicdApplicationId: cicd.clientId,
    });
    const costs = new CostControls(this, "cost-controls", { provider: account, environment: env.name, tags, workspaceId, ...env.costs });

    azureServerlessAccess(this, {
      provider: account,
      env,
      metastore,
      workspaceId,
      storageAccount: { id: storage.account.id, name: storage.account.name },
      prodStorage,
    });

    this.handoff = {
      host: workspace.url,
      serverlessBudgetPolicyId: costs.policy.policyId,
      workspaceId,
      storage: storage.storage(
        env.mounts.enabled
          ? { kind: "abfs", storageAccountName: mountStorageAccount, container: "landing", tenantId: azure.tenantId }
          : undefined,
      ),
      // Carried past the role's propagation: the config stack creates the scope in another apply.
      secretVault: { resourceId: secretsReadable.carried("vault_id"), dnsName: secretsReadable.carried("vault_uri") },
    };
    new TerraformOutput(this, "workspace_id", { value: workspaceId, description: "Numeric id of the Databricks workspace" });
    new TerraformOutput(this, "workspace_url", { value: workspace.url, description: "URL of the Databricks workspace" });
    new TerraformOutput(this, "cicd_application_id", {
      value: enrollment.identities.cicd.applicationId,
      description: "Client id CI signs in with to apply the workspace-config stack (ARM_CLIENT_ID, github-oidc-azure)",
    });
  }
}
