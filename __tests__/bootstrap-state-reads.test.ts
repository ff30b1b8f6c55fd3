import { loadEnvironments } from "../config/load";
import type { Environment } from "../config/schema";
import { readOnlyCondition } from "../stacks/bootstrap/azure-ci-access";
import { stateReadsOf } from "../stacks/bootstrap/state-uses";
import { dataSourcesOf, examples, resourcesOf, synthBlueprintSelected, variant } from "./helpers";

// A prod config stack reads the workspace_id output of each dev workspace that reads its catalog
// (stacks/reader-workspace.ts): the identities that run the prod config stack read exactly that
// state key, across accounts and subscriptions, and write nothing there
// (docs/production-data-in-dev.md, "How prod reads the dev workspace's id"). The examples as shipped:
// dev and azdev keep their state in stores of their own AWS account and Azure subscription, which
// their bootstrap creates; prod and azprod live in others.

type Edit = (env: any) => void;
const DEV_BUCKET = "example-org-terraform-state-dev";
const DEV_STORAGE = "stexampletfstatedev";
const unpaired: Edit = (e) => delete e.unityCatalog.readsProdCatalogOf;
const both =
  (...edits: Edit[]): Edit =>
  (e) => {
    for (const edit of edits) edit(e);
  };

function estate(edits: { dev?: Edit; azdev?: Edit; azprod?: Edit } = {}): Record<string, string> {
  const all = loadEnvironments([
    variant(examples.dev, edits.dev),
    examples.prod,
    variant(examples.azdev, edits.azdev),
    variant(examples.azprod, edits.azprod),
    examples.sandbox,
  ]);
  return synthBlueprintSelected(all, all);
}

/** The key the prod config stack reads from `store` for `reader`'s workspace (its terraform_remote_state). */
const readKey = (config: string, store: string, reader: string) => {
  const reads = dataSourcesOf(config, "terraform_remote_state").filter(
    (r) => (r.config.bucket === store || r.config.storage_account_name === store) && (r.config.key as string).includes(`/${reader}-`),
  );
  expect(reads).toHaveLength(1);
  return reads[0].config.key as string;
};

describe("AWS: the prod pipeline's roles and the dev workspace's state", () => {
  const PROD = "222222222222";
  const roleArns = [`arn:aws:iam::${PROD}:role/lakehouse-ci-plan`, `arn:aws:iam::${PROD}:role/lakehouse-ci-deploy`];
  const policyStatements = (stack: string, role: string) => {
    const parsed = JSON.parse(stack);
    return resourcesOf(stack, "aws_iam_policy")
      .filter((p) => p.name.startsWith(`${role}-`) && p.provider.includes(PROD))
      .flatMap((p) => {
        const id = /\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}/.exec(p.policy)?.[1] as string;
        return parsed.data.aws_iam_policy_document[id].statement as Record<string, any>[];
      });
  };
  const onDevBucket = (statements: Record<string, any>[]) =>
    statements.filter((s) => (s.resources as string[]).some((r) => r.startsWith(`arn:aws:s3:::${DEV_BUCKET}`)));
  const bucketPolicyFor = (stack: string, arn: string) =>
    dataSourcesOf(stack, "aws_iam_policy_document")
      .flatMap((d) => (d.statement ?? []) as Record<string, any>[])
      .filter((s) => (s.condition ?? []).some((c: any) => c.variable === "aws:PrincipalArn" && c.values.includes(arn)));

  const paired = estate();
  const bootstrap = paired["bootstrap-aws-00000000"];
  const key = readKey(paired["prod-workspace-config"], DEV_BUCKET, "dev");

  it("reads the key the prod config stack reads, the dev workspace's", () => {
    expect(key).toBe("lakehouse/dev/dev-aws-workspace.tfstate");
  });

  it.each(["lakehouse-ci-plan", "lakehouse-ci-deploy"])(
    "%s of prod's account may list and read that key, and nothing else of dev's bucket",
    (role) => {
      const statements = onDevBucket(policyStatements(bootstrap, role));
      expect(statements.flatMap((s) => s.actions).sort()).toEqual(["s3:GetObject", "s3:ListBucket"]);
      expect(statements.find((s) => s.actions.includes("s3:GetObject"))!.resources).toEqual([`arn:aws:s3:::${DEV_BUCKET}/${key}`]);
      expect(statements.find((s) => s.actions.includes("s3:ListBucket"))!).toMatchObject({
        resources: [`arn:aws:s3:::${DEV_BUCKET}`],
        condition: [{ test: "StringEquals", variable: "s3:prefix", values: [key] }],
      });
    },
  );

  it("is admitted by dev's bucket policy (another account) by role ARN, to that key, read-only", () => {
    const [bucket] = resourcesOf(bootstrap, "aws_s3_bucket").filter((b) => b.bucket === DEV_BUCKET);
    expect(bucket.provider).toBe("aws.aws_111111111111_eu_west_1");
    for (const arn of roleArns) {
      const statements = bucketPolicyFor(bootstrap, arn);
      expect(statements.flatMap((s) => s.actions).sort()).toEqual(["s3:GetObject", "s3:ListBucket"]);
      expect(statements.flatMap((s) => s.resources).sort()).toEqual([`arn:aws:s3:::${DEV_BUCKET}`, `arn:aws:s3:::${DEV_BUCKET}/${key}`]);
      for (const s of statements) expect(s.principals).toEqual([{ type: "AWS", identifiers: ["*"] }]);
    }
  });

  it("writes nothing there: no put, no delete, no lock file, no key use but decrypt", () => {
    const everything = [
      ...onDevBucket(policyStatements(bootstrap, "lakehouse-ci-plan")),
      ...onDevBucket(policyStatements(bootstrap, "lakehouse-ci-deploy")),
      ...roleArns.flatMap((arn) => bucketPolicyFor(bootstrap, arn)),
    ];
    expect(everything.length).toBeGreaterThan(0);
    for (const s of everything) {
      for (const action of s.actions as string[]) expect(action).not.toMatch(/Put|Delete|Encrypt|GenerateDataKey/);
      for (const resource of s.resources as string[]) expect(resource).not.toMatch(/\.tflock$/);
    }
  });

  it("with a customer key on dev's store, may decrypt with it, and only that", () => {
    const KEY = "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-0000000000aa";
    const withKey = estate({ dev: (e) => (e.state.kmsKeyArn = KEY) })["bootstrap-aws-00000000"];
    for (const role of ["lakehouse-ci-plan", "lakehouse-ci-deploy"]) {
      const onKey = policyStatements(withKey, role).filter((s) => (s.resources as string[]).includes(KEY));
      expect(onKey.map((s) => s.actions)).toEqual([["kms:Decrypt"]]);
    }
  });

  it("in prod's own bucket, reads dev's key through its own policies; the bucket policy admits only dev's roles", () => {
    const shared = estate({
      dev: (e) => (e.state = { backend: "s3", bucket: "example-org-terraform-state", region: "eu-west-1", keyPrefix: "lakehouse/dev" }),
    });
    const stack = shared["bootstrap-aws-00000000"];
    const devKey = readKey(shared["prod-workspace-config"], "example-org-terraform-state", "dev");
    for (const role of ["lakehouse-ci-plan", "lakehouse-ci-deploy"]) {
      const onKey = policyStatements(stack, role).filter((s) => (s.resources as string[]).some((r) => r.endsWith(devKey)));
      expect(onKey.map((s) => [s.sid, s.actions])).toEqual([["ReadOnlyState0", ["s3:GetObject"]]]);
    }
    for (const arn of roleArns) expect(bucketPolicyFor(stack, arn)).toEqual([]);
  });

  it("changes nothing without the pairing: prod's roles never reach dev's bucket", () => {
    const alone = estate({ dev: unpaired })["bootstrap-aws-00000000"];
    expect(onDevBucket(policyStatements(alone, "lakehouse-ci-plan"))).toEqual([]);
    expect(onDevBucket(policyStatements(alone, "lakehouse-ci-deploy"))).toEqual([]);
    for (const arn of roleArns) expect(bucketPolicyFor(alone, arn)).toEqual([]);
    expect(alone).not.toContain("ReadOnlyState");
  });
});

describe("Azure: the prod config stack's identity and the dev workspace's state", () => {
  const ranges = ["198.51.100.0/28"];
  // azprod's runners get a range of their own, to tell them from azdev's in the firewall.
  const paired = estate({ azprod: (e) => (e.security.deployerIpRanges = ranges) });
  const bootstrap = paired["bootstrap-azure-00000000"];
  const key = readKey(paired["azprod-workspace-config"], DEV_STORAGE, "azdev");
  const identityRef = (stack: string, name: string) => {
    const entry = Object.entries(JSON.parse(stack).resource.azurerm_user_assigned_identity).find(([, i]: any) => i.name === name);
    return `\${azurerm_user_assigned_identity.${entry![0]}.principal_id}`;
  };
  /** The Terraform reference of the container of dev's state storage account. */
  const devContainer = (stack: string) => {
    const { azurerm_storage_account: accounts, azurerm_storage_container: containers } = JSON.parse(stack).resource;
    const account = Object.keys(accounts).find((id) => accounts[id].name === DEV_STORAGE);
    const container = Object.keys(containers).find(
      (id) => containers[id].storage_account_id === `\${azurerm_storage_account.${account}.id}`,
    );
    return `\${azurerm_storage_container.${container}.id}`;
  };
  const onDev = (stack: string) => resourcesOf(stack, "azurerm_role_assignment").filter((a) => a.scope === devContainer(stack));

  it("reads the key the prod config stack reads, the dev workspace's", () => {
    expect(key).toBe("lakehouse/azdev/azdev-azure-workspace.tfstate");
  });

  it("gives azprod's CI/CD identity, which applies its config stack, Storage Blob Data Reader on dev's container, for that blob only", () => {
    const cicd = onDev(bootstrap).filter((a) => a.principal_id === identityRef(bootstrap, "id-azprod-cicd"));
    expect(cicd).toEqual([
      expect.objectContaining({
        role_definition_name: "Storage Blob Data Reader",
        condition_version: "2.0",
        condition: readOnlyCondition([key]),
        principal_type: "ServicePrincipal",
      }),
    ]);
    expect(cicd[0].condition).toContain(`blobs:path] StringEquals '${key}'`);
    expect(cicd[0].condition).toContain(`blobs:prefix] StringEquals '${key}'`);
  });

  it("writes nothing there, and grants nothing to identities that do not run the prod config stack", () => {
    // Every identity of azprod's subscription (plan, deploy, CI/CD): only the CI/CD one reads dev's state.
    const identities = Object.entries(JSON.parse(bootstrap).resource.azurerm_user_assigned_identity) as [string, any][];
    const prod = identities.filter(([, i]) => String(i.provider).endsWith("aa02"));
    expect(prod.map(([, i]) => i.name).sort()).toEqual(["id-azprod-cicd", "id-lakehouse-ci-deploy", "id-lakehouse-ci-plan"]);
    const refs = new Map(prod.map(([id, i]) => [`\${azurerm_user_assigned_identity.${id}.principal_id}`, i.name]));
    const byProd = onDev(bootstrap).filter((a) => refs.has(a.principal_id));
    expect(byProd.map((a) => [refs.get(a.principal_id), a.role_definition_name])).toEqual([["id-azprod-cicd", "Storage Blob Data Reader"]]);
  });

  it("admits the prod runners through dev's state storage firewall", () => {
    const [account] = resourcesOf(bootstrap, "azurerm_storage_account").filter((a) => a.name === DEV_STORAGE);
    expect(account.network_rules.ip_rules).toEqual(expect.arrayContaining(ranges));
  });

  it("adds nothing where the CI/CD identity already uses the container (dev's state beside prod's)", () => {
    const shared = estate({ azdev: (e) => (e.state = { ...examples.azprod.state, keyPrefix: "lakehouse/azdev" }) })[
      "bootstrap-azure-00000000"
    ];
    const assignments = resourcesOf(shared, "azurerm_role_assignment").filter(
      (a) => a.principal_id === identityRef(shared, "id-azprod-cicd"),
    );
    expect(assignments.map((a) => a.role_definition_name)).toEqual(["Storage Blob Data Contributor"]);
  });

  it("changes nothing without the pairing", () => {
    const alone = estate({ azdev: unpaired, azprod: (e) => (e.security.deployerIpRanges = ranges) })["bootstrap-azure-00000000"];
    expect(resourcesOf(alone, "azurerm_role_assignment").filter((a) => a.role_definition_name === "Storage Blob Data Reader")).toEqual([]);
    const [account] = resourcesOf(alone, "azurerm_storage_account").filter((a) => a.name === DEV_STORAGE);
    expect(account.network_rules.ip_rules).not.toEqual(expect.arrayContaining(ranges));
  });
});

describe("the state a prod pipeline only reads (stateReadsOf)", () => {
  const prodOf = (all: Environment[]) => all.find((env) => env.name === "prod") as Environment;

  it("is the reader's workspace stack state, in the reader's store", () => {
    const all = loadEnvironments([examples.dev, examples.prod]);
    expect(stateReadsOf(prodOf(all), all).map((use) => [use.id, use.keys])).toEqual([
      [`s3:${DEV_BUCKET}`, ["lakehouse/dev/dev-aws-workspace.tfstate"]],
    ]);
  });

  it.each([
    [
      "brings its own workspace (its id is in config), even with local state",
      (e: any) => {
        delete e.state;
        e.databricks.existingWorkspaceHost = "https://dbc-1234abcd-5678.cloud.databricks.com";
        e.databricks.existingWorkspaceId = "1234567890123456";
        e.identity = { cicdServicePrincipal: "byo-deployer" };
      },
    ],
    ["reads no prod catalog", unpaired],
    ["reads no prod catalog and keeps local state", both(unpaired, (e) => delete e.state)],
  ])("is empty when the dev environment %s", (_, edit) => {
    const all = loadEnvironments([variant(examples.dev, edit), examples.prod]);
    expect(stateReadsOf(prodOf(all), all)).toEqual([]);
  });

  it("never meets a paired dev with local state: config refuses it, naming the fix", () => {
    expect(() => loadEnvironments([variant(examples.dev, (e) => delete e.state), examples.prod])).toThrow(
      /environments\["dev"\]\.state = \(not set, default used\): .*Fix: give dev remote state/,
    );
  });
});
