import {
  numberToHclTerraform,
  numberToTerraform,
  stringToHclTerraform,
  stringToTerraform,
  type TerraformMetaArguments,
  TerraformResource,
} from "cdktn";
import type { Construct } from "constructs";
import { hclSimple, hclStringMap, timeResourceConfig } from "./time-resource";

/** Arguments of `time_offset` (https://registry.terraform.io/providers/hashicorp/time/latest/docs/resources/offset). */
export interface TimeOffsetConfig extends TerraformMetaArguments {
  /** The base time (RFC 3339); the provider takes the creation time when absent. */
  readonly baseRfc3339?: string;
  /** Days to add to the base time. */
  readonly offsetDays?: number;
  /** Hours to add to the base time. */
  readonly offsetHours?: number;
  /** Values that, when they change, recreate the offset from a new base time. */
  readonly triggers?: Record<string, string>;
}

/**
 * A `time_offset` resource: a time fixed at creation plus an offset, kept in state so that it does
 * not move on every plan (a key's first expiry date, for instance). Gives `rfc3339`.
 */
export class TimeOffset extends TerraformResource {
  static readonly tfResourceType = "time_offset";

  constructor(
    scope: Construct,
    id: string,
    private readonly config: TimeOffsetConfig = {},
  ) {
    super(scope, id, timeResourceConfig(TimeOffset.tfResourceType, config));
  }

  /** The offset time, RFC 3339 (for example 2027-01-10T12:00:00Z). */
  get rfc3339(): string {
    return this.getStringAttribute("rfc3339");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      base_rfc3339: stringToTerraform(this.config.baseRfc3339),
      offset_days: numberToTerraform(this.config.offsetDays),
      offset_hours: numberToTerraform(this.config.offsetHours),
      triggers: this.config.triggers,
    };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {
      base_rfc3339: hclSimple(stringToHclTerraform(this.config.baseRfc3339), "string"),
      offset_days: hclSimple(numberToHclTerraform(this.config.offsetDays), "number"),
      offset_hours: hclSimple(numberToHclTerraform(this.config.offsetHours), "number"),
      triggers: hclStringMap(this.config.triggers),
    };
  }
}
