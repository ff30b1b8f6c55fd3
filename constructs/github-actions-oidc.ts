// GitHub Actions as an OpenID Connect identity provider: what every cloud's trust of a workflow
// checks. Sources: GitHub Docs, "About security hardening with OpenID Connect" (issuer, `sub` for a
// job that names an environment); "Configuring OpenID Connect in Amazon Web Services" (audience
// sts.amazonaws.com); "Configuring OpenID Connect in Azure" with Microsoft Entra "Workload identity
// federation" (audience api://AzureADTokenExchange); Databricks "Enable workload identity federation
// for GitHub Actions" (audience: the Databricks account id when none is set).

/** The `iss` of every GitHub Actions token (github.com; GitHub Enterprise Cloud with data residency differs). */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/** Host part of the issuer, as IAM condition keys name it (`token.actions.githubusercontent.com:sub`). */
export const GITHUB_ACTIONS_ISSUER_HOST = "token.actions.githubusercontent.com";

/** The audience aws-actions/configure-aws-credentials requests. */
export const AWS_STS_AUDIENCE = "sts.amazonaws.com";

/** The audience azure/login and the azurerm and Databricks `github-oidc-azure` logins request. */
export const AZURE_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/**
 * The `sub` claim of a job of `repository` (OWNER/NAME) that runs in the GitHub environment
 * `environment`: `repo:OWNER/NAME:environment:ENVIRONMENT`. Trusting this subject, and not a branch
 * or pull request, lets the environment's protection rules (required reviewers, deployment branches)
 * decide who may obtain the identity.
 */
export function githubEnvironmentSubject(repository: string, environment: string): string {
  return `repo:${repository}:environment:${environment}`;
}
