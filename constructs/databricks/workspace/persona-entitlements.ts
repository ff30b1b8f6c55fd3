import { DataDatabricksGroup } from "@cdktn/provider-databricks/lib/data-databricks-group";
import { Entitlements } from "@cdktn/provider-databricks/lib/entitlements";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { group, type Principal } from "./principal";

export interface PersonaNames {
  readonly admins: string;
  readonly dataEngineers: string;
  readonly dataScientists: string;
  readonly analysts: string;
  readonly auditors: string;
}

type Entitlement = {
  workspaceAccess?: boolean;
  databricksSqlAccess?: boolean;
  allowClusterCreate?: boolean;
  allowInstancePoolCreate?: boolean;
};

/**
 * What each persona may do in the workspace at all. Only admins may create clusters and pools
 * without a policy; everyone else creates clusters only under the policies granted to them.
 */
export const PERSONA_ENTITLEMENTS: Record<keyof PersonaNames, Entitlement> = {
  admins: { workspaceAccess: true, databricksSqlAccess: true, allowClusterCreate: true, allowInstancePoolCreate: true },
  dataEngineers: { workspaceAccess: true, databricksSqlAccess: true, allowClusterCreate: false, allowInstancePoolCreate: false },
  dataScientists: { workspaceAccess: true, databricksSqlAccess: true, allowClusterCreate: false, allowInstancePoolCreate: false },
  analysts: { workspaceAccess: true, databricksSqlAccess: true, allowClusterCreate: false, allowInstancePoolCreate: false },
  // SQL only: auditors query the system tables through the SQL warehouse.
  auditors: { workspaceAccess: true, databricksSqlAccess: true, allowClusterCreate: false, allowInstancePoolCreate: false },
};

/**
 * The account groups of one environment as seen from inside its workspace, with their
 * entitlements (PERSONA_ENTITLEMENTS). The groups themselves live at account level (see
 * account/persona-groups). `serverless`: the workspace has no classic compute, so no persona, admins
 * included, is entitled to create clusters or pools; everyone's notebooks run on serverless compute,
 * which needs only workspace access (Databricks docs, "Serverless compute limitations").
 */
export class PersonaEntitlements extends Construct {
  readonly admins: Principal;
  readonly dataEngineers: Principal;
  readonly dataScientists: Principal;
  readonly analysts: Principal;
  readonly auditors: Principal;

  constructor(scope: Construct, id: string, props: { names: PersonaNames; provider: TerraformProvider; serverless?: boolean }) {
    super(scope, id);
    const noClassicCompute = props.serverless ? { allowClusterCreate: false, allowInstancePoolCreate: false } : {};
    const principal = (key: keyof PersonaNames): Principal => {
      const found = new DataDatabricksGroup(this, `${key}-group`, { provider: props.provider, displayName: props.names[key] });
      new Entitlements(this, key, { provider: props.provider, groupId: found.id, ...PERSONA_ENTITLEMENTS[key], ...noClassicCompute });
      return group(props.names[key]);
    };
    this.admins = principal("admins");
    this.dataEngineers = principal("dataEngineers");
    this.dataScientists = principal("dataScientists");
    this.analysts = principal("analysts");
    this.auditors = principal("auditors");
  }
}
