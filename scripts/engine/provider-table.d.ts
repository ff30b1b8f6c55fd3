/** Types of provider-table.js (plain JavaScript, so install.sh runs it without a build). */
export interface ProviderBuild {
  readonly origin: "archive" | "module" | "substitute";
  readonly archive?: string;
  readonly sha256?: string;
  readonly module?: string;
  readonly sourceVersion: string;
  readonly standsInFor?: string;
  readonly why?: string;
}
export interface ProviderRow {
  readonly name: string;
  readonly namespace: string;
  readonly source: string;
  readonly version: string;
  readonly binding: string;
  readonly build: ProviderBuild;
}
export function providerTable(providers?: unknown[]): ProviderRow[];
export function bindingVersion(binding: string): string;
