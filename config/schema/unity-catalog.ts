// Unity Catalog fields (metastore, catalog), the secret scope and the legacy DBFS mounts.
import { z } from "zod";
import { metastoreSchema } from "../metastore";

export const unityCatalogSchema = z.strictObject(
  {
    /** Create the region's metastore ({ mode: "create" }) or adopt the one there ({ mode: "adopt", id }); ../metastore. */
    metastore: metastoreSchema,
    /** Unique in the metastore; defaults to "<env>_lakehouse". */
    catalogName: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,62}$/, 'must be lowercase letters, digits and "_". Fix: e.g. "dev_lakehouse"')
      .optional(),
    /**
     * Dev reads prod, masked and read-only (docs/production-data-in-dev.md): the name of the prod
     * environment whose catalog this (dev or test) environment's workspace may read. Off when unset.
     * That catalog is then bound read-only to this workspace, its pii columns masked and its
     * confidential rows sampled for everyone outside its pii-readers group (../rules/prod-catalog-readers).
     */
    readsProdCatalogOf: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,14}$/, 'must be the name of a prod environment of this estate. Fix: e.g. "prod"')
      .optional(),
    /**
     * Data classification (Public Preview) on this prod environment's catalog, off by default:
     * Databricks scans the schemas the transformation tags (silver, gold) and reports what it finds;
     * nothing is tagged from it, and an alert reports a personal column the contract left untagged.
     * Only on a prod environment whose catalog a dev environment reads and that holds its metastore's
     * system tables (../rules/data-classification;
     * docs/production-data-in-dev.md#data-classification-findings-checked-against-the-contract).
     */
    dataClassification: z.boolean().default(false),
  },
  {
    error: (issue) =>
      issue.input === undefined
        ? 'is missing: unityCatalog.metastore says whether the blueprint creates the region\'s metastore or adopts the one there. Fix: add unityCatalog: { metastore: { mode: "create" } } or { metastore: { mode: "adopt", id: "<metastore id>" } } (npm run preflight:metastore tells which)'
        : undefined,
  },
);

// Secret scope names and secret key names (Databricks "Secret management"): letters, digits, "-", "_"
// and ".", at most 128.
const SECRET_NAME = /^[A-Za-z0-9._-]{1,128}$/;
const scopeName = z.string().regex(SECRET_NAME, 'must be 1-128 letters, digits, ".", "_" or "-". Fix: e.g. "dev-pipelines"');

export const secretsSchema = z
  .strictObject({
    /** The environment's secret scope; JDBC credentials and the mount's client secret live here. */
    scope: scopeName.optional(),
  })
  .default({});

export const mountsSchema = z
  .strictObject({
    /** Legacy DBFS mounts for teams that still need them (deprecated by Databricks; Unity Catalog is the default). */
    enabled: z.boolean().default(false),
    /** Azure: the service principal that reads the storage account; its secret is read from the secret scope. */
    servicePrincipalClientId: z
      .uuid({ message: "is not an Entra application (client) id. Fix: copy it from the app registration" })
      .optional(),
    /** Azure: the object id of that service principal, which is granted read access to the landing container. */
    servicePrincipalObjectId: z
      .uuid({ message: "is not an Entra object id. Fix: az ad sp show --id <client id> --query id -o tsv" })
      .optional(),
    secretScope: scopeName.optional(),
    /** The NAME of the key in the secret scope that holds the service principal's client secret (never the secret). */
    secretKey: z
      .string()
      .min(
        1,
        'is empty; the mount reads its client secret from this key of the secret scope. Fix: name the key, e.g. "mount-client-secret"',
      )
      .max(128, 'is longer than a secret key name may be (128). Fix: e.g. "mount-client-secret"')
      .regex(/^[A-Za-z0-9._-]*$/, 'is not a secret key name (1-128 letters, digits, ".", "_" or "-"). Fix: e.g. "mount-client-secret"')
      .default("mount-client-secret"),
  })
  .default({ enabled: false, secretKey: "mount-client-secret" });
