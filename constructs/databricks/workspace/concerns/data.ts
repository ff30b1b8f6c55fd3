import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import type { Environment } from "../../../../config/schema";
import type { WorkspaceHandoff } from "../../../../stacks/workspace-handoff";
import type { PersonaEntitlements } from "../persona-entitlements";
import type { Principal } from "../principal";
import { SecretScope } from "../secret-scope";
import { StorageMount } from "../storage-mount";
import { LakehouseCatalog } from "../unity-catalog/lakehouse-catalog";

export interface WorkspaceDataProps {
  readonly env: Environment;
  readonly provider: TerraformProvider;
  readonly groups: PersonaEntitlements;
  readonly cicd: Principal;
  /** Storage and workspace id come from the workspace stack; without them (bring-your-own workspace) there is no catalog. */
  readonly handoff: WorkspaceHandoff;
}

/**
 * The data and the secrets that reach it: the environment's secret scope (JDBC credentials, the
 * mount's client secret), its Unity Catalog catalog with bronze/silver/gold and the grants per
 * persona (writers: engineers and CI/CD; scientists read silver and gold; analysts read gold), and
 * the legacy landing mount where config keeps mounts.
 */
export class WorkspaceData extends Construct {
  readonly secrets: SecretScope;
  /** Undefined for a bring-your-own workspace (no storage handed over). */
  readonly catalog?: LakehouseCatalog;

  constructor(scope: Construct, id: string, props: WorkspaceDataProps) {
    super(scope, id);
    const { env, provider, cicd } = props;
    const { admins, dataEngineers, dataScientists, analysts } = props.groups;

    // Secrets for pipelines (JDBC credentials, the mount's client secret): values from sensitive
    // variables on AWS, from Key Vault on Azure. Jobs run as the CI/CD principal; engineers debug them.
    // The JDBC credentials (and their TF_VAR_jdbc_* variables) exist only where jobs.jdbc is set.
    this.secrets = new SecretScope(this, "secrets", { provider, name: env.secretScope, keyVault: props.handoff.secretVault });
    if (!props.handoff.secretVault && env.jobs.jdbc) {
      this.secrets.addSecretFromVariable("jdbc-user", "jdbc_user", "User of the source database the JDBC ingestion reads");
      this.secrets.addSecretFromVariable("jdbc-password", "jdbc_password", "Password of the source database the JDBC ingestion reads");
    }
    this.secrets.grantRead(dataEngineers);
    this.secrets.grantRead(cicd);
    this.secrets.grantManage(admins);

    const { storage, workspaceId } = props.handoff;
    if (storage && workspaceId !== undefined) {
      const catalog = new LakehouseCatalog(this, "catalog", {
        provider,
        environment: env.name,
        catalogName: env.catalogName,
        storage,
        workspaceId,
        deletionProtection: env.deletionProtection,
      });
      this.catalog = catalog;
      catalog.grantAdmin(admins);
      for (const writer of [dataEngineers, cicd]) {
        catalog.grantIngest(writer);
        for (const schema of ["bronze", "silver", "gold"] as const) catalog.grantWriteSchema(writer, schema);
      }
      catalog.grantCreateModel(cicd, "gold");
      catalog.grantReadSchema(dataScientists, "silver");
      catalog.grantReadSchema(dataScientists, "gold");
      catalog.grantCreateModel(dataScientists, "gold");
      catalog.grantReadSchema(analysts, "gold");

      if (env.mounts.enabled && storage.mount) {
        new StorageMount(this, "landing-mount", {
          provider,
          name: `${env.name}-landing`,
          mount: storage.mount,
          servicePrincipal: env.mounts.servicePrincipalClientId
            ? { clientId: env.mounts.servicePrincipalClientId, secretScope: this.secrets.name, secretKey: env.mounts.secretKey }
            : undefined,
        });
      }
    }
  }
}
