// Names config may leave out, derived from the environment's name so that no two environments share one.

interface Named {
  readonly name: string;
  readonly identity: {
    admins?: string;
    dataEngineers?: string;
    dataScientists?: string;
    analysts?: string;
    auditors?: string;
    cicdServicePrincipal?: string;
    piiReaders?: string;
  };
  readonly secrets: { scope?: string };
  readonly unityCatalog: { catalogName?: string };
}

/**
 * Takes a validated environment; gives it with its groups and CI/CD principal ("<env>-<persona>"),
 * secret scope ("<env>-pipelines") and catalog ("<env>_lakehouse") filled where config left them out.
 */
export function withDerivedNames<T extends Named>(env: T) {
  const named = (persona: string) => `${env.name}-${persona}`;
  const { identity } = env;
  return {
    ...env,
    groups: {
      admins: identity.admins ?? named("platform-admins"),
      dataEngineers: identity.dataEngineers ?? named("data-engineers"),
      dataScientists: identity.dataScientists ?? named("data-scientists"),
      analysts: identity.analysts ?? named("analysts"),
      auditors: identity.auditors ?? named("auditors"),
    },
    cicdServicePrincipal: identity.cicdServicePrincipal ?? named("cicd"),
    /** Reads the prod catalog's pii and confidential data unmasked (prod environments only). */
    piiReadersGroup: identity.piiReaders ?? named("pii-readers"),
    secretScope: env.secrets.scope ?? `${env.name}-pipelines`,
    catalogName: env.unityCatalog.catalogName ?? `${env.name.replace(/-/g, "_")}_lakehouse`,
  };
}
