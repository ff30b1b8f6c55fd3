import { LogAnalyticsWorkspace } from "@cdktn/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktn/provider-azurerm/lib/monitor-diagnostic-setting";
import { ResourceGroup } from "@cdktn/provider-azurerm/lib/resource-group";
import { StorageAccount } from "@cdktn/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktn/provider-azurerm/lib/storage-container";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { DATA_ACCESS_LOG_CATEGORIES } from "./lakehouse-storage-account";

/** An Azure state store as config names it (state.backend "azurerm"). */
export interface AzureStateStore {
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
}

export interface TerraformStateStorageProps {
  readonly provider: TerraformProvider;
  readonly store: AzureStateStore;
  readonly location: string;
  /** The deploy runners' egress ranges (security.deployerIpRanges of the environments keeping state here). */
  readonly allowedIpRanges: readonly string[];
  readonly tags: Record<string, string>;
}

/**
 * The storage account and container that keep the Terraform state config names, as the azurerm
 * backend uses them with Entra ID (`use_azuread_auth`, blob leases for locking: OpenTofu/Terraform
 * docs, azurerm backend): no shared keys, TLS 1.2, infrastructure encryption, blob versioning and
 * soft delete (a state version can be restored), no public blobs, and a firewall that admits only
 * the deploy runners. Never destroyed by Terraform. Pipelines get Storage Blob Data Contributor on the
 * container only, the role the backend documents. Every read, write and delete of state (which holds
 * secrets and every resource id) is logged: a diagnostic setting on the blob service sends StorageRead,
 * StorageWrite and StorageDelete to a Log Analytics workspace beside the account, "log-<account>",
 * kept 365 days (as prod keeps its workspace's logs) and never destroyed by Terraform either (Azure
 * Monitor docs, "Monitor Azure Blob Storage": resource logs need a diagnostic setting per service).
 */
export class TerraformStateStorage extends Construct {
  readonly account: StorageAccount;
  readonly container: StorageContainer;
  readonly logs: LogAnalyticsWorkspace;

  constructor(scope: Construct, id: string, props: TerraformStateStorageProps) {
    super(scope, id);
    const { provider, store, tags } = props;
    const group = new ResourceGroup(this, "resource-group", {
      provider,
      name: store.resourceGroupName,
      location: props.location,
      tags,
      lifecycle: { preventDestroy: true },
    });
    this.account = new StorageAccount(this, "account", {
      provider,
      name: store.storageAccountName,
      resourceGroupName: group.name,
      location: props.location,
      accountTier: "Standard",
      accountKind: "StorageV2",
      accountReplicationType: "ZRS",
      minTlsVersion: "TLS1_2",
      httpsTrafficOnlyEnabled: true,
      infrastructureEncryptionEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      crossTenantReplicationEnabled: false,
      networkRules: { defaultAction: "Deny", bypass: ["AzureServices"], ipRules: [...props.allowedIpRanges] },
      blobProperties: { versioningEnabled: true, deleteRetentionPolicy: { days: 30 }, containerDeleteRetentionPolicy: { days: 30 } },
      lifecycle: { preventDestroy: true },
      tags,
    });
    this.container = new StorageContainer(this, "container", {
      provider,
      name: store.containerName,
      storageAccountId: this.account.id,
      containerAccessType: "private",
    });
    this.logs = new LogAnalyticsWorkspace(this, "logs", {
      provider,
      name: `log-${store.storageAccountName}`,
      location: props.location,
      resourceGroupName: group.name,
      sku: "PerGB2018",
      retentionInDays: 365,
      lifecycle: { preventDestroy: true },
      tags,
    });
    new MonitorDiagnosticSetting(this, "data-access-logs", {
      provider,
      name: "terraform-state-access",
      targetResourceId: `${this.account.id}/blobServices/default`,
      logAnalyticsWorkspaceId: this.logs.id,
      enabledLog: DATA_ACCESS_LOG_CATEGORIES.map((category) => ({ category })),
    });
  }
}
