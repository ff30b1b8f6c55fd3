import { ServicePrincipal } from "@cdktn/provider-databricks/lib/service-principal";
import { ServicePrincipalRole } from "@cdktn/provider-databricks/lib/service-principal-role";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { GitHubFederation } from "./github-federation";

export interface DeployerPrincipalProps {
  /** The account-level provider. */
  readonly provider: TerraformProvider;
  readonly databricksAccountId: string;
  /** OWNER/NAME of the repository whose workflows deploy. */
  readonly repository: string;
  /** Every GitHub environment that plans or deploys an account-level stack of this account. */
  readonly githubEnvironments: readonly string[];
  /** Display name; "lakehouse-deployer" by default. */
  readonly displayName?: string;
}

/**
 * The principal CI deploys the account-level stacks as (the metastore and workspace stacks): a
 * Databricks-managed service principal with the account admin role, which those stacks need
 * (workspaces, network and storage configurations, metastores and their assignment, account groups:
 * Databricks "Manage your Databricks account", account admin), federated with the repository's
 * GitHub environments so that it has no secret at all. Databricks has no read-only account role,
 * so the plan environments sign in as it too: restrict who may run workflows in them
 * (docs/ci-and-bootstrap.md, "Bootstrap").
 */
export class DeployerPrincipal extends Construct {
  readonly principal: ServicePrincipal;
  readonly federation: GitHubFederation;

  constructor(scope: Construct, id: string, props: DeployerPrincipalProps) {
    super(scope, id);
    this.principal = new ServicePrincipal(this, "principal", {
      provider: props.provider,
      displayName: props.displayName ?? "lakehouse-deployer",
    });
    new ServicePrincipalRole(this, "account-admin", {
      provider: props.provider,
      servicePrincipalId: this.principal.id,
      role: "account_admin",
    });
    this.federation = new GitHubFederation(this, "github", {
      provider: props.provider,
      servicePrincipalId: this.principal.id,
      repository: props.repository,
      environments: props.githubEnvironments,
      databricksAccountId: props.databricksAccountId,
    });
  }

  /** The application (client) id the workflows sign in with: the GitHub variable DATABRICKS_CLIENT_ID. */
  get applicationId(): string {
    return this.principal.applicationId;
  }
}
