import type { TerraformMetaArguments, TerraformResourceConfig } from "cdktn";
import { TIME_GENERATOR_METADATA } from "./time-provider";

/**
 * The TerraformResource config of a hashicorp/time resource: its type, the time provider's generator
 * metadata and every Terraform meta-argument the caller gave (provider, depends_on, count, lifecycle,
 * provisioners, connection, for_each), passed through unchanged.
 */
export function timeResourceConfig(terraformResourceType: string, meta: TerraformMetaArguments): TerraformResourceConfig {
  return {
    terraformResourceType,
    terraformGeneratorMetadata: TIME_GENERATOR_METADATA,
    provider: meta.provider,
    dependsOn: meta.dependsOn,
    count: meta.count,
    lifecycle: meta.lifecycle,
    provisioners: meta.provisioners,
    connection: meta.connection,
    forEach: meta.forEach,
  };
}

/** An attribute of the HCL rendering (`cdktn synth --hcl`): a plain value of the given storage class. */
export function hclSimple(value: unknown, storageClassType: "string" | "number") {
  return { value, isBlock: false, type: "simple", storageClassType };
}

/** An attribute of the HCL rendering: a map of strings (the time resources' `triggers`). */
export function hclStringMap(value: Record<string, string> | undefined) {
  return { value, isBlock: false, type: "map", storageClassType: "stringMap" };
}
