import { TerraformProvider } from "cdktn";
import type { Construct } from "constructs";

/**
 * The hashicorp/time provider version the stacks pin. No CDK Terrain binding of hashicorp/time is
 * published, so this file and its siblings are the binding; the engine's provider table
 * (scripts/engine/providers.json) names the same version, and a test holds the two equal.
 */
export const TIME_PROVIDER_VERSION = "0.13.1";

/** Shared by the time resources: who generated them, for cdktn's metadata and required_providers. */
export const TIME_GENERATOR_METADATA = { providerName: "time", providerVersion: TIME_PROVIDER_VERSION } as const;

/**
 * The hashicorp/time provider (registry.terraform.io/hashicorp/time, no arguments). Add one per stack
 * that holds a TimeSleep or TimeOffset; it writes `required_providers.time = { source, version }`.
 * Docs: https://registry.terraform.io/providers/hashicorp/time/latest/docs
 */
export class TimeProvider extends TerraformProvider {
  static readonly tfResourceType = "time";

  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: "time",
      terraformGeneratorMetadata: TIME_GENERATOR_METADATA,
      terraformProviderSource: "hashicorp/time",
    });
  }
}
