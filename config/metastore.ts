import { z } from "zod";

// Whether the blueprint creates the Unity Catalog metastore of an account and region or adopts the one
// that is there. Databricks allows one metastore per region per account ("Enable a workspace for Unity
// Catalog": "You can create one metastore per region"), and since November 2023 it creates one by
// itself with an account's first workspace in a region ("automatic enablement"), so a team states which
// case it is in: the blueprint cannot tell at synth time, and `npm run preflight:metastore` checks the
// statement against the account before anything is applied.

const PREFLIGHT = "npm run preflight:metastore lists the account's metastores";

const metastoreId = z.uuid({
  error: (issue) =>
    issue.input === undefined
      ? `is missing: adopting needs the id of the region's metastore. Fix: copy it from the account console (Catalog > the metastore > Configuration) or from what ${PREFLIGHT.replace("lists", "lists as")}`
      : "is not a metastore id. Fix: copy the UUID from the account console (Catalog > Metastores)",
});

/**
 * `{ mode: "create" }`: the blueprint's metastore stack of the account and region creates it (and the
 * region's network connectivity configuration beside it). `{ mode: "adopt", id }`: the workspaces are
 * assigned the metastore that exists; nothing creates or destroys it.
 */
export const metastoreSchema = z.discriminatedUnion(
  "mode",
  [z.strictObject({ mode: z.literal("create") }), z.strictObject({ mode: z.literal("adopt"), id: metastoreId })],
  {
    error: (issue) => {
      if (issue.code !== "invalid_union" && issue.code !== "invalid_type") return undefined;
      const input = issue.input as unknown;
      if (input === undefined) {
        return `is missing: say whether the blueprint creates this account's metastore in the region or adopts the one there (Databricks allows one per region per account, and makes one with an account's first workspace in a region). Fix: ${PREFLIGHT}; then set { mode: "adopt", id: "<its id>" } if the region has one, else { mode: "create" }`;
      }
      if (input === "shared") return 'is the earlier form of { mode: "create" }. Fix: write metastore: { mode: "create" }';
      const existingId = input !== null && typeof input === "object" ? (input as { existingId?: unknown }).existingId : undefined;
      if (typeof existingId === "string")
        return `is the earlier form of { mode: "adopt", id }. Fix: write metastore: { mode: "adopt", id: "${existingId}" }`;
      return `must be { mode: "create" } or { mode: "adopt", id: "<metastore UUID>" }. Fix: ${PREFLIGHT}, then choose`;
    },
  },
);

export type MetastoreChoice = z.output<typeof metastoreSchema>;

/** The choice as config shows it in messages: `{ mode: "adopt", id: "..." }`. */
export const describeChoice = (choice: MetastoreChoice): string =>
  choice.mode === "create" ? '{ mode: "create" }' : `{ mode: "adopt", id: "${choice.id}" }`;

/** True when two environments state the same thing about their metastore. */
export const sameChoice = (a: MetastoreChoice, b: MetastoreChoice): boolean =>
  a.mode === b.mode && (a.mode === "create" || (b.mode === "adopt" && a.id.toLowerCase() === b.id.toLowerCase()));
