import { ServicePrincipalFederationPolicy } from "@cdktn/provider-databricks/lib/service-principal-federation-policy";
import { type TerraformProvider, Token } from "cdktn";
import { Construct } from "constructs";
import { GITHUB_ACTIONS_ISSUER, githubEnvironmentSubject } from "../../github-actions-oidc";

export interface GitHubFederationProps {
  /** The account-level provider (federation policies are account objects). */
  readonly provider: TerraformProvider;
  /** Account-level id of the service principal that the workflows sign in as (databricks_service_principal.id). */
  readonly servicePrincipalId: string;
  /** OWNER/NAME of the GitHub repository whose workflows may sign in. */
  readonly repository: string;
  /** The GitHub environments whose jobs may sign in; one policy each. */
  readonly environments: readonly string[];
  /** The Databricks account id: the audience the policies accept. */
  readonly databricksAccountId: string;
}

/** The policy id of the federation policy for one GitHub environment (lowercase letters, digits and "-", 2-63). */
export const federationPolicyId = (environment: string): string => `github-${environment}`;

/**
 * Workload identity federation of one Databricks service principal with GitHub Actions: one
 * `databricks_service_principal_federation_policy` per GitHub environment, trusting tokens whose
 * issuer is GitHub Actions, whose subject is `repo:OWNER/NAME:environment:ENV` and whose audience is
 * the Databricks account id. The workflows then sign in with `DATABRICKS_AUTH_TYPE=github-oidc`, the
 * principal's application id and `DATABRICKS_TOKEN_AUDIENCE` set to the account id, and store no
 * secret. Sources: Databricks "Enable workload identity federation for GitHub Actions" and "Configure
 * a federation policy" (issuer, subject, audiences; the account id is the default audience, and the
 * one Databricks recommends); Databricks SDK unified authentication, `DATABRICKS_TOKEN_AUDIENCE`
 * (without it a workspace client asks for the workspace's token endpoint as audience, which the
 * policy would refuse).
 */
export class GitHubFederation extends Construct {
  /** The policies, by GitHub environment. */
  readonly policies: Record<string, ServicePrincipalFederationPolicy> = {};

  constructor(scope: Construct, id: string, props: GitHubFederationProps) {
    super(scope, id);
    if (props.environments.length === 0)
      throw new Error(
        `${this.node.path}: no GitHub environment given; a service principal without a federation policy cannot sign in from CI. Fix: pass the GitHub environments its workflows run in`,
      );
    for (const environment of new Set(props.environments)) {
      this.policies[environment] = new ServicePrincipalFederationPolicy(this, environment, {
        provider: props.provider,
        servicePrincipalId: Token.asNumber(props.servicePrincipalId),
        policyId: federationPolicyId(environment),
        description: `GitHub Actions jobs of ${props.repository} in the ${environment} environment`,
        oidcPolicy: {
          issuer: GITHUB_ACTIONS_ISSUER,
          subject: githubEnvironmentSubject(props.repository, environment),
          audiences: [props.databricksAccountId],
        },
      });
    }
  }
}
