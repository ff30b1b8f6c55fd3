/** The storage zones of the lakehouse: raw files land, then bronze/silver/gold Delta, plus stream checkpoints. */
export const ZONES = ["landing", "bronze", "silver", "gold", "checkpoints"] as const;
export type Zone = (typeof ZONES)[number];

/**
 * What a workspace stack hands the workspace-config stack so Unity Catalog (and, for teams that
 * still use them, mounts) can reach the environment's storage. Values may be cross-stack tokens.
 */
export interface LakehouseStorage {
  /**
   * How Unity Catalog reaches the storage: a credential the workspace stack already created (AWS: it
   * must exist before the IAM role, whose trust needs its external id), or the access connector the
   * workspace-config stack makes a credential of (Azure).
   */
  readonly credential:
    | { readonly kind: "existing"; readonly name: string }
    | { readonly kind: "azure-managed-identity"; readonly accessConnectorId: string };
  /** Root URL of each zone, ending in "/" (s3://bucket/zone/ or abfss://zone@account.dfs.core.windows.net/). */
  readonly urls: Record<Zone, string>;
  readonly mount?:
    | { readonly kind: "s3"; readonly bucket: string; readonly instanceProfileArn: string }
    | { readonly kind: "abfs"; readonly storageAccountName: string; readonly container: string; readonly tenantId: string };
}
