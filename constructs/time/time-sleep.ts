import { stringToHclTerraform, stringToTerraform, type TerraformMetaArguments, TerraformResource } from "cdktn";
import type { Construct } from "constructs";
import { hclSimple, hclStringMap, timeResourceConfig } from "./time-resource";

/** Arguments of `time_sleep` (https://registry.terraform.io/providers/hashicorp/time/latest/docs/resources/sleep). */
export interface TimeSleepConfig extends TerraformMetaArguments {
  /** How long to wait after creation, a Go duration such as "30s" or "2m". */
  readonly createDuration?: string;
  /** How long to wait before destruction, a Go duration. */
  readonly destroyDuration?: string;
  /** Values that, when they change, recreate the sleep (and so wait again); readable as `triggers`. */
  readonly triggers?: Record<string, string>;
}

/**
 * A `time_sleep` resource: a pause in the apply, used to wait for a cloud to enforce what was just
 * granted (see constructs/propagation-wait.ts). Gives `id` and `triggers` to reference.
 */
export class TimeSleep extends TerraformResource {
  static readonly tfResourceType = "time_sleep";

  constructor(
    scope: Construct,
    id: string,
    private readonly config: TimeSleepConfig = {},
  ) {
    super(scope, id, timeResourceConfig(TimeSleep.tfResourceType, config));
  }

  /** The sleep's creation time (RFC 3339), Terraform's `id`. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** The triggers map read back from the sleep (a dependant that reads it waits for the sleep). */
  get triggers(): Record<string, string> {
    return this.getStringMapAttribute("triggers");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      create_duration: stringToTerraform(this.config.createDuration),
      destroy_duration: stringToTerraform(this.config.destroyDuration),
      triggers: this.config.triggers,
    };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {
      create_duration: hclSimple(stringToHclTerraform(this.config.createDuration), "string"),
      destroy_duration: hclSimple(stringToHclTerraform(this.config.destroyDuration), "string"),
      triggers: hclStringMap(this.config.triggers),
    };
  }
}
