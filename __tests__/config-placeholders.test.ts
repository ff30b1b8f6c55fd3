import { EXAMPLE_VALUES } from "../config/example-values";
import { configProblems, loadEnvironments } from "../config/load";
import { examplePlaceholder, isExamplePlaceholder } from "../config/placeholders";
import type { EnvironmentInput } from "../config/schema";
import { teamAws, teamAzure } from "./fixtures/team-environments";
import { examples, variant } from "./helpers";

// Example values outside the examples: a team's environments (./fixtures/team-environments) with one
// placeholder of the examples planted at a time, as a copied file or a pasted example leaves them.

type Edit = (env: any) => void;
const aws = (edit: Edit): EnvironmentInput[] => [variant(teamAws, edit), teamAzure];
const azure = (edit: Edit): EnvironmentInput[] => [teamAws, variant(teamAzure, edit)];
const f = (env: string, path: string) => `environments["${env}"].${path}`;

const refused: Array<[string, EnvironmentInput[], { field: string; value: string; says: string }]> = [
  [
    "a documentation range as the people's access list",
    aws((e) => (e.security.ipAccessList = ["198.51.100.0/24"])),
    {
      field: f("analytics", "security.ipAccessList[0]"),
      value: '"198.51.100.0/24"',
      says: "is in 198.51.100.0/24, an address range reserved for documentation (RFC 5737, TEST-NET-2), a placeholder: as an IP access list it admits no one you know",
    },
  ],
  [
    "a documentation address among the deployers",
    azure((e) => (e.security.deployerIpRanges = ["198.18.20.0/28", "192.0.2.7"])),
    { field: f("azanalytics", "security.deployerIpRanges[1]"), value: '"192.0.2.7"', says: "RFC 5737, TEST-NET-1" },
  ],
  [
    "TEST-NET-3 in an egress rule",
    aws(
      (e) =>
        (e.aws.network.privateConnectivity = {
          backEnd: true,
          allowedEgress: [{ cidr: "203.0.113.0/28", port: 5432, description: "sales database" }],
        }),
    ),
    { field: f("analytics", "aws.network.privateConnectivity.allowedEgress[0].cidr"), value: '"203.0.113.0/28"', says: "TEST-NET-3" },
  ],
  [
    "the example's orders-database network in an egress rule",
    aws(
      (e) =>
        (e.aws.network.privateConnectivity = {
          backEnd: true,
          allowedEgress: [{ cidr: "10.40.8.0/24", port: 5432, description: "orders database" }],
        }),
    ),
    {
      field: f("analytics", "aws.network.privateConnectivity.allowedEgress[0].cidr"),
      value: '"10.40.8.0/24"',
      says: "the prod example's orders-database network (config/examples/)",
    },
  ],
  [
    "an example.com owner mailbox",
    aws((e) => (e.costs.ownerEmails = ["data-platform@example.com"])),
    {
      field: f("analytics", "costs.ownerEmails[0]"),
      value: '"data-platform@example.com"',
      says: "under example.com, a domain name reserved for examples (RFC 2606), a placeholder: no mail reaches it",
    },
  ],
  [
    "a .test on-call mailbox",
    azure((e) => (e.jobs.notificationEmails = ["oncall@northwind.test"])),
    { field: f("azanalytics", "jobs.notificationEmails[0]"), value: '"oncall@northwind.test"', says: "under .test" },
  ],
  [
    "an example.org developer",
    aws((e) => (e.repository.developers = ["ana@example.org"])),
    { field: f("analytics", "repository.developers[0]"), value: '"ana@example.org"', says: "under example.org" },
  ],
  [
    "a .invalid audit mailbox",
    aws((e) => (e.audit = { alertEmails: ["security@corp.invalid"] })),
    { field: f("analytics", "audit.alertEmails[0]"), value: '"security@corp.invalid"', says: "under .invalid" },
  ],
  [
    "a JDBC source on localhost",
    aws((e) => (e.jobs.jdbc.url = "jdbc:postgresql://localhost:5432/sales")),
    {
      field: f("analytics", "jobs.jdbc.url"),
      value: '"jdbc:postgresql://localhost:5432/sales"',
      says: "under localhost, a domain name reserved for examples (RFC 6761)",
    },
  ],
  [
    "a serverless destination under .example",
    aws((e) => (e.security.serverlessEgress = { enabled: true, allowedDomains: ["pypi.mirror.example"] })),
    { field: f("analytics", "security.serverlessEgress.allowedDomains[0]"), value: '"pypi.mirror.example"', says: "under .example" },
  ],
  [
    "a firewall destination under .example",
    aws(
      (e) => (
        (e.aws.network.privateConnectivity = { backEnd: true }),
        (e.aws.network.egress = { mode: "firewall", allowedDomains: ["pypi.mirror.example"] })
      ),
    ),
    {
      field: f("analytics", "aws.network.egress.allowedDomains[0]"),
      value: '"pypi.mirror.example"',
      says: "the egress firewall would allow a host that does not exist",
    },
  ],
  [
    "the examples' repository",
    aws((e) => (e.repository.url = "https://github.com/example-org/lakehouse.git")),
    {
      field: f("analytics", "repository.url"),
      value: '"https://github.com/example-org/lakehouse.git"',
      says: "the examples' repository (config/examples/), a placeholder: Git folders and jobs would clone a repository that is not yours",
    },
  ],
  [
    "the examples' database host",
    aws((e) => (e.jobs.jdbc.url = "jdbc:postgresql://orders-db.prod.internal:5432/olist")),
    {
      field: f("analytics", "jobs.jdbc.url"),
      value: '"jdbc:postgresql://orders-db.prod.internal:5432/olist"',
      says: "the examples' source database host",
    },
  ],
  [
    "the AWS examples' Databricks account",
    aws((e) => (e.databricks.accountId = "00000000-0000-4000-8000-000000000000")),
    {
      field: f("analytics", "databricks.accountId"),
      value: '"00000000-0000-4000-8000-000000000000"',
      says: "the AWS examples' Databricks account id (config/examples/), a placeholder: the account-level provider would act on an account that is not yours",
    },
  ],
  [
    "the Azure examples' Databricks account",
    azure((e) => (e.databricks.accountId = "00000000-0000-4000-8000-000000000001")),
    {
      field: f("azanalytics", "databricks.accountId"),
      value: '"00000000-0000-4000-8000-000000000001"',
      says: "the Azure examples' Databricks account id",
    },
  ],
  [
    "the dev example's AWS account",
    aws((e) => (e.aws.accountId = "111111111111")),
    { field: f("analytics", "aws.accountId"), value: '"111111111111"', says: "aws sts get-caller-identity" },
  ],
  [
    "the AWS account id of the messages' e.g.",
    aws((e) => (e.aws.accountId = "123456789012")),
    { field: f("analytics", "aws.accountId"), value: '"123456789012"', says: "config's messages show as an example" },
  ],
  [
    "the example's account inside a state key ARN",
    aws((e) => (e.state.kmsKeyArn = "arn:aws:kms:us-east-1:222222222222:key/1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")),
    {
      field: f("analytics", "state.kmsKeyArn"),
      value: '"arn:aws:kms:us-east-1:222222222222:key/1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"',
      says: "the prod example's AWS account id",
    },
  ],
  [
    "the azdev example's subscription",
    azure((e) => (e.azure.subscriptionId = "00000000-0000-4000-8000-00000000aa01")),
    { field: f("azanalytics", "azure.subscriptionId"), value: '"00000000-0000-4000-8000-00000000aa01"', says: "az account show" },
  ],
  [
    "the examples' tenant",
    azure((e) => (e.azure.tenantId = "00000000-0000-4000-8000-00000000ee01")),
    {
      field: f("azanalytics", "azure.tenantId"),
      value: '"00000000-0000-4000-8000-00000000ee01"',
      says: "the Azure examples' Entra tenant id",
    },
  ],
  [
    "the examples' enterprise application object id",
    azure((e) => (e.azure.databricksEnterpriseAppObjectId = "00000000-0000-4000-8000-00000000db01")),
    {
      field: f("azanalytics", "azure.databricksEnterpriseAppObjectId"),
      value: '"00000000-0000-4000-8000-00000000db01"',
      says: "az ad sp show --id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d",
    },
  ],
  [
    "the example's mount principal",
    azure(
      (e) =>
        (e.mounts = {
          enabled: true,
          servicePrincipalClientId: "00000000-0000-4000-8000-00000000cc01",
          servicePrincipalObjectId: "37814f3a-b28c-4fff-8b92-1159862307b5",
          secretScope: "azanalytics-pipelines",
        }),
    ),
    {
      field: f("azanalytics", "mounts.servicePrincipalClientId"),
      value: '"00000000-0000-4000-8000-00000000cc01"',
      says: "the azdev example's mount principal (client) id",
    },
  ],
  [
    "the example's subscription in a linked VNet's id",
    azure(
      (e) =>
        (e.azure.network.privateConnectivity = {
          backEnd: true,
          endpointSubnetCidr: "10.130.2.0/26",
          dnsLinkedVnetIds: [
            "/subscriptions/00000000-0000-4000-8000-00000000aa02/resourceGroups/rg-deployers/providers/Microsoft.Network/virtualNetworks/vnet-deployers",
          ],
        }),
    ),
    {
      field: f("azanalytics", "azure.network.privateConnectivity.dnsLinkedVnetIds[0]"),
      value: '"/subscriptions/00000000-0000-4000-8000-00000000aa02/resourceGroups/rg-deploy...',
      says: "the azprod example's Azure subscription id",
    },
  ],
  [
    "the example's Key Vault name (global across Azure)",
    azure((e) => (e.azure.keyVaultName = "kv-lakehouse-azdev")),
    { field: f("azanalytics", "azure.keyVaultName"), value: '"kv-lakehouse-azdev"', says: "the name is unique across Azure" },
  ],
  [
    "the example's storage account name",
    azure((e) => (e.azure.storageAccountName = "stlakehouseazprod")),
    {
      field: f("azanalytics", "azure.storageAccountName"),
      value: '"stlakehouseazprod"',
      says: "the azprod example's storage account name",
    },
  ],
  [
    "the example's state bucket",
    aws((e) => (e.state.bucket = "example-org-terraform-state")),
    {
      field: f("analytics", "state.bucket"),
      value: '"example-org-terraform-state"',
      says: "every stack would keep its state where the examples do",
    },
  ],
  [
    "the dev example's state bucket",
    aws((e) => (e.state.bucket = "example-org-terraform-state-dev")),
    { field: f("analytics", "state.bucket"), value: '"example-org-terraform-state-dev"', says: "the dev example's state bucket" },
  ],
  [
    "the azdev example's state storage account",
    azure((e) => (e.state.storageAccountName = "stexampletfstatedev")),
    {
      field: f("azanalytics", "state.storageAccountName"),
      value: '"stexampletfstatedev"',
      says: "the azdev example's state storage account",
    },
  ],
  [
    "the example's state storage account",
    azure((e) => (e.state.storageAccountName = "stexampletfstate")),
    {
      field: f("azanalytics", "state.storageAccountName"),
      value: '"stexampletfstate"',
      says: "the azprod example's state storage account",
    },
  ],
  [
    "the workspace of the messages' e.g.",
    aws(
      (e) =>
        (e.databricks = {
          ...e.databricks,
          existingWorkspaceHost: "https://dbc-1234abcd-5678.cloud.databricks.com",
          existingWorkspaceId: "1234567890123456",
        }),
    ),
    { field: f("analytics", "databricks.existingWorkspaceId"), value: '"1234567890123456"', says: "set your workspace's URL and id" },
  ],
  [
    "an example file copied with the team's account but its marker kept",
    [variant(examples.dev, (e) => ((e.name = "analytics"), (e.aws.accountId = "493817265012"), (e.aws.network.vpcCidr = "10.120.0.0/16")))],
    {
      field: f("analytics", "example"),
      value: "true",
      says: 'yet aws.accountId "493817265012" is not one of the examples\' ids; a file copied from config/examples/ keeps the marker',
    },
  ],
  [
    "the marker on a team's environment",
    aws((e) => (e.example = false)),
    { field: f("analytics", "example"), value: "false", says: "can only be true, on the blueprint's examples. Fix: remove it" },
  ],
];

const accepted: Array<[string, EnvironmentInput[]]> = [
  ["a team's own AWS and Azure environments", [teamAws, teamAzure]],
  ["a table named like a reserved domain (only hosts in mailboxes and URLs count)", aws((e) => (e.jobs.jdbc.sourceTable = "public.test"))],
  [
    "a wide range that holds a documentation range (not a placeholder; admitting much is judged elsewhere)",
    aws((e) => (e.security.ipAccessList = ["192.0.0.0/16"])),
  ],
  ["the examples' private ranges (taken only while the examples are in the estate)", aws((e) => (e.aws.network.vpcCidr = "10.20.0.0/16"))],
  ["a mailbox at a domain that merely contains the word example", aws((e) => (e.costs.ownerEmails = ["platform@example-analytics.eu"]))],
  ["the examples, marked, with every placeholder", Object.values(examples)],
  [
    "an example copied under a new name, marker and made-up ids kept",
    [
      ...Object.values(examples),
      variant(examples.dev, (e) => ((e.name = "qa"), (e.stage = "test"), (e.aws.network.vpcCidr = "10.60.0.0/16"))),
    ],
  ],
];

describe("example placeholders outside the examples", () => {
  it.each(refused)("refuses %s", (_, inputs, expected) => {
    const problems = configProblems(inputs);
    const matching = problems.filter(
      (p) => p.startsWith(`${expected.field} = ${expected.value}: `) && p.includes(expected.says) && p.includes("Fix: "),
    );
    expect({ problems, matching: matching.length }).toEqual({ problems, matching: 1 });
  });

  it("reports a placeholder domain the egress firewall shares with serverless egress once, where it is written", () => {
    const shared = aws(
      (e) => (
        (e.aws.network.privateConnectivity = { backEnd: true }),
        (e.aws.network.egress = { mode: "firewall" }),
        (e.security.serverlessEgress = { enabled: true, allowedDomains: ["pypi.mirror.example"] })
      ),
    );
    expect(configProblems(shared).filter((p) => p.includes("pypi.mirror.example") || p.includes("under .example"))).toEqual([
      expect.stringMatching(/^environments\["analytics"\]\.security\.serverlessEgress\.allowedDomains\[0\] = /),
    ]);
  });

  it.each(accepted)("accepts %s", (_, inputs) => {
    expect(configProblems(inputs)).toEqual([]);
  });

  it("reports every placeholder of a copied file at once", () => {
    const copy = variant(examples.azdev, (e) => (delete e.example, (e.name = "azanalytics"), (e.azure.network.vnetCidr = "10.130.0.0/22")));
    const fields = configProblems([copy]).map((p) => p.slice(0, p.indexOf(" = ")));
    expect(fields).toEqual(
      expect.arrayContaining(
        [
          "databricks.accountId",
          "azure.subscriptionId",
          "azure.tenantId",
          "azure.databricksEnterpriseAppObjectId",
          "azure.keyVaultName",
          "azure.storageAccountName",
          "security.ipAccessList[0]",
          "security.deployerIpRanges[0]",
          "mounts.servicePrincipalClientId",
          "mounts.servicePrincipalObjectId",
          "repository.url",
          "repository.developers[0]",
          "costs.ownerEmails[0]",
          "jobs.notificationEmails[0]",
          "jobs.jdbc.url",
        ].map((path) => f("azanalytics", path)),
      ),
    );
    expect(() => loadEnvironments([copy])).toThrow(/Invalid environment config \(\d+ problems\)/);
  });
});

describe("examplePlaceholder (for tools that write environments)", () => {
  it.each([
    ["192.0.2.0/28", undefined, "RFC 5737, TEST-NET-1"],
    ["2001:db8:10::/48", undefined, "RFC 3849"],
    ["2001:db8::7", undefined, "RFC 3849"],
    ["ops@EXAMPLE.NET", undefined, "RFC 2606"],
    ["https://198.51.100.4:8443/api", undefined, "RFC 5737, TEST-NET-2"],
    ["api.internal.test", undefined, "RFC 2606"],
    ["ana.localhost", "security.serverlessEgress.allowedDomains[0]", "RFC 6761"],
    ["KV-LAKEHOUSE-AZPROD", "azure.keyVaultName", "config/examples/"],
  ])("names %s (field %s) a placeholder, with its source", (value, field, source) => {
    expect(examplePlaceholder(value, field)?.source).toBe(source);
    expect(isExamplePlaceholder(value, field)).toBe(true);
  });

  it.each<[string, string | undefined]>([
    ["198.18.10.0/24", undefined],
    ["2001:db9::/32", undefined],
    ["0.0.0.0/0", undefined],
    ["1111111111112", undefined],
    ["https://github.com/northwind-analytics/lakehouse.git", undefined],
    ["files.pythonhosted.org", undefined],
    ["latest.test", "jobs.jdbc.sourceTable"],
  ])("names %s (field %s) no placeholder", (value, field) => {
    expect(examplePlaceholder(value, field)).toBeUndefined();
  });

  it("knows every id, name and state location the example files hold", () => {
    const paths = [
      ["databricks", "accountId"],
      ["aws", "accountId"],
      ["azure", "subscriptionId"],
      ["azure", "tenantId"],
      ["azure", "databricksEnterpriseAppObjectId"],
      ["azure", "keyVaultName"],
      ["azure", "storageAccountName"],
      ["mounts", "servicePrincipalClientId"],
      ["mounts", "servicePrincipalObjectId"],
      ["state", "bucket"],
      ["state", "storageAccountName"],
      ["repository", "url"],
    ];
    const held = Object.values(examples).flatMap((env) =>
      paths.map((path) => (env as any)[path[0]]?.[path[1]]).filter((value): value is string => typeof value === "string"),
    );
    expect(held.length).toBeGreaterThan(20);
    expect(held.filter((value) => !isExamplePlaceholder(value))).toEqual([]);
    expect(EXAMPLE_VALUES.every((example) => example.what.length > 0)).toBe(true);
  });
});
