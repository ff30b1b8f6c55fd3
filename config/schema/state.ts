// State fields: where each stack keeps its state (local, S3 or an Azure storage container).
import { z } from "zod";
import { resourceGroupNameProblem, s3StateBucketNameProblem } from "../cloud-names";
import { AWS_DATABRICKS_REGIONS } from "../regions";
import { checked } from "./primitives";

const keyPrefix = z
  .string()
  .regex(/^[A-Za-z0-9._/-]+$/, 'is not a key prefix (letters, digits, ".", "_", "/" or "-"). Fix: e.g. "lakehouse"')
  .default("lakehouse");

/**
 * Where each stack keeps its state. "local" (default) is for trying the blueprint out (refused for a
 * prod environment and for one that reads a prod catalog, config/rules/); teams use S3
 * (native lockfile locking, encrypted) or an Azure storage container (blob lease locking, Entra ID auth).
 */
export const stateSchema = z
  .discriminatedUnion(
    "backend",
    [
      z.strictObject({ backend: z.literal("local") }),
      z.strictObject({
        backend: z.literal("s3"),
        bucket: checked(s3StateBucketNameProblem),
        region: z.enum(AWS_DATABRICKS_REGIONS, {
          message: `is not a region this blueprint knows. Fix: use one of ${AWS_DATABRICKS_REGIONS.join(", ")}`,
        }),
        keyPrefix,
        kmsKeyArn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
            'is not a KMS key ARN. Fix: e.g. "arn:aws:kms:eu-west-1:123456789012:key/..."',
          )
          .optional(),
      }),
      z.strictObject({
        backend: z.literal("azurerm"),
        resourceGroupName: checked(resourceGroupNameProblem),
        storageAccountName: z
          .string()
          .regex(/^[a-z0-9]{3,24}$/, "is not a valid storage account name. Fix: 3-24 lowercase letters and digits"),
        containerName: z
          .string()
          .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'is not a valid container name. Fix: e.g. "tfstate"')
          .default("tfstate"),
        keyPrefix,
      }),
    ],
    {
      error: (issue) =>
        issue.code === "invalid_union" ? 'state.backend must be "local", "s3" or "azurerm". Fix: choose where state lives' : undefined,
    },
  )
  .default({ backend: "local" });
