import { DatabricksWorkspace } from "@cdktn/provider-azurerm/lib/databricks-workspace";
import { DatabricksWorkspaceRootDbfsCustomerManagedKey } from "@cdktn/provider-azurerm/lib/databricks-workspace-root-dbfs-customer-managed-key";
import { LogAnalyticsWorkspace } from "@cdktn/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktn/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";
import type { PrivateLink } from "./private-link";
import type { WorkspaceKeyVault } from "./workspace-key-vault";
import type { WorkspaceVnet } from "./workspace-vnet";

/**
 * Azure Private Link of the workspace (Azure Databricks "Enable Azure Private Link back-end and
 * front-end connections", simplified deployment: one databricks_ui_api endpoint in the workspace VNet
 * serves both). Back-end: clusters reach the control plane through the endpoint, and Databricks adds
 * no NSG rules of its own. Front-end: the workspace refuses public traffic, and a
 * browser_authentication endpoint carries single sign-on for the region's private workspaces.
 */
export interface WorkspacePrivateLink {
  readonly link: PrivateLink;
  readonly backEnd: boolean;
  readonly frontEnd: boolean;
}

export interface AzureDatabricksWorkspaceProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly network: WorkspaceVnet;
  readonly keys: WorkspaceKeyVault;
  readonly auditRetentionDays: number;
  /** Unset: public UI/API (limited by the IP access list) and Databricks-managed NSG rules. */
  readonly privateLink?: WorkspacePrivateLink;
  readonly tags: Record<string, string>;
}

/** Workspace log categories that make up the audit trail (who did what to which object). */
export const AUDIT_LOG_CATEGORIES = [
  "accounts",
  "clusters",
  "dbfs",
  "instancePools",
  "jobs",
  "notebook",
  "secrets",
  "sqlPermissions",
  "workspace",
  "unityCatalog",
  "repos",
  "iamRole",
  "mlflowExperiment",
  "modelRegistry",
  "gitCredentials",
  "globalInitScripts",
  "databrickssql",
];

/**
 * An Azure Databricks workspace on the premium SKU, injected into the VNet without public IPs,
 * with customer-managed keys for managed services, managed disks and the DBFS root, infrastructure
 * encryption, and its audit log categories sent to a Log Analytics workspace; with `privateLink`,
 * its back-end and front-end Private Link endpoints.
 */
export class AzureDatabricksWorkspace extends Construct {
  readonly workspace: DatabricksWorkspace;
  readonly logAnalytics: LogAnalyticsWorkspace;

  constructor(scope: Construct, id: string, props: AzureDatabricksWorkspaceProps) {
    super(scope, id);
    const { network, keys } = props;
    this.workspace = new DatabricksWorkspace(this, "workspace", {
      name: `dbw-${props.name}`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      managedResourceGroupName: `rg-${props.name}-databricks-managed`,
      sku: "premium",
      // Public: the UI and API are reachable only from the IP access list the workspace-config stack sets.
      publicNetworkAccessEnabled: !(props.privateLink?.frontEnd ?? false),
      // With the back-end endpoint, clusters need no Databricks-managed rule to reach the control plane.
      networkSecurityGroupRulesRequired: props.privateLink?.backEnd ? "NoAzureDatabricksRules" : "AllRules",
      customerManagedKeyEnabled: true,
      infrastructureEncryptionEnabled: true,
      managedServicesCmkKeyVaultKeyId: keys.keys["managed-services"].id,
      managedDiskCmkKeyVaultKeyId: keys.keys["managed-disks"].id,
      managedDiskCmkRotationToLatestVersionEnabled: true,
      customParameters: {
        noPublicIp: true,
        virtualNetworkId: network.vnet.id,
        publicSubnetName: network.hostSubnet.name,
        privateSubnetName: network.containerSubnet.name,
        publicSubnetNetworkSecurityGroupAssociationId: network.hostNsgAssociation.id,
        privateSubnetNetworkSecurityGroupAssociationId: network.containerNsgAssociation.id,
      },
      tags: props.tags,
      // The managed-services key is wrapped by the AzureDatabricks application from the first request.
      dependsOn: [keys.databricksCanWrapKeys.wait],
    });

    // The workspace's own identities may then use the keys: managed disks and the DBFS root account.
    keys.grantKeyWrapping("managed-disks-wrap", this.workspace.managedDiskIdentity.get(0).principalId);
    const dbfsAccess = keys.grantKeyWrapping("dbfs-root-wrap", this.workspace.storageAccountIdentity.get(0).principalId);
    new DatabricksWorkspaceRootDbfsCustomerManagedKey(this, "dbfs-root-key", {
      workspaceId: this.workspace.id,
      keyVaultKeyId: keys.keys["dbfs-root"].id,
      dependsOn: [dbfsAccess.wait],
    });

    const link = props.privateLink;
    if (link?.backEnd) link.link.endpoint("ui-api", this.workspace.id, "databricks_ui_api");
    // One per region and DNS zone is enough; Databricks advises a dedicated workspace for it where
    // several private workspaces share the zone (docs/private-connectivity.md).
    if (link?.frontEnd) link.link.endpoint("browser-auth", this.workspace.id, "browser_authentication");

    this.logAnalytics = new LogAnalyticsWorkspace(this, "logs", {
      name: `log-${props.name}`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      sku: "PerGB2018",
      retentionInDays: props.auditRetentionDays,
      tags: props.tags,
    });
    new MonitorDiagnosticSetting(this, "audit", {
      name: "databricks-audit",
      targetResourceId: this.workspace.id,
      logAnalyticsWorkspaceId: this.logAnalytics.id,
      enabledLog: AUDIT_LOG_CATEGORIES.map((category) => ({ category })),
    });
  }

  get url(): string {
    return `https://${this.workspace.workspaceUrl}`;
  }
}
