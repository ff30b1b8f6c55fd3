import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { Group } from "@cdktf/provider-databricks/lib/group";
import { group, type Principal } from "./principal";

export interface PersonaGroupNames {
  readonly admins: string;
  readonly dataEngineers: string;
  readonly dataScientists: string;
  readonly analysts: string;
}

/**
 * One group per persona. No group holds unrestricted cluster creation: people create clusters only
 * under the policies granted to them (analysts get none and use the shared cluster).
 */
export class PersonaGroups extends Construct {
  readonly admins: Principal;
  readonly dataEngineers: Principal;
  readonly dataScientists: Principal;
  readonly analysts: Principal;

  constructor(scope: Construct, id: string, props: { names: PersonaGroupNames; provider: TerraformProvider }) {
    super(scope, id);
    const make = (key: keyof PersonaGroupNames): Principal => {
      const resource = new Group(this, key, {
        provider: props.provider,
        displayName: props.names[key],
        workspaceAccess: true,
        databricksSqlAccess: true,
        allowClusterCreate: false,
        allowInstancePoolCreate: false,
      });
      return group(resource.displayName);
    };
    this.admins = make("admins");
    this.dataEngineers = make("dataEngineers");
    this.dataScientists = make("dataScientists");
    this.analysts = make("analysts");
  }
}
