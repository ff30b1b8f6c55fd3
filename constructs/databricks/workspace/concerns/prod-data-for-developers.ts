import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { group, type Principal } from "../principal";
import { AbacPolicies } from "../unity-catalog/abac-policies";
import { DataClassification } from "../unity-catalog/data-classification";
import { GovernanceFunctions } from "../unity-catalog/governance-functions";
import type { LakehouseCatalog } from "../unity-catalog/lakehouse-catalog";
import { SensitivityTagPolicy } from "../unity-catalog/sensitivity-tag-policy";

/** A dev (or test) environment that reads this prod catalog: its workspace and its developers' groups. */
export interface DeveloperWorkspace {
  readonly name: string;
  /** Numeric workspace id (a reference to the reader's workspace stack state). */
  readonly workspaceId: number;
  /** Account-level groups granted USE_CATALOG, USE_SCHEMA and SELECT on silver and gold. */
  readonly developerGroups: readonly string[];
}

export interface ProdDataForDevelopersProps {
  readonly provider: TerraformProvider;
  readonly catalog: LakehouseCatalog;
  readonly catalogName: string;
  readonly readers: readonly DeveloperWorkspace[];
  /** The prod environment's pii-readers group and its pipelines' principal (application id): they see everything. */
  readonly piiReadersGroup: string;
  readonly pipelinesApplicationId: string;
  /** Workspace URL and SQL warehouse id the governance functions are created through. */
  readonly host: string;
  readonly warehouseId: string;
  readonly governanceDirectory: string;
  /** This stack creates the account's governed tag `sensitivity` (one stack per Databricks account does). */
  readonly createsSensitivityTag: boolean;
  /** Data classification on the catalog (config unityCatalog.dataClassification): findings reported, never applied. */
  readonly dataClassification: boolean;
}

/**
 * Dev reads prod, masked and read-only (docs/production-data-in-dev.md), on the prod side: the
 * governed tag (where this stack holds it), the governance functions, the ABAC policies (pii masked,
 * confidential rows sampled, for everyone but pii-readers and the pipelines), then for each reading
 * environment the catalog bound read-only to its workspace and its developers' groups granted
 * USE_CATALOG, USE_SCHEMA and SELECT on silver and gold, nothing on bronze or the landing volume.
 * Where classification is on, the catalog's tagged schemas are scanned too (DataClassification).
 * The order is Terraform's: functions after the catalog, policies after the functions and the tag,
 * the read-only binding after the policies, so no developer reads the catalog before it is masked
 * (the grants share the catalog's one authoritative databricks_grants; without the binding they
 * admit nothing from the dev workspace).
 */
export class ProdDataForDevelopers extends Construct {
  readonly tag?: SensitivityTagPolicy;
  readonly functions: GovernanceFunctions;
  readonly policies: AbacPolicies;
  readonly classification?: DataClassification;
  readonly readers: readonly DeveloperWorkspace[];
  /** The developers' principals, for tests and docs/access-matrix.md. */
  readonly developers: Principal[];

  constructor(scope: Construct, id: string, props: ProdDataForDevelopersProps) {
    super(scope, id);
    const { provider, catalog } = props;
    if (props.createsSensitivityTag) this.tag = new SensitivityTagPolicy(this, "sensitivity", { provider });
    this.functions = new GovernanceFunctions(this, "governance-functions", {
      catalogName: props.catalogName,
      host: props.host,
      warehouseId: props.warehouseId,
      directory: props.governanceDirectory,
      dependsOn: [catalog.catalog],
    });
    this.policies = new AbacPolicies(this, "abac", {
      provider,
      catalogName: props.catalogName,
      exceptPrincipals: [props.piiReadersGroup, props.pipelinesApplicationId],
      dependsOn: [this.functions.resource, ...(this.tag ? [this.tag.tagPolicy] : [])],
    });
    if (props.dataClassification) this.classification = new DataClassification(this, "data-classification", { provider, catalog });
    this.readers = props.readers;
    this.developers = [];
    for (const reader of props.readers) {
      catalog.bindReadOnly(reader.name, reader.workspaceId, this.policies.policies);
      for (const name of reader.developerGroups) {
        const developer = group(name);
        this.developers.push(developer);
        catalog.grantSelect(developer, "silver");
        catalog.grantSelect(developer, "gold");
      }
    }
  }
}
