import { randomBytes, randomUUID } from "node:crypto";
import type { Unknown } from "./draft";

// Before writing, the scaffold has config check the environment it would write, with every value left
// to fill replaced by a stand-in of the field's format. Config then reports only what the flags got
// wrong (and what they clash with in the estate), never the placeholders. Stand-ins are made up per run,
// are no example value (config/example-values.ts) and are never written.

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
// 198.18.0.0/15 is set aside for benchmarking (RFC 2544): public, no one's network, no documentation range.
const benchmarkAddress = () => `198.${18 + (randomBytes(1)[0] % 2)}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 254)}`;
const mailbox = () => `stand-in-${hex(3)}@lakehouse-scaffold-${hex(3)}.eu`;

const STAND_INS: ReadonlyArray<[RegExp, () => string]> = [
  [/^databricks\.accountId$|^azure\.(subscriptionId|tenantId|databricksEnterpriseAppObjectId)$/, randomUUID],
  [/^aws\.accountId$/, () => `${1 + (randomBytes(1)[0] % 9)}${[...randomBytes(11)].map((b) => b % 10).join("")}`],
  [/IpAccessList|IpRanges|ipAccessList|deployerIpRanges/, benchmarkAddress],
  [/Emails/, mailbox],
  [/^repository\.url$/, () => `https://github.com/stand-in-${hex(4)}/lakehouse.git`],
  [/^azure\.keyVaultName$/, () => `kv-standin-${hex(5)}`],
  [/storageAccountName$/, () => `standin${hex(6)}`],
  [/^state\.bucket$/, () => `stand-in-${hex(6)}-tfstate`],
  [/^state\.resourceGroupName$/, () => `rg-stand-in-${hex(3)}`],
  [/^tags\./, () => `stand-in-${hex(3)}`],
];

/** Takes a value left to fill; gives a stand-in in its field's format. Throws for a field it has none for (a scaffold bug). */
export function standIn(unknown: Unknown): string {
  const hit = STAND_INS.find(([pattern]) => pattern.test(unknown.field));
  if (!hit) throw new Error(`new-environment: no stand-in for ${unknown.field}; add one to scripts/new-environment/probe.ts`);
  return hit[1]();
}
