import { DataAwsIamPolicyDocument } from "@cdktn/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktn/provider-aws/lib/iam-openid-connect-provider";
import { IamPolicy } from "@cdktn/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktn/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktn/provider-aws/lib/iam-role-policy-attachment";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { AWS_STS_AUDIENCE, GITHUB_ACTIONS_ISSUER, GITHUB_ACTIONS_ISSUER_HOST, githubEnvironmentSubject } from "../github-actions-oidc";
import { type ActionStatement, type AwsDeployScope, deployStatements, planStatements } from "./deploy-actions";

export interface GitHubCiRolesProps {
  /** The aws provider of the account the roles live in. */
  readonly provider: TerraformProvider;
  /** OWNER/NAME of the repository whose workflows assume the roles. */
  readonly repository: string;
  /** GitHub environments of the pull-request plans of this account's environments. */
  readonly planEnvironments: readonly string[];
  /** GitHub environments of the deploys of this account's environments. */
  readonly deployEnvironments: readonly string[];
  readonly scope: AwsDeployScope;
}

/** Names of the two roles in every account: the workflows' AWS_PLAN_ROLE_ARN and AWS_DEPLOY_ROLE_ARN. */
export const CI_ROLE_NAMES = { plan: "lakehouse-ci-plan", deploy: "lakehouse-ci-deploy" } as const;

// Managed policies, one per concern: a role's inline policies share 10,240 characters, a managed
// policy has 6,144 and a role takes 10 (IAM and AWS STS quotas).
const POLICY_OF: Record<string, string> = { ListLogGroups: "LogGroups", PassFlowLogRole: "Roles", EmptyDisposableBuckets: "Buckets" };

/**
 * GitHub Actions' identity provider in one AWS account and the two roles the workflows assume
 * through it: a plan role (reads only, for pull requests) and a deploy role (for merges), each
 * trusting only tokens whose audience is sts.amazonaws.com and whose subject is one of its GitHub
 * environments (AWS IAM User Guide, "Create a role for OpenID Connect federation" and "Available keys
 * for AWS OIDC federation"; GitHub Docs, "Configuring OpenID Connect in Amazon Web Services"). AWS
 * trusts GitHub's certificate authority itself, so no thumbprint is pinned (IAM User Guide,
 * "Obtain the thumbprint for an OpenID Connect identity provider"). Their permissions come from
 * deploy-actions.ts; `grant` adds more (the Terraform state).
 */
export class GitHubCiRoles extends Construct {
  readonly identityProvider: IamOpenidConnectProvider;
  readonly planRole: IamRole;
  readonly deployRole: IamRole;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: GitHubCiRolesProps,
  ) {
    super(scope, id);
    const { provider } = props;
    this.identityProvider = new IamOpenidConnectProvider(this, "github", {
      provider,
      url: GITHUB_ACTIONS_ISSUER,
      clientIdList: [AWS_STS_AUDIENCE],
    });
    this.planRole = this.role(
      "plan",
      CI_ROLE_NAMES.plan,
      props.planEnvironments,
      "Plans the lakehouse stacks from pull requests (read only)",
    );
    this.deployRole = this.role(
      "deploy",
      CI_ROLE_NAMES.deploy,
      props.deployEnvironments,
      "Deploys the lakehouse stacks from the main branch",
    );
    this.grant(this.planRole, planStatements(props.scope));
    this.grant(this.deployRole, deployStatements(props.scope));
  }

  private role(id: string, name: string, environments: readonly string[], description: string): IamRole {
    const trust = new DataAwsIamPolicyDocument(this, `${id}-trust`, {
      provider: this.props.provider,
      statement: [
        {
          sid: "GitHubActionsEnvironments",
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [this.identityProvider.arn] }],
          condition: [
            { test: "StringEquals", variable: `${GITHUB_ACTIONS_ISSUER_HOST}:aud`, values: [AWS_STS_AUDIENCE] },
            {
              test: "StringEquals",
              variable: `${GITHUB_ACTIONS_ISSUER_HOST}:sub`,
              values: environments.map((e) => githubEnvironmentSubject(this.props.repository, e)),
            },
          ],
        },
      ],
    });
    return new IamRole(this, id, {
      provider: this.props.provider,
      name,
      description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
  }

  /**
   * Gives `role` (one of the two) the `statements`, as managed policies grouped by concern (the
   * statement's sid, or `policyName` for all of them).
   */
  grant(role: IamRole, statements: readonly ActionStatement[], policyName?: string): void {
    const byPolicy = new Map<string, ActionStatement[]>();
    for (const s of statements) {
      const name = policyName ?? POLICY_OF[s.sid] ?? s.sid;
      byPolicy.set(name, [...(byPolicy.get(name) ?? []), s]);
    }
    const roleId = role === this.planRole ? "plan" : "deploy";
    const roleName = CI_ROLE_NAMES[roleId];
    for (const [name, group] of byPolicy) {
      const document = new DataAwsIamPolicyDocument(this, `${roleId}-${name}-document`, {
        provider: this.props.provider,
        statement: group.map((s) => ({ sid: s.sid, effect: "Allow", actions: s.actions, resources: s.resources, condition: s.condition })),
      });
      const policy = new IamPolicy(this, `${roleId}-${name}`, {
        provider: this.props.provider,
        name: `${roleName}-${name.toLowerCase()}`,
        description: `${name} actions of ${roleName}`,
        policy: document.json,
      });
      new IamRolePolicyAttachment(this, `${roleId}-${name}-attachment`, {
        provider: this.props.provider,
        role: role.name,
        policyArn: policy.arn,
      });
    }
  }
}
