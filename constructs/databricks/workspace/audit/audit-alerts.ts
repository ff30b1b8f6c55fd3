import { AlertV2 } from "@cdktn/provider-databricks/lib/alert-v2";
import { Directory } from "@cdktn/provider-databricks/lib/directory";
import { NotificationDestination } from "@cdktn/provider-databricks/lib/notification-destination";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { ObjectPermissions } from "../object-permissions";
import type { Principal } from "../principal";
import { type Detection, readDetections, renderDetection } from "./detection-file";

export interface AuditAlertsProps {
  readonly provider: TerraformProvider;
  readonly environment: string;
  /** The directory of detection files (notebooks/detections). */
  readonly directory: string;
  /** The SQL warehouse the alerts' queries run on. */
  readonly warehouseId: string;
  /** The on-call mailbox(es) mailed when a detection fires. */
  readonly emails: readonly string[];
  /** Quartz cron and IANA time zone of the evaluations. */
  readonly schedule: { readonly cron: string; readonly timezone: string };
  /** Application id of the service principal the alerts run as (it needs SELECT on the system tables). */
  readonly runAsServicePrincipal: string;
  /**
   * The value of every parameter marker the detections may use, by name. Values are inlined as SQL
   * string literals; a reference (known at apply time) must need no escaping (an id).
   */
  readonly parameters: Readonly<Record<string, string>>;
  /** Ids of detections this environment does not deploy (each caller says why); an unknown id stops synth. */
  readonly leaveOut?: readonly string[];
}

/**
 * The audit detections of `directory` as Databricks SQL alerts (Alerts v2 API, `databricks_alert_v2`,
 * which carries its query, warehouse and schedule): one alert per `.sql` file, read at synth time,
 * each firing when its query returns a row (COUNT of event_id above 0) and mailing the on-call
 * mailbox through one e-mail notification destination. The alerts sit in their own workspace folder
 * (`/Shared/<env>-audit-alerts`), which `grantRead` shares. A detection whose parameters the
 * environment does not supply stops synth with the file and the parameter named.
 */
export class AuditAlerts extends Construct {
  readonly detections: readonly Detection[];
  readonly destination: NotificationDestination;
  readonly alerts: Record<string, AlertV2>;
  readonly folder: Directory;
  private readonly folderPermissions: ObjectPermissions;

  constructor(scope: Construct, id: string, props: AuditAlertsProps) {
    super(scope, id);
    const provider = props.provider;
    const all = readDetections(props.directory);
    const unknown = (props.leaveOut ?? []).filter((id) => !all.some((detection) => detection.id === id));
    if (unknown.length > 0)
      throw new Error(`AuditAlerts: leaveOut names ${unknown.join(", ")}, which is no detection of ${props.directory}`);
    this.detections = all.filter((detection) => !(props.leaveOut ?? []).includes(detection.id));
    this.destination = new NotificationDestination(this, "oncall", {
      provider,
      displayName: `${props.environment} security on-call`,
      config: { email: { addresses: [...props.emails] } },
    });
    this.folder = new Directory(this, "alerts-folder", { provider, path: `/Shared/${props.environment}-audit-alerts` });
    this.folderPermissions = new ObjectPermissions(this, "alerts-folder-access", {
      provider,
      target: { directoryPath: this.folder.path },
      levels: ["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"],
    });
    this.alerts = {};
    for (const detection of this.detections) {
      this.alerts[detection.id] = new AlertV2(this, detection.id, {
        provider,
        displayName: `[${props.environment}] ${detection.title}`,
        customSummary: `${detection.severity.toUpperCase()}: ${detection.title}`,
        customDescription: `Catches: ${detection.catches}\nWhy: ${detection.why}\nReference: ${detection.reference}\nDetection: notebooks/detections/${detection.id}.sql`,
        parentPath: this.folder.path,
        warehouseId: props.warehouseId,
        queryText: renderDetection(detection, props.parameters),
        runAs: { servicePrincipalName: props.runAsServicePrincipal },
        schedule: { quartzCronSchedule: props.schedule.cron, timezoneId: props.schedule.timezone, pauseStatus: "UNPAUSED" },
        evaluation: {
          // Every detection returns one row per finding with an event_id: any row fires.
          source: { name: "event_id", aggregation: "COUNT" },
          comparisonOperator: "GREATER_THAN",
          threshold: { value: { doubleValue: 0 } },
          emptyResultState: "OK",
          notification: { notifyOnOk: false, subscriptions: [{ destinationId: this.destination.id }] },
        },
      });
    }
  }

  /** Lets `principal` see the alerts and their results (the folder's CAN_READ). */
  grantRead(principal: Principal): void {
    this.folderPermissions.grant(principal, "CAN_READ");
  }

  /** Lets `principal` change the alerts (the folder's CAN_MANAGE). */
  grantManage(principal: Principal): void {
    this.folderPermissions.grant(principal, "CAN_MANAGE");
  }
}
