import { DataResource, type ITerraformDependable } from "cdktn";
import { Construct } from "constructs";
import { governanceHash } from "./governance-sql";

export interface GovernanceFunctionsProps {
  /** The catalog whose `governance` schema holds the functions. */
  readonly catalogName: string;
  /** The workspace URL (may be a cross-stack token) and the SQL warehouse the statements run on. */
  readonly host: string;
  readonly warehouseId: string;
  /** notebooks/governance: the reviewed SQL files. */
  readonly directory: string;
  /** Created before the functions (the catalog, the warehouse). */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * The masking and row filter functions of the ABAC policies, created or replaced from the
 * repository's SQL files before the policies that call them. Terraform has no resource for a SQL
 * function, so a `terraform_data` runs scripts/governance/apply-functions.ts (local-exec, SQL
 * Statement Execution API on the environment's warehouse) as the identity applying the stack, the
 * CI/CD principal. It re-runs when a file, the catalog or the warehouse changes (triggers_replace on
 * their hash); every statement is idempotent. Why not a job or a notebook: a job runs after the apply,
 * so the policies would be created against functions that do not exist yet (docs/production-data-in-dev.md).
 */
export class GovernanceFunctions extends Construct {
  readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: GovernanceFunctionsProps) {
    super(scope, id);
    this.resource = new DataResource(this, "apply", {
      triggersReplace: { sql: governanceHash(props.directory), catalog: props.catalogName, warehouse: props.warehouseId },
      dependsOn: props.dependsOn,
      provisioners: [
        {
          type: "local-exec",
          // The stack runs in cdktf.out/stacks/<name>; the script and the SQL files are the repository's.
          workingDir: "../../..",
          command: "npx --no-install ts-node --swc scripts/governance/apply-functions.ts",
          environment: {
            DATABRICKS_HOST: props.host,
            LAKEHOUSE_CATALOG: props.catalogName,
            LAKEHOUSE_WAREHOUSE_ID: props.warehouseId,
          },
        },
      ],
    });
  }
}
