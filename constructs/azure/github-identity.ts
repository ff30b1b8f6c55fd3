import { FederatedIdentityCredential } from "@cdktn/provider-azurerm/lib/federated-identity-credential";
import { UserAssignedIdentity } from "@cdktn/provider-azurerm/lib/user-assigned-identity";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { AZURE_TOKEN_EXCHANGE_AUDIENCE, GITHUB_ACTIONS_ISSUER, githubEnvironmentSubject } from "../github-actions-oidc";

/** The resource group of every subscription's CI identities (the bootstrap stack creates it). */
export const CI_RESOURCE_GROUP = "rg-lakehouse-ci";

/** Name of the managed identity an Azure environment's CI/CD principal is (its workspace stack looks it up). */
export const cicdIdentityName = (environment: string): string => `id-${environment}-cicd`;

export interface GitHubIdentityProps {
  readonly provider: TerraformProvider;
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** OWNER/NAME of the repository whose workflows sign in as this identity. */
  readonly repository: string;
  /** GitHub environments whose jobs may sign in; one federated credential each. */
  readonly environments: readonly string[];
  readonly tags: Record<string, string>;
}

/**
 * A Microsoft Entra workload identity for GitHub Actions, made with azurerm alone: a user-assigned
 * managed identity with one federated identity credential per GitHub environment (issuer GitHub
 * Actions, subject `repo:OWNER/NAME:environment:ENV`, audience api://AzureADTokenExchange). Workflows
 * sign in with `ARM_USE_OIDC=true` and `ARM_CLIENT_ID` set to its client id (azurerm), or
 * `DATABRICKS_AUTH_TYPE=github-oidc-azure` (Databricks), and hold no secret. A managed identity
 * rather than an app registration: Resource Manager creates it under the subscription's RBAC, with
 * no Microsoft Graph permission or directory role, and it can never be given a client secret.
 * Sources: Microsoft Entra Workload ID, "Configure a user-assigned managed identity to trust an
 * external identity provider" (at most 20 federated credentials per identity); GitHub Docs,
 * "Configuring OpenID Connect in Azure".
 */
export class GitHubIdentity extends Construct {
  readonly identity: UserAssignedIdentity;
  readonly credentials: FederatedIdentityCredential[];

  constructor(scope: Construct, id: string, props: GitHubIdentityProps) {
    super(scope, id);
    const environments = [...new Set(props.environments)];
    if (environments.length === 0 || environments.length > 20) {
      throw new Error(
        `${this.node.path}: ${environments.length} GitHub environments given for ${props.name}; a managed identity takes 1-20 federated credentials. Fix: give it the GitHub environments its workflows run in (at most 20)`,
      );
    }
    this.identity = new UserAssignedIdentity(this, "identity", {
      provider: props.provider,
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
    });
    this.credentials = environments.map(
      (environment) =>
        new FederatedIdentityCredential(this, environment, {
          provider: props.provider,
          name: `github-${environment}`,
          userAssignedIdentityId: this.identity.id,
          issuer: GITHUB_ACTIONS_ISSUER,
          subject: githubEnvironmentSubject(props.repository, environment),
          audience: [AZURE_TOKEN_EXCHANGE_AUDIENCE],
        }),
    );
  }

  /** The client (application) id workflows sign in with. */
  get clientId(): string {
    return this.identity.clientId;
  }

  /** The object id role assignments name. */
  get principalId(): string {
    return this.identity.principalId;
  }
}
