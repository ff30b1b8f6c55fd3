import { DatabricksAccessConnector } from "@cdktn/provider-azurerm/lib/databricks-access-connector";
import { MonitorDiagnosticSetting } from "@cdktn/provider-azurerm/lib/monitor-diagnostic-setting";
import type { PrivateEndpoint } from "@cdktn/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktn/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktn/provider-azurerm/lib/storage-account";
import { StorageAccountCustomerManagedKeyA } from "@cdktn/provider-azurerm/lib/storage-account-customer-managed-key";
import { StorageContainer } from "@cdktn/provider-azurerm/lib/storage-container";
import { Construct } from "constructs";
import { type LakehouseStorage, ZONES, type Zone } from "../lakehouse-storage";
import { PropagationWait } from "../propagation-wait";
import type { PrivateLink } from "./private-link";
import type { WorkspaceKeyVault } from "./workspace-key-vault";

export interface LakehouseStorageAccountProps {
  readonly name: string;
  readonly storageAccountName: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly deletionProtection: boolean;
  /** Subnets allowed through the storage firewall (the workspace's host and container subnets). */
  readonly allowedSubnetIds: string[];
  /** Networks of the people and pipelines that deploy, admitted while the account is public (ignored with `privateLink`). */
  readonly allowedIpRanges: string[];
  /** The vault whose "lakehouse-storage" key encrypts the account (customer-managed key). */
  readonly keys: WorkspaceKeyVault;
  /**
   * With it, the account is reached through private endpoints (dfs and blob) only: public network
   * access off, no IP or subnet rules, no trusted-service bypass. Serverless compute then needs the
   * region's network connectivity configuration with endpoint rules to this account.
   */
  readonly privateLink?: PrivateLink;
  readonly tags: Record<string, string>;
}

/** Storage log categories of every data access: reads, writes and deletes (Azure Monitor "Azure Blob Storage monitoring data reference"). */
export const DATA_ACCESS_LOG_CATEGORIES = ["StorageRead", "StorageWrite", "StorageDelete"];

/**
 * The environment's ADLS Gen2 account: hierarchical namespace, TLS 1.2, a customer-managed key and infrastructure encryption,
 * no shared keys, no public blobs, a firewall that admits only the workspace subnets and the access
 * connector (or, with `privateLink`, private endpoints only), soft delete, and one container per zone.
 * Unity Catalog reaches it through an access connector (managed identity) whose only role is on this
 * account. `logDataAccess` sends every read, write and delete to Log Analytics.
 */
export class LakehouseStorageAccount extends Construct {
  readonly account: StorageAccount;
  readonly containers: Record<Zone, StorageContainer>;
  readonly accessConnector: DatabricksAccessConnector;
  /** Over once the access connector may read and write the account; carries the connector id for Unity Catalog. */
  readonly connectorCanUseStorage: PropagationWait;
  /** The account's private endpoints (dfs, blob), when it has them. */
  readonly privateEndpoints: PrivateEndpoint[] = [];

  constructor(scope: Construct, id: string, props: LakehouseStorageAccountProps) {
    super(scope, id);
    this.accessConnector = new DatabricksAccessConnector(this, "access-connector", {
      name: `dbac-${props.name}`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      identity: { type: "SystemAssigned" },
      tags: props.tags,
    });
    this.account = new StorageAccount(this, "account", {
      name: props.storageAccountName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      accountTier: "Standard",
      accountKind: "StorageV2",
      accountReplicationType: props.deletionProtection ? "ZRS" : "LRS",
      isHnsEnabled: true,
      minTlsVersion: "TLS1_2",
      httpsTrafficOnlyEnabled: true,
      infrastructureEncryptionEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      localUserEnabled: false,
      sftpEnabled: false,
      identity: { type: "SystemAssigned" },
      defaultToOauthAuthentication: true,
      crossTenantReplicationEnabled: false,
      publicNetworkAccessEnabled: props.privateLink === undefined,
      // Private: the rules below no longer admit anything, and nothing needs the trusted-service bypass
      // (the account reaches its key itself; classic and serverless compute come through endpoints).
      networkRules:
        props.privateLink === undefined
          ? {
              defaultAction: "Deny",
              bypass: ["AzureServices"],
              virtualNetworkSubnetIds: props.allowedSubnetIds,
              ipRules: props.allowedIpRanges,
              privateLinkAccess: [{ endpointResourceId: this.accessConnector.id }],
            }
          : { defaultAction: "Deny", bypass: ["None"], virtualNetworkSubnetIds: [], ipRules: [] },
      blobProperties: { deleteRetentionPolicy: { days: 14 }, containerDeleteRetentionPolicy: { days: 14 } },
      lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
      tags: props.tags,
    });
    if (props.privateLink) {
      // ADLS Gen2 needs both: dfs for the file system API, blob for the blob API some clients still use.
      this.privateEndpoints.push(
        props.privateLink.endpoint("dfs", this.account.id, "dfs"),
        props.privateLink.endpoint("blob", this.account.id, "blob"),
      );
    }
    this.containers = Object.fromEntries(
      ZONES.map((zone) => [
        zone,
        new StorageContainer(this, zone, { name: zone, storageAccountId: this.account.id, containerAccessType: "private" }),
      ]),
    ) as Record<Zone, StorageContainer>;
    // Data at rest is encrypted with the environment's own key, which the account's identity may only wrap.
    const wrap = props.keys.grantKeyWrapping("lakehouse-storage-wrap", this.account.identity.principalId);
    // The versionless key id: the account follows the key's rotations (azurerm 4.73 deprecates
    // key_vault_id with key_name in favour of key_vault_key_id).
    new StorageAccountCustomerManagedKeyA(this, "customer-managed-key", {
      storageAccountId: this.account.id,
      keyVaultKeyId: props.keys.keys["lakehouse-storage"].versionlessId,
      dependsOn: [wrap.wait],
    });
    const connectorAccess = new RoleAssignment(this, "connector-blob-contributor", {
      scope: this.account.id,
      roleDefinitionName: "Storage Blob Data Contributor",
      principalId: this.accessConnector.identity.principalId,
    });
    // Unity Catalog checks the credential's access when external locations are created (config stack).
    this.connectorCanUseStorage = new PropagationWait(this, "connector-blob-contributor-propagation", {
      kind: "azure-rbac",
      grants: [connectorAccess],
      carry: { access_connector_id: this.accessConnector.id },
    });
  }

  /**
   * Logs every data access (read, write, delete) to `logAnalyticsWorkspaceId`. Azure Monitor collects
   * storage logs per service; requests to the dfs endpoint (ADLS Gen2) are logged under the blob
   * service, so one setting on blobServices/default covers both endpoints.
   */
  logDataAccess(logAnalyticsWorkspaceId: string): MonitorDiagnosticSetting {
    return new MonitorDiagnosticSetting(this, "data-access-logs", {
      name: "lakehouse-data-access",
      targetResourceId: `${this.account.id}/blobServices/default`,
      logAnalyticsWorkspaceId,
      enabledLog: DATA_ACCESS_LOG_CATEGORIES.map((category) => ({ category })),
    });
  }

  storage(mount?: LakehouseStorage["mount"]): LakehouseStorage {
    const url = (zone: Zone) => `abfss://${zone}@${this.account.name}.dfs.core.windows.net/`;
    return {
      credential: { kind: "azure-managed-identity", accessConnectorId: this.connectorCanUseStorage.carried("access_connector_id") },
      urls: Object.fromEntries(ZONES.map((zone) => [zone, url(zone)])) as Record<Zone, string>,
      mount,
    };
  }
}
