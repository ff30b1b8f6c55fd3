import { Catalog } from "@cdktn/provider-databricks/lib/catalog";
import { ExternalLocation } from "@cdktn/provider-databricks/lib/external-location";
import { Schema } from "@cdktn/provider-databricks/lib/schema";
import { StorageCredential } from "@cdktn/provider-databricks/lib/storage-credential";
import { Volume } from "@cdktn/provider-databricks/lib/volume";
import { WorkspaceBinding } from "@cdktn/provider-databricks/lib/workspace-binding";
import type { ITerraformDependable, TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { type LakehouseStorage, ZONES, type Zone } from "../../../lakehouse-storage";
import type { Principal } from "../principal";
import { SecurableGrants } from "./securable-grants";

export const MEDALLION_SCHEMAS = ["bronze", "silver", "gold"] as const;
export type MedallionSchema = (typeof MEDALLION_SCHEMAS)[number];

export interface LakehouseCatalogProps {
  readonly provider: TerraformProvider;
  readonly environment: string;
  readonly catalogName: string;
  readonly storage: LakehouseStorage;
  /** The only workspace that may use this catalog and its storage (environment isolation). */
  readonly workspaceId: number;
  readonly deletionProtection: boolean;
}

// Privilege sets per kind of access; each persona gets the smallest one its work needs.
const READ_TABLES = ["USE_SCHEMA", "SELECT", "EXECUTE", "READ_VOLUME"];
const WRITE_TABLES = [...READ_TABLES, "MODIFY", "CREATE_TABLE", "CREATE_FUNCTION", "WRITE_VOLUME"];

/**
 * Unity Catalog for one environment: a storage credential (or the one the workspace stack made), an external location per storage zone,
 * one catalog bound to the environment's workspace only, schemas bronze/silver/gold each managed in
 * its own zone, and a volume over the landing zone. Grant methods express access by persona.
 */
export class LakehouseCatalog extends Construct {
  /** The credential this construct created (Azure); undefined when the workspace stack created it (AWS). */
  readonly credential?: StorageCredential;
  readonly credentialName: string;
  readonly locations: Record<Zone, ExternalLocation>;
  readonly catalog: Catalog;
  readonly schemas: Record<MedallionSchema, Schema>;
  readonly landingVolume: Volume;
  private readonly grants: Record<
    "catalog" | MedallionSchema | "landingVolume" | "landingLocation" | "checkpointsLocation",
    SecurableGrants
  >;

  constructor(scope: Construct, id: string, props: LakehouseCatalogProps) {
    super(scope, id);
    const provider = props.provider;
    const protect = props.deletionProtection ? { preventDestroy: true } : undefined;
    const credential = props.storage.credential;
    if (credential.kind === "azure-managed-identity") {
      this.credential = new StorageCredential(this, "credential", {
        provider,
        name: `${props.environment}-lakehouse`,
        comment: `Storage of the ${props.environment} lakehouse`,
        isolationMode: "ISOLATION_MODE_ISOLATED",
        azureManagedIdentity: { accessConnectorId: credential.accessConnectorId },
      });
      this.credentialName = this.credential.name;
    } else {
      this.credentialName = credential.name;
    }
    const bind = (key: string, securableType: string, securableName: string) =>
      new WorkspaceBinding(this, `${key}-binding`, {
        provider,
        securableType,
        securableName,
        workspaceId: props.workspaceId,
        bindingType: "BINDING_TYPE_READ_WRITE",
      });
    bind("credential", "storage_credential", this.credentialName);

    this.locations = Object.fromEntries(
      ZONES.map((zone) => {
        const location = new ExternalLocation(this, `${zone}-location`, {
          provider,
          name: `${props.environment}-${zone}`,
          url: props.storage.urls[zone],
          credentialName: this.credentialName,
          isolationMode: "ISOLATION_MODE_ISOLATED",
          comment: `${zone} zone of the ${props.environment} lakehouse`,
        });
        bind(`${zone}-location`, "external_location", location.name);
        return [zone, location];
      }),
    ) as Record<Zone, ExternalLocation>;

    this.catalog = new Catalog(this, "catalog", {
      provider,
      name: props.catalogName,
      comment: `Lakehouse of the ${props.environment} environment`,
      storageRoot: `${props.storage.urls.bronze}_catalog`,
      isolationMode: "ISOLATED",
      enablePredictiveOptimization: "ENABLE",
      lifecycle: protect,
      dependsOn: [this.locations.bronze],
    });
    bind("catalog", "catalog", this.catalog.name);

    this.schemas = Object.fromEntries(
      MEDALLION_SCHEMAS.map((name) => [
        name,
        new Schema(this, `${name}-schema`, {
          provider,
          catalogName: this.catalog.name,
          name,
          comment: `${name} layer`,
          storageRoot: props.storage.urls[name],
          lifecycle: protect,
          dependsOn: [this.locations[name]],
        }),
      ]),
    ) as Record<MedallionSchema, Schema>;

    this.landingVolume = new Volume(this, "landing-volume", {
      provider,
      catalogName: this.catalog.name,
      schemaName: this.schemas.bronze.name,
      name: "landing",
      volumeType: "EXTERNAL",
      storageLocation: props.storage.urls.landing,
      comment: "Raw files as they arrive; Auto Loader reads from here",
      lifecycle: protect,
      dependsOn: [this.locations.landing],
    });

    const grants = (key: string, securable: ConstructorParameters<typeof SecurableGrants>[2]["securable"]) =>
      new SecurableGrants(this, `${key}-grants`, { provider, securable });
    this.grants = {
      catalog: grants("catalog", { catalog: this.catalog.name }),
      bronze: grants("bronze", { schema: this.schemas.bronze.id }),
      silver: grants("silver", { schema: this.schemas.silver.id }),
      gold: grants("gold", { schema: this.schemas.gold.id }),
      landingVolume: grants("landing-volume", { volume: this.landingVolume.id }),
      landingLocation: grants("landing-location", { externalLocation: this.locations.landing.id }),
      checkpointsLocation: grants("checkpoints-location", { externalLocation: this.locations.checkpoints.id }),
    };
  }

  /** Everything on the catalog: only for admins (ALL_PRIVILEGES). */
  grantAdmin(principal: Principal): void {
    this.grants.catalog.grant(principal, ["ALL_PRIVILEGES"]);
  }

  /** Browse the catalog (USE_CATALOG); needed before any schema grant takes effect. */
  grantUseCatalog(principal: Principal): void {
    this.grants.catalog.grant(principal, ["USE_CATALOG"]);
  }

  grantReadSchema(principal: Principal, schema: MedallionSchema): void {
    this.grantUseCatalog(principal);
    this.grants[schema].grant(principal, READ_TABLES);
  }

  grantWriteSchema(principal: Principal, schema: MedallionSchema): void {
    this.grantUseCatalog(principal);
    this.grants[schema].grant(principal, WRITE_TABLES);
  }

  /**
   * Read tables of a schema and nothing else: USE_CATALOG, USE_SCHEMA and SELECT (no EXECUTE, no
   * READ_VOLUME, never MODIFY). For developers reading a prod catalog from their workspace.
   */
  grantSelect(principal: Principal, schema: MedallionSchema): void {
    this.grantUseCatalog(principal);
    this.grants[schema].grant(principal, ["USE_SCHEMA", "SELECT"]);
  }

  /**
   * Binds the catalog to another workspace (numeric id, may be a cross-stack token) read-only
   * (BINDING_TYPE_READ_ONLY, "Limit catalog access to specific workspaces"): whatever its users'
   * grants say, nothing there can write to it. `key` names the binding in construct ids; it is made
   * after `dependsOn` (the ABAC policies: no one there reads the catalog before it is masked).
   */
  bindReadOnly(key: string, workspaceId: number, dependsOn: ITerraformDependable[] = []): WorkspaceBinding {
    return new WorkspaceBinding(this, `catalog-read-only-${key}-binding`, {
      provider: this.catalog.provider,
      securableType: "catalog",
      securableName: this.catalog.name,
      workspaceId,
      bindingType: "BINDING_TYPE_READ_ONLY",
      dependsOn,
    });
  }

  /** Register MLflow models in a schema (Unity Catalog model registry). */
  grantCreateModel(principal: Principal, schema: MedallionSchema): void {
    this.grants[schema].grant(principal, ["CREATE_MODEL"]);
  }

  /** Read raw files from the landing volume and its location (Auto Loader), and keep stream checkpoints. */
  grantIngest(principal: Principal): void {
    this.grantUseCatalog(principal);
    this.grants.bronze.grant(principal, ["USE_SCHEMA"]);
    this.grants.landingVolume.grant(principal, ["READ_VOLUME", "WRITE_VOLUME"]);
    this.grants.landingLocation.grant(principal, ["READ_FILES"]);
    this.grants.checkpointsLocation.grant(principal, ["READ_FILES", "WRITE_FILES"]);
  }

  /** Securable key -> principal -> privileges, for the access matrix. */
  get granted(): Record<string, ReadonlyMap<string, string[]>> {
    return Object.fromEntries(Object.entries(this.grants).map(([key, g]) => [key, g.granted]));
  }
}
