// Databricks account fields: account id, pricing tier, and an existing workspace brought along.
import { z } from "zod";

/** A Databricks workspace id: a positive integer of up to 19 digits (int64), written as a string. */
const WORKSPACE_ID = /^[1-9][0-9]{0,18}$/;

export const databricksSchema = z
  .strictObject({
    accountId: z.uuid({
      message:
        'is not a Databricks account id. Fix: copy the UUID shown in the account console, e.g. "0d1c2b3a-4e5f-6789-abcd-ef0123456789"',
    }),
    /** Defaults to ENTERPRISE on AWS (customer-managed keys) and PREMIUM on Azure. */
    pricingTier: z.enum(["PREMIUM", "ENTERPRISE"]).optional(),
    /** Bring your own workspace: configure an existing workspace instead of creating one. */
    existingWorkspaceHost: z
      .url({ protocol: /^https$/, message: 'must be an https URL. Fix: e.g. "https://dbc-1234abcd-5678.cloud.databricks.com"' })
      .optional(),
    /**
     * The numeric id of that existing workspace, as a string of digits (ids can exceed what a JSON
     * number holds exactly). The audit alerts keep only this workspace's events of the account-wide
     * audit table; no provider data source returns the current workspace's id, so config gives it.
     */
    existingWorkspaceId: z
      .string()
      .regex(
        WORKSPACE_ID,
        'is not a workspace id. Fix: copy the digits after "?o=" in the workspace URL, or the number in the account console\'s workspace list, e.g. "1234567890123456"',
      )
      .optional(),
  })
  .superRefine((databricks, ctx) => {
    if (databricks.existingWorkspaceHost !== undefined && databricks.existingWorkspaceId === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["existingWorkspaceId"],
        message: `is missing for the existing workspace ${databricks.existingWorkspaceHost}; its audit alerts must keep only its own events of the account-wide audit table, and the blueprint cannot look the id up. Fix: set existingWorkspaceId to the digits after "?o=" in the workspace URL, e.g. "1234567890123456"`,
      });
    }
    if (databricks.existingWorkspaceId !== undefined && databricks.existingWorkspaceHost === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["existingWorkspaceId"],
        message:
          "is set but existingWorkspaceHost is not; the blueprint creates this environment's workspace and knows its id. Fix: remove existingWorkspaceId, or set existingWorkspaceHost to bring your own workspace",
      });
    }
  });
