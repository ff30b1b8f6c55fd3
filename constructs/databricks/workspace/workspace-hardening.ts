import { DisableLegacyAccessSetting } from "@cdktn/provider-databricks/lib/disable-legacy-access-setting";
import { DisableLegacyDbfsSetting } from "@cdktn/provider-databricks/lib/disable-legacy-dbfs-setting";
import { IpAccessList } from "@cdktn/provider-databricks/lib/ip-access-list";
import { WorkspaceConf } from "@cdktn/provider-databricks/lib/workspace-conf";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { ObjectPermissions } from "./object-permissions";
import type { Principal } from "./principal";

export interface WorkspaceHardeningProps {
  readonly provider: TerraformProvider;
  readonly environment: string;
  readonly ipAccessList: string[];
  /** Egress ranges of the deploy pipeline's runners: a list of their own, so the pipeline keeps access. */
  readonly deployerIpRanges: string[];
  readonly maxTokenLifetimeDays: number;
  readonly allowResultsDownload: boolean;
  readonly allowNotebookExport: boolean;
  readonly disableLegacyFeatures: boolean;
  /** The environment still uses DBFS mounts, so legacy DBFS stays on (legacy access goes off regardless). */
  readonly keepDbfsMounts?: boolean;
}

/**
 * Workspace-wide security settings: IP access lists on (the people's ranges and the deploy pipeline's), capped token
 * lifetime, no DBFS browser, no deprecated global init scripts, verbose audit logs, results
 * download and notebook export only where the team chooses, legacy access and DBFS off (DBFS stays on
 * only where the environment keeps mounts).
 */
export class WorkspaceHardening extends Construct {
  readonly tokenPermissions: ObjectPermissions;

  constructor(scope: Construct, id: string, props: WorkspaceHardeningProps) {
    super(scope, id);
    const provider = props.provider;
    // The allow lists must exist before the feature is switched on, or the apply locks itself out;
    // the deployers' list keeps every later plan and apply of the pipeline able to reach the workspace.
    const allowList = new IpAccessList(this, "allow", {
      provider,
      label: `${props.environment}-allowed-networks`,
      listType: "ALLOW",
      ipAddresses: props.ipAccessList,
    });
    const deployers = new IpAccessList(this, "deployers", {
      provider,
      label: `${props.environment}-deploy-pipeline`,
      listType: "ALLOW",
      ipAddresses: props.deployerIpRanges,
    });
    new WorkspaceConf(this, "conf", {
      provider,
      customConfig: {
        enableIpAccessLists: "true",
        enableTokensConfig: "true",
        maxTokenLifetimeDays: String(props.maxTokenLifetimeDays),
        enableDbfsFileBrowser: "false",
        enableDeprecatedGlobalInitScripts: "false",
        enableVerboseAuditLogs: "true",
        enableWebTerminal: "false",
        enableResultsDownloading: String(props.allowResultsDownload),
        enableNotebookTableClipboard: String(props.allowResultsDownload),
        enableExportNotebook: String(props.allowNotebookExport),
      },
      dependsOn: [allowList, deployers],
    });
    if (props.disableLegacyFeatures) {
      // Hive metastore access, fallback mode and runtimes before 13.3 LTS: unrelated to mounts.
      new DisableLegacyAccessSetting(this, "no-legacy-access", { provider, disableLegacyAccess: { value: true } });
      // DBFS root and mounts: the one setting mounts cannot live with.
      if (!props.keepDbfsMounts) new DisableLegacyDbfsSetting(this, "no-legacy-dbfs", { provider, disableLegacyDbfs: { value: true } });
    }
    this.tokenPermissions = new ObjectPermissions(this, "tokens", {
      provider,
      target: { authorization: "tokens" },
      levels: ["CAN_USE", "CAN_MANAGE"],
    });
  }

  /** Lets `principal` create personal access tokens (within the capped lifetime). */
  grantTokenUse(principal: Principal): void {
    this.tokenPermissions.grant(principal, "CAN_USE");
  }
}
