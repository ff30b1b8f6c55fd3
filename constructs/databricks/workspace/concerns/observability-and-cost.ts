import { type TerraformProvider, Token } from "cdktn";
import { Construct } from "constructs";
import type { Environment } from "../../../../config/schema";
import { AuditAlerts } from "../audit/audit-alerts";
import type { PersonaEntitlements } from "../persona-entitlements";
import type { ServerlessSqlWarehouse } from "../serverless-sql-warehouse";
import { SystemTables } from "../system-tables";
import { PERSONAL_DATA_COLUMNS, UNTAGGED_SCHEMAS } from "../unity-catalog/sensitivity-tag-policy";

export interface ObservabilityAndCostProps {
  readonly env: Environment;
  readonly provider: TerraformProvider;
  readonly groups: PersonaEntitlements;
  /** The CI/CD principal's application id: the alerts run as it, and its own changes are the reviewed ones. */
  readonly cicdApplicationId: string;
  readonly warehouse: ServerlessSqlWarehouse;
  /** The directory of audit detections (notebooks/detections). */
  readonly detectionsDirectory: string;
  /** The environment's catalog when it has one: in prod, reads of it from other workspaces are a detection. */
  readonly catalogName?: string;
  /**
   * This environment's workspace id as a string (a reference to the workspace stack's output, or the
   * configured id of a bring-your-own workspace): the alerts keep only its events of the account-wide
   * audit table.
   */
  readonly auditedWorkspaceId: string;
  /**
   * Given to exactly one environment per metastore: it enables the system schemas and grants them to
   * these groups, and its alerts also report the account-level events (workspace id 0).
   */
  readonly systemTables?: { readonly readers: readonly string[]; readonly classificationReaders?: readonly string[] };
  /** Prod: the dev workspaces its catalog is bound to read-only (numeric ids, may be references). */
  readonly readOnlyWorkspaceIds?: readonly number[];
  /** Data classification is on in this environment's catalog (prod only, config unityCatalog.dataClassification). */
  readonly dataClassification?: boolean;
}

/**
 * The detection that reads `system.data_classification.results`: deployed only where classification
 * is on, since elsewhere that schema is neither enabled nor granted and the alert's query would fail.
 */
export const CLASSIFICATION_DETECTION = "classified_personal_column_untagged";

/** The `workspace_id` that `system.access.audit` gives account-level events (account console, account groups). */
export const ACCOUNT_LEVEL_WORKSPACE_ID = "0";

/**
 * What watches the workspace: the audit detections as alerts that mail the on-call mailbox, on the
 * serverless warehouse, and (in the one environment that owns them on its metastore) the system
 * schemas they and the cost views read, readable by admins and auditors only. The account-level
 * budget and serverless budget policy live in the workspace stack (they need the account provider).
 * The audit table holds the whole account's events, so each environment's alerts watch its own
 * workspace (`watched_workspace_ids`), and the system tables' owner also watches the account-level
 * events: each finding reaches one on-call mailbox, once (notebooks/detections/README.md, "Scope").
 */
export class ObservabilityAndCost extends Construct {
  readonly alerts: AuditAlerts;
  readonly systemTables?: SystemTables;

  constructor(scope: Construct, id: string, props: ObservabilityAndCostProps) {
    super(scope, id);
    const { env, provider, groups } = props;
    if (props.systemTables) this.systemTables = new SystemTables(this, "system-tables", { provider, ...props.systemTables });

    // Only a prod environment names production catalogs; its alert sees reads from every workspace,
    // since the audit system table holds the whole account's events.
    const production = env.stage === "prod" && props.catalogName !== undefined;
    const governed = production && (props.readOnlyWorkspaceIds ?? []).length > 0;
    const classified = governed && props.dataClassification === true;
    this.alerts = new AuditAlerts(this, "audit-alerts", {
      provider,
      environment: env.name,
      directory: props.detectionsDirectory,
      warehouseId: props.warehouse.id,
      emails: env.audit.alertEmails ?? env.jobs.notificationEmails,
      schedule: { cron: env.audit.schedule, timezone: env.jobs.timezone },
      runAsServicePrincipal: props.cicdApplicationId,
      leaveOut: classified ? [] : [CLASSIFICATION_DETECTION],
      parameters: {
        lookback_minutes: String(env.audit.lookbackMinutes),
        watched_workspace_ids: [props.auditedWorkspaceId, ...(props.systemTables ? [ACCOUNT_LEVEL_WORKSPACE_ID] : [])].join(","),
        deployer_principals: props.cicdApplicationId,
        // "admins" is every workspace's built-in admins group; the other is the environment's account group.
        admin_groups: ["admins", env.groups.admins].join(","),
        production_catalogs: production ? (props.catalogName as string) : "",
        bound_workspace_ids: production ? props.auditedWorkspaceId : "", // the only workspace the prod catalog is bound to read-write
        // dev workspaces bound read-only (docs/production-data-in-dev.md): their masked reads are expected, their downloads are not
        read_only_workspace_ids: production ? (props.readOnlyWorkspaceIds ?? []).map((id) => Token.asString(id)).join(",") : "",
        // personal data read where no tag masks it, in a prod catalog whose job tags columns (one developers
        // read: docs/production-data-in-dev.md); elsewhere no column is tagged, so nothing is expected masked
        pii_columns: governed ? PERSONAL_DATA_COLUMNS.join(",") : "",
        untagged_schemas: governed ? UNTAGGED_SCHEMAS.join(",") : "",
        // the catalog data classification scans: its findings are compared with the tags the job wrote
        classified_catalogs: classified ? (props.catalogName as string) : "",
        pii_readers: props.cicdApplicationId,
        allowed_secret_readers: [props.cicdApplicationId, ...env.audit.allowedSecretReaders].join(","),
      },
    });
    this.alerts.grantManage(groups.admins);
    this.alerts.grantRead(groups.auditors);
  }
}
