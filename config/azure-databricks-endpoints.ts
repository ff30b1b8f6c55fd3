// The Azure Databricks endpoints classic compute must reach from a VNet whose internet traffic goes
// through a firewall, per region. Source: Microsoft Learn, Azure Databricks "IP addresses and domains
// for Azure Databricks services and assets" (https://learn.microsoft.com/azure/databricks/resources/ip-domain-region),
// tables "SCC relay" and "Metastore, artifact Blob storage, system tables storage, log Blob storage, and
// Event Hubs endpoint", which "User-defined route settings for Azure Databricks"
// (https://learn.microsoft.com/azure/databricks/security/network/classic/udr) points to; transcribed
// December 2026. Microsoft changes these lists: check them against the page before a firewall goes
// live, and after a workspace reports an unreachable endpoint. A region missing here is refused by
// config (azure.network.egress.mode "firewall") until its row is added.
//
// The control plane and web application are allowed by the AzureDatabricks service tag (a network
// rule), which Microsoft keeps current; the legacy Hive metastore (3306) is not listed, as the
// blueprint turns legacy features off (security.disableLegacyFeatures).

/** What one region's clusters reach beyond the control plane, as host names (application rules on 443). */
export interface AzureDatabricksEndpoints {
  /** Secure cluster connectivity relay. */
  readonly sccRelay: readonly string[];
  /** Artifact Blob storage (Databricks Runtime images and libraries), primary and secondary. */
  readonly artifactStorage: readonly string[];
  /** Log Blob storage (cluster logs Databricks collects). */
  readonly logStorage: readonly string[];
  /** System tables storage. */
  readonly systemTablesStorage: readonly string[];
  /** Event Hubs endpoint (usage and telemetry), reached over TCP 9093 (Kafka), which application rules cannot filter. */
  readonly eventHub: readonly string[];
  /** The regional Event Hubs service tag a network rule allows on 9093 in their place. */
  readonly eventHubServiceTag: string;
}

export const AZURE_DATABRICKS_ENDPOINTS: Readonly<Record<string, AzureDatabricksEndpoints>> = {
  westeurope: {
    sccRelay: ["tunnel.westeurope.azuredatabricks.net", "tunnel.westeuropec2.azuredatabricks.net"],
    artifactStorage: ["dbartifactsprodwesteu.blob.core.windows.net", "dbartifactsprodnortheu.blob.core.windows.net"],
    logStorage: ["dblogprodwesteurope.blob.core.windows.net"],
    systemTablesStorage: ["ucstprdwesteu.dfs.core.windows.net"],
    eventHub: [
      "prod-westeurope-observabilityeventhubs.servicebus.windows.net",
      "prod-westeuc2-observabilityeventhubs.servicebus.windows.net",
    ],
    eventHubServiceTag: "EventHub.WestEurope",
  },
  northeurope: {
    sccRelay: ["tunnel.westeurope.azuredatabricks.net", "tunnel.northeuropec2.azuredatabricks.net"],
    artifactStorage: ["dbartifactsprodnortheu.blob.core.windows.net", "dbartifactsprodwesteu.blob.core.windows.net"],
    logStorage: ["dblogprodwesteurope.blob.core.windows.net"],
    systemTablesStorage: [],
    eventHub: ["prod-westeurope-observabilityeventhubs.servicebus.windows.net"],
    eventHubServiceTag: "EventHub.WestEurope",
  },
  uaenorth: {
    sccRelay: ["tunnel.uaenorth.azuredatabricks.net"],
    artifactStorage: ["dbartifactsproduaenorth.blob.core.windows.net", "dbartifactsprodsafrican.blob.core.windows.net"],
    logStorage: ["dblogproduaenorth.blob.core.windows.net"],
    systemTablesStorage: [],
    eventHub: ["prod-uaenorth-observabilityeventhubs.servicebus.windows.net"],
    eventHubServiceTag: "EventHub.UAENorth",
  },
};

/** The endpoints of `region`, or undefined where the table has no row. */
export function azureDatabricksEndpoints(region: string): AzureDatabricksEndpoints | undefined {
  return Object.hasOwn(AZURE_DATABRICKS_ENDPOINTS, region) ? AZURE_DATABRICKS_ENDPOINTS[region] : undefined;
}

/** The service tag of the Azure Databricks control plane and web application (global; Microsoft keeps it current). */
export const AZURE_DATABRICKS_SERVICE_TAG = "AzureDatabricks";
