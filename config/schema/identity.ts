// Identity fields: the account-level groups and the CI/CD service principal of an environment.
import { z } from "zod";

const principalName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{1,62}$/, 'must be 2-63 letters, digits, space, ".", "_" or "-". Fix: e.g. "dev-data-engineers"');

/** Account-level identities of one environment. Names default to "<env>-<persona>" so dev and prod never share a group. */
export const identitySchema = z
  .strictObject({
    admins: principalName.optional(),
    dataEngineers: principalName.optional(),
    dataScientists: principalName.optional(),
    analysts: principalName.optional(),
    /** Reads the audit, billing and compute system tables; nothing else. */
    auditors: principalName.optional(),
    /**
     * Prod: the account-level group whose members read pii and confidential data unmasked in the
     * prod catalog (docs/production-data-in-dev.md); defaults to "<env>-pii-readers".
     */
    piiReaders: principalName.optional(),
    /** The service principal CI/CD deploys and runs jobs as. */
    cicdServicePrincipal: principalName.optional(),
  })
  .default({});
