import { loadEnvironments } from "../config/load";
import { DATABRICKS_CONTROL_PLANE_ACCOUNT } from "../constructs/aws/databricks-aws-accounts";
import { AWS_MANAGED_TYPES } from "../constructs/aws/deploy-actions";
import { AZURE_MANAGED_TYPES } from "../constructs/azure/deploy-actions";
import { dataSourcesOf, exampleEnvironments, examples, resourcesOf, synthBlueprint, synthBlueprintSelected, variant } from "./helpers";

const stacks = synthBlueprint(Object.values(exampleEnvironments()));
const aws = stacks["bootstrap-aws-00000000"];
const azure = stacks["bootstrap-azure-00000000"];
const REPO = "example-org/lakehouse";
const subject = (environment: string) => `repo:${REPO}:environment:${environment}`;
const statementsOf = (stack: string) =>
  dataSourcesOf(stack, "aws_iam_policy_document").flatMap((d) => (d.statement ?? []) as Record<string, any>[]);
const policyDocument = (stack: string, reference: string) => {
  const id = /\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}/.exec(reference)?.[1];
  return JSON.parse(stack).data.aws_iam_policy_document[id as string] as Record<string, any>;
};

describe("the deployer service principal of a Databricks account", () => {
  it.each([
    ["aws", aws, "00000000-0000-4000-8000-000000000000", ["dev", "dev-plan", "prod", "prod-plan", "sandbox", "sandbox-plan"]],
    ["azure", azure, "00000000-0000-4000-8000-000000000001", ["azdev", "azdev-plan", "azprod", "azprod-plan"]],
  ])(
    "%s: is an account admin federated with each plan and deploy GitHub environment (issuer, subject, audience)",
    (_, stack, accountId, environments) => {
      const [principal] = resourcesOf(stack, "databricks_service_principal");
      expect(principal).toMatchObject({ display_name: "lakehouse-deployer", provider: "databricks.account" });
      expect(principal.application_id).toBeUndefined();
      expect(resourcesOf(stack, "databricks_service_principal_role")).toEqual([
        expect.objectContaining({
          role: "account_admin",
          service_principal_id: expect.stringMatching(/^\$\{databricks_service_principal\.deployer_principal_[0-9A-F]+\.id\}$/),
        }),
      ]);
      const policies = resourcesOf(stack, "databricks_service_principal_federation_policy");
      expect(policies.map((p) => p.oidc_policy.subject).sort()).toEqual(environments.map(subject).sort());
      for (const policy of policies) {
        expect(policy.oidc_policy).toEqual({
          issuer: "https://token.actions.githubusercontent.com",
          subject: expect.any(String),
          audiences: [accountId],
        });
        expect(policy.policy_id).toBe(`github-${policy.oidc_policy.subject.split(":environment:")[1]}`);
      }
    },
  );

  it("tells which GitHub variable to set in which GitHub environment", () => {
    const variables = JSON.parse(aws).output.github_variables.value;
    expect(Object.keys(variables).sort()).toEqual(["dev", "dev-plan", "prod", "prod-plan", "sandbox", "sandbox-plan"]);
    expect(Object.keys(variables["prod-plan"]).sort()).toEqual(["AWS_PLAN_ROLE_ARN", "DATABRICKS_CLIENT_ID"]);
    expect(variables.prod.AWS_DEPLOY_ROLE_ARN).toMatch(/aws-222222222222_github_deploy_/);
  });
});

describe("AWS: GitHub's identity provider and the plan and deploy roles of each account", () => {
  it("trust only tokens for sts.amazonaws.com from the account's plan (or deploy) GitHub environments", () => {
    expect(resourcesOf(aws, "aws_iam_openid_connect_provider").map((p) => [p.url, p.client_id_list, p.provider])).toEqual([
      ["https://token.actions.githubusercontent.com", ["sts.amazonaws.com"], "aws.aws_111111111111_eu_west_1"],
      ["https://token.actions.githubusercontent.com", ["sts.amazonaws.com"], "aws.aws_222222222222_eu_west_1"],
    ]);
    const roles = resourcesOf(aws, "aws_iam_role");
    const trustOf = (name: string, account: string) =>
      policyDocument(aws, roles.find((r) => r.name === name && r.provider.includes(account))!.assume_role_policy).statement;
    // The dev account holds two environments (dev and the serverless sandbox): its roles trust both.
    for (const [account, envs] of [
      ["111111111111", ["dev", "sandbox"]],
      ["222222222222", ["prod"]],
    ] as const) {
      for (const [use, githubEnvironments] of [
        ["plan", envs.map((env) => `${env}-plan`)],
        ["deploy", envs],
      ] as const) {
        const [statement, ...others] = trustOf(`lakehouse-ci-${use}`, account);
        expect(others).toEqual([]);
        expect(statement.actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
        expect(statement.principals).toEqual([
          {
            type: "Federated",
            identifiers: [expect.stringMatching(new RegExp(`aws_iam_openid_connect_provider\\.aws-${account}_github_`))],
          },
        ]);
        expect(statement.condition).toEqual([
          { test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] },
          { test: "StringEquals", variable: "token.actions.githubusercontent.com:sub", values: githubEnvironments.map(subject) },
        ]);
      }
    }
  });

  it("name every allowed action: no wildcard anywhere but the key administration AWS documents", () => {
    // Deny statements (TLS only on the state bucket) may be as wide as they like.
    for (const statement of statementsOf(aws).filter((s) => (s.effect ?? "Allow") === "Allow")) {
      const wild = ((statement.actions ?? []) as string[]).filter((a) => a.includes("*"));
      if (wild.length > 0) expect(statement).toMatchObject({ sid: "AccountAdministersKey", actions: ["kms:*"] });
    }
    // Each state bucket's key is administered by its own account: dev's bucket in 111111111111, prod's in 222222222222.
    const administrators = statementsOf(aws)
      .filter((s) => s.sid === "AccountAdministersKey")
      .map((s) => s.principals);
    expect(administrators).toEqual(
      ["111111111111", "222222222222"].map((account) => [{ type: "AWS", identifiers: [`arn:aws:iam::${account}:root`] }]),
    );
    expect(statementsOf(aws).length).toBeGreaterThan(20);
  });

  it("give the plan role reads only (writing only the state lock files) and the deploy role the writes", () => {
    const attached = (role: string) =>
      resourcesOf(aws, "aws_iam_policy").filter((p) => p.name.startsWith(`${role}-`) && p.provider.includes("222222222222"));
    const actionsOf = (role: string) => attached(role).flatMap((p) => policyDocument(aws, p.policy).statement as Record<string, any>[]);
    const writes =
      /:(Create|Delete|Put|Update|Modify|Attach|Detach|Authorize|Revoke|Tag|Untag|Allocate|Release|Associate|Disassociate|Enable|Disable|Schedule|Pass|Add|Remove|Replace)/;
    for (const statement of actionsOf("lakehouse-ci-plan")) {
      const written = (statement.actions as string[]).filter((a) => writes.test(a));
      if (written.length > 0) {
        expect(statement.sid).toMatch(/^LockState/);
        for (const resource of statement.resources) expect(resource).toMatch(/\.tfstate\.tflock$/);
      }
    }
    const deploy = actionsOf("lakehouse-ci-deploy").flatMap((s) => s.actions as string[]);
    expect(deploy).toEqual(
      expect.arrayContaining([
        "ec2:CreateVpc",
        "iam:CreateRole",
        "s3:CreateBucket",
        "kms:CreateKey",
        "logs:CreateLogGroup",
        "s3:PutObject",
      ]),
    );
  });

  it("scope IAM, S3 and log actions to the environments' own names, and EC2 and KMS to their regions", () => {
    const statements = resourcesOf(aws, "aws_iam_policy")
      .filter((p) => p.provider.includes("222222222222"))
      .flatMap((p) => policyDocument(aws, p.policy).statement as Record<string, any>[]);
    const roles = statements.find((s) => s.sid === "Roles")!;
    expect(roles.resources).toEqual([
      "arn:aws:iam::222222222222:role/prod-lakehouse-*",
      "arn:aws:iam::222222222222:instance-profile/prod-lakehouse-*",
    ]);
    expect(statements.find((s) => s.sid === "Buckets")!.resources).toEqual(["arn:aws:s3:::prod-lakehouse-*"]);
    expect(statements.find((s) => s.sid === "Network")!.condition).toEqual([
      { test: "StringEquals", variable: "aws:RequestedRegion", values: ["eu-west-1"] },
    ]);
    expect(statements.find((s) => s.sid === "PassFlowLogRole")!.condition).toEqual([
      { test: "StringEquals", variable: "iam:PassedToService", values: ["vpc-flow-logs.amazonaws.com"] },
    ]);
    // Prod keeps its data: its buckets cannot be emptied by the pipeline.
    expect(statements.some((s) => s.sid === "EmptyDisposableBuckets")).toBe(false);
  });

  it("grant network and firewall rights only to accounts whose environments use them", () => {
    const statementsOf = (account: string, role: string) =>
      resourcesOf(aws, "aws_iam_policy")
        .filter((p) => p.provider.includes(account) && p.name.startsWith(`${role}-`))
        .flatMap((p) => policyDocument(aws, p.policy).statement as Record<string, any>[]);
    const actionsOf = (account: string, role: string) => statementsOf(account, role).flatMap((s) => s.actions as string[]);
    const resourcesNamed = (account: string, sid: string) =>
      statementsOf(account, "lakehouse-ci-deploy").find((s) => s.sid === sid)?.resources as string[];
    // prod (222222222222) routes egress through the firewall; dev (111111111111) is open, and the sandbox
    // beside it is serverless: no VPC, no firewall.
    expect(actionsOf("222222222222", "lakehouse-ci-deploy")).toEqual(
      expect.arrayContaining(["network-firewall:CreateFirewall", "logs:PutResourcePolicy"]),
    );
    for (const role of ["lakehouse-ci-deploy", "lakehouse-ci-plan"])
      expect(actionsOf("111111111111", role).filter((a) => a.startsWith("network-firewall:") || a === "logs:PutResourcePolicy")).toEqual(
        [],
      );
    expect(actionsOf("111111111111", "lakehouse-ci-deploy")).toContain("ec2:CreateVpc");
    expect(actionsOf("111111111111", "lakehouse-ci-plan")).toContain("ec2:DescribeVpcs");
    expect(resourcesNamed("111111111111", "LogGroups")).toEqual(["arn:aws:logs:eu-west-1:111111111111:log-group:/vpc/dev-lakehouse/*"]);
    expect(resourcesNamed("111111111111", "PassFlowLogRole")).toEqual(["arn:aws:iam::111111111111:role/dev-lakehouse-*"]);
    // An account holding only the serverless sandbox manages no network at all.
    const alone = synthBlueprint(loadEnvironments([examples.sandbox]))["bootstrap-aws-00000000"];
    const sandboxActions = resourcesOf(alone, "aws_iam_policy").flatMap((p) =>
      (policyDocument(alone, p.policy).statement as Record<string, any>[]).flatMap((s) => s.actions as string[]),
    );
    expect(sandboxActions).toEqual(expect.arrayContaining(["s3:CreateBucket", "kms:CreateKey"]));
    expect(sandboxActions.filter((a) => /^(ec2|network-firewall):/.test(a) || a.startsWith("logs:") || a === "iam:PassRole")).toEqual([]);
  });

  it("create each state bucket config names in its owner's account, admitting other accounts' roles to their keys only", () => {
    expect(
      resourcesOf(aws, "aws_s3_bucket")
        .filter((b) => !b.bucket.endsWith("-access-logs"))
        .map((b) => [b.bucket, b.provider, b.lifecycle]),
    ).toEqual([
      ["example-org-terraform-state-dev", "aws.aws_111111111111_eu_west_1", { prevent_destroy: true }],
      ["example-org-terraform-state", "aws.aws_222222222222_eu_west_1", { prevent_destroy: true }],
    ]);
    const crossAccount = statementsOf(aws).filter((s) => (s.condition ?? []).some((c: any) => c.variable === "aws:PrincipalArn"));
    const admitted = (account: string) =>
      crossAccount.filter((s) =>
        s.condition.some(
          (c: any) => c.variable === "aws:PrincipalArn" && c.values.every((v: string) => v.startsWith(`arn:aws:iam::${account}:`)),
        ),
      );
    expect(admitted("111111111111").length + admitted("222222222222").length).toBe(crossAccount.length);
    // dev shares prod's metastore, whose state is in prod's bucket: dev's roles reach that key and no other.
    for (const resource of admitted("111111111111")
      .flatMap((s) => s.resources as string[])
      .filter((r) => r.includes("/")))
      expect(resource).toMatch(
        /^arn:aws:s3:::example-org-terraform-state\/lakehouse\/prod\/metastore-aws-eu-west-1-00000000\.tfstate(\.tflock)?$/,
      );
    // prod's config stack reads dev's workspace id: prod's roles read that key of dev's bucket, and nothing else there.
    expect([...new Set(admitted("222222222222").flatMap((s) => s.actions as string[]))].sort()).toEqual(["s3:GetObject", "s3:ListBucket"]);
    for (const resource of admitted("222222222222")
      .flatMap((s) => s.resources as string[])
      .filter((r) => r.includes("/")))
      expect(resource).toBe("arn:aws:s3:::example-org-terraform-state-dev/lakehouse/dev/dev-aws-workspace.tfstate");
  });

  it("log every request to each state bucket into a deletion-protected bucket beside it that takes that bucket's logs only", () => {
    const resources = JSON.parse(aws).resource as Record<string, Record<string, Record<string, any>>>;
    const nameOf = (reference: string) => {
      const id = /^\$\{aws_s3_bucket\.([^.]+)\.(id|bucket)\}$/.exec(reference)?.[1];
      return resources.aws_s3_bucket[id as string]?.bucket as string | undefined;
    };
    const of = (type: string, bucket: string) => Object.values(resources[type]).filter((r) => nameOf(r.bucket) === bucket);
    expect(Object.values(resources.aws_s3_bucket_logging).map((l) => [nameOf(l.bucket), nameOf(l.target_bucket), l.target_prefix])).toEqual(
      [
        ["example-org-terraform-state-dev", "example-org-terraform-state-dev-access-logs", "state/"],
        ["example-org-terraform-state", "example-org-terraform-state-access-logs", "state/"],
      ],
    );
    for (const [state, account] of [
      ["example-org-terraform-state-dev", "111111111111"],
      ["example-org-terraform-state", "222222222222"],
    ]) {
      const logs = `${state}-access-logs`;
      const [bucket] = resourcesOf(aws, "aws_s3_bucket").filter((b) => b.bucket === logs);
      // Never destroyed by Terraform, like the state it records; never emptied by a destroy either.
      expect(bucket).toMatchObject({ lifecycle: { prevent_destroy: true }, provider: `aws.aws_${account}_eu_west_1` });
      expect(bucket.force_destroy).toBeUndefined();
      // S3 delivers server access logs only to SSE-S3 buckets; logs are kept a year.
      expect(of("aws_s3_bucket_server_side_encryption_configuration", logs)[0].rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ]);
      expect(of("aws_s3_bucket_lifecycle_configuration", logs)[0].rule[0].expiration).toEqual([{ days: 365 }]);
      expect(of("aws_s3_bucket_versioning", logs)[0].versioning_configuration).toEqual({ status: "Enabled" });
      expect(of("aws_s3_bucket_public_access_block", logs)[0]).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      // Its policy admits only the S3 logging service, for this account's state bucket and no other bucket.
      const [policy] = of("aws_s3_bucket_policy", logs);
      const document = policyDocument(aws, policy.policy);
      const delivery = statementsOf(aws).find(
        (s) => s.sid === "S3ServerAccessLogDelivery" && (s.resources as string[]).includes(`arn:aws:s3:::${logs}/*`),
      );
      expect(delivery).toMatchObject({
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        actions: ["s3:PutObject"],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
          { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:aws:s3:::${state}`] },
        ],
      });
      expect(document.source_policy_documents).toHaveLength(1);
      // No log bucket logs itself (a loop), and the logging of the state bucket waits for the policy.
      expect(of("aws_s3_bucket_logging", logs)).toEqual([]);
      const [logging] = of("aws_s3_bucket_logging", state);
      expect(logging.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\./)]);
      expect(logging.depends_on[0]).toBe(
        `aws_s3_bucket_policy.${Object.entries(resources.aws_s3_bucket_policy).find(([, p]) => p === policy)?.[0]}`,
      );
    }
  });

  it("admit GitHub, never Databricks' control plane", () => {
    expect(aws).not.toContain(DATABRICKS_CONTROL_PLANE_ACCOUNT);
  });
});

describe("Azure: managed identities with federated credentials, their roles, the state storage", () => {
  const credentials = resourcesOf(azure, "azurerm_federated_identity_credential");
  const identities = resourcesOf(azure, "azurerm_user_assigned_identity");

  it("give the plan, deploy and each environment's CI/CD identity one credential per GitHub environment (issuer, subject, audience)", () => {
    expect(identities.map((i) => i.name).sort()).toEqual([
      "id-azdev-cicd",
      "id-azprod-cicd",
      "id-lakehouse-ci-deploy",
      "id-lakehouse-ci-deploy",
      "id-lakehouse-ci-plan",
      "id-lakehouse-ci-plan",
    ]);
    for (const credential of credentials) {
      expect(credential).toMatchObject({ issuer: "https://token.actions.githubusercontent.com", audience: ["api://AzureADTokenExchange"] });
      expect(credential.subject).toBe(subject(credential.name.replace(/^github-/, "")));
    }
    expect(credentials.map((c) => c.subject).sort()).toEqual(
      ["azdev", "azdev", "azdev-plan", "azdev-plan", "azprod", "azprod", "azprod-plan", "azprod-plan"].map(subject),
    );
  });

  it("name every operation of the custom roles (no wildcard), reads only for the plan role", () => {
    const roles = resourcesOf(azure, "azurerm_role_definition");
    expect(roles.map((r) => r.name).sort()).toEqual(
      ["deploy", "deploy", "plan", "plan"].map((use, i) => `lakehouse-ci-${use}-00000000-0000-4000-8000-00000000aa0${(i % 2) + 1}`).sort(),
    );
    for (const role of roles) {
      const [permissions] = role.permissions;
      for (const action of [...permissions.actions, ...(permissions.data_actions ?? [])]) expect(action).not.toContain("*");
      if (role.name.includes("-plan-")) for (const action of permissions.actions) expect(action).toMatch(/\/read$/);
    }
  });

  it("give Azure Firewall operations only to the subscription whose environment routes egress through it", () => {
    const actionsOf = (role: string) =>
      resourcesOf(azure, "azurerm_role_definition").find((r) => r.name === role)!.permissions[0].actions as string[];
    const firewall = (actions: string[]) => actions.filter((a) => /\/(azurefirewalls|firewallPolicies)\//.test(a));
    // azprod (aa02) is in egress mode firewall; azdev (aa01) is not.
    expect(firewall(actionsOf("lakehouse-ci-deploy-00000000-0000-4000-8000-00000000aa02"))).toEqual(
      expect.arrayContaining(["Microsoft.Network/azurefirewalls/write", "Microsoft.Network/firewallPolicies/ruleCollectionGroups/write"]),
    );
    for (const use of ["deploy", "plan"]) {
      const actions = actionsOf(`lakehouse-ci-${use}-00000000-0000-4000-8000-00000000aa01`);
      expect(actions).toContain("Microsoft.Network/virtualNetworks/read");
      expect(firewall(actions)).toEqual([]);
    }
  });

  it("let the deploy identity assign only the roles the workspace stacks assign, under an ABAC condition", () => {
    // The third condition is azprod's read of azdev's workspace state (__tests__/bootstrap-state-reads.test.ts).
    const conditioned = resourcesOf(azure, "azurerm_role_assignment").filter((a) => a.condition && !a.role_definition_name);
    expect(conditioned).toHaveLength(2);
    for (const assignment of conditioned) {
      expect(assignment.condition_version).toBe("2.0");
      expect(assignment.role_definition_id).toMatch(/role-based-access-control-administrator/);
      expect(assignment.condition).toContain("ActionMatches{'Microsoft.Authorization/roleAssignments/write'}");
      expect(assignment.condition).toMatch(/GuidEquals \{\$\{join\(", ", \[data\.azurerm_role_definition\.[^\]]+key-vault-crypto-officer/);
    }
  });

  it("keep the state storage private and let each pipeline's identities use its container", () => {
    const accounts = resourcesOf(azure, "azurerm_storage_account");
    // Each in its owner's subscription: azdev's in aa01, azprod's in aa02.
    expect(accounts.map((a) => [a.name, a.provider])).toEqual([
      ["stexampletfstatedev", "azurerm.azurerm_00000000_0000_4000_8000_00000000aa01"],
      ["stexampletfstate", "azurerm.azurerm_00000000_0000_4000_8000_00000000aa02"],
    ]);
    for (const account of accounts)
      expect(account).toMatchObject({
        shared_access_key_enabled: false,
        infrastructure_encryption_enabled: true,
        network_rules: { default_action: "Deny", ip_rules: ["192.0.2.0/28"] },
        blob_properties: { versioning_enabled: true },
      });
    const grants = resourcesOf(azure, "azurerm_role_assignment").filter((a) => a.role_definition_name === "Storage Blob Data Contributor");
    expect(grants.every((g) => /azurerm_storage_container\..+\.id/.test(g.scope))).toBe(true);
    // azprod's store: azprod's plan, deploy and CI/CD, and azdev's plan and deploy for the shared metastore's
    // state there; azdev's store: azdev's plan, deploy and CI/CD.
    const byContainer = (account: string) => grants.filter((g) => g.scope.includes(`state-${account}_container`));
    expect([byContainer("stexampletfstate").length, byContainer("stexampletfstatedev").length]).toEqual([5, 3]);
    expect(grants).toHaveLength(8);
  });
});

describe("Azure: the state accounts' data-plane logs", () => {
  it("send every blob read, write and delete of each state account to a Log Analytics workspace beside it, kept a year and never destroyed", () => {
    const resources = JSON.parse(azure).resource as Record<string, Record<string, Record<string, any>>>;
    const id = (type: string, reference: string) => new RegExp(`^\\$\\{${type}\\.([^.]+)\\.(id|name)\\}`).exec(reference)?.[1] as string;
    const settings = Object.values(resources.azurerm_monitor_diagnostic_setting);
    expect(settings).toHaveLength(2);
    const logged = settings.map((setting) => {
      const account = resources.azurerm_storage_account[id("azurerm_storage_account", setting.target_resource_id)];
      const workspace =
        resources.azurerm_log_analytics_workspace[id("azurerm_log_analytics_workspace", setting.log_analytics_workspace_id)];
      // The blob service, which records the backend's reads, writes and lease (lock) calls.
      expect(setting.target_resource_id).toMatch(/\.id\}\/blobServices\/default$/);
      expect(setting.enabled_log).toEqual([{ category: "StorageRead" }, { category: "StorageWrite" }, { category: "StorageDelete" }]);
      expect(workspace).toMatchObject({
        sku: "PerGB2018",
        retention_in_days: 365,
        lifecycle: { prevent_destroy: true },
        provider: account.provider,
        location: account.location,
        resource_group_name: account.resource_group_name,
      });
      return [account.name, workspace.name];
    });
    expect(logged).toEqual([
      ["stexampletfstatedev", "log-stexampletfstatedev"],
      ["stexampletfstate", "log-stexampletfstate"],
    ]);
  });
});

describe("bootstrap stacks and the selection", () => {
  it("are the same byte for byte whichever environments are selected", () => {
    const all = loadEnvironments(Object.values(examples));
    for (const env of all) {
      const alone = synthBlueprintSelected([env], all);
      const names = Object.keys(alone).filter((n) => n.startsWith("bootstrap-"));
      expect(names).toEqual([`bootstrap-${env.cloud}-00000000`]);
      expect(alone[names[0]]).toBe(stacks[names[0]]);
    }
  });
});

describe("the estate's resource types and the CI roles' permissions", () => {
  it("every AWS and Azure resource type the workspace stacks create has its actions listed", () => {
    const types = (cloud: string) => [
      ...new Set(
        Object.entries(stacks)
          .filter(([name]) => !name.startsWith("bootstrap-"))
          .flatMap(([, json]) => Object.keys(JSON.parse(json).resource ?? {}))
          .filter((t) => t.startsWith(`${cloud}_`)),
      ),
    ];
    expect(types("aws").filter((t) => !AWS_MANAGED_TYPES.has(t))).toEqual([]);
    expect(types("azurerm").filter((t) => !AZURE_MANAGED_TYPES.has(t))).toEqual([]);
    expect(types("aws").length).toBeGreaterThan(20);
  });
});

describe("a new AWS account in the estate", () => {
  const analytics = variant(examples.prod, (e) => {
    e.name = "analytics";
    e.aws.accountId = "123456789012";
    e.aws.network.vpcCidr = "10.60.0.0/16";
    e.state = { backend: "s3", bucket: "acme-analytics-state", region: "eu-west-1", keyPrefix: "lakehouse/analytics" };
  });
  const all = loadEnvironments([...Object.values(examples), analytics]);
  const out = synthBlueprintSelected(all, all)["bootstrap-aws-00000000"];

  it("gets its own provider, identity provider and roles, trusted by its GitHub environments, and its own state bucket", () => {
    expect(JSON.parse(out).provider.aws.map((p: any) => p.alias)).toContain("aws_123456789012_eu_west_1");
    const roles = resourcesOf(out, "aws_iam_role").filter((r) => r.provider === "aws.aws_123456789012_eu_west_1");
    expect(roles.map((r) => r.name).sort()).toEqual(["lakehouse-ci-deploy", "lakehouse-ci-plan"]);
    expect(JSON.stringify(policyDocument(out, roles.find((r) => r.name === "lakehouse-ci-deploy")!.assume_role_policy))).toContain(
      subject("analytics"),
    );
    expect(resourcesOf(out, "aws_s3_bucket").map((b) => [b.bucket, b.provider])).toContainEqual([
      "acme-analytics-state",
      "aws.aws_123456789012_eu_west_1",
    ]);
  });
});
