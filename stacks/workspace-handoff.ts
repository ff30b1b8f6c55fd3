import type { LakehouseStorage } from "../constructs/lakehouse-storage";

/** What a workspace stack hands its workspace-config stack (values may be cross-stack tokens). */
export interface WorkspaceHandoff {
  /** Workspace URL for the workspace-level provider. */
  readonly host: string;
  /** Numeric workspace id; catalogs and storage are bound to it. Unknown for a bring-your-own workspace. */
  readonly workspaceId?: number;
  /** The environment's lakehouse storage for Unity Catalog (and legacy mounts). */
  readonly storage?: LakehouseStorage;
  /** The workspace's serverless budget policy (CostControls): serverless jobs are billed under it. */
  readonly serverlessBudgetPolicyId?: string;
  /** Azure: the Key Vault behind the environment's secret scope. */
  readonly secretVault?: { readonly resourceId: string; readonly dnsName: string };
}
