import { ConfigError } from "../config/errors";
import { loadEnvironments } from "../config/load";
import { examples, variant } from "./helpers";

function problemsOf(inputs: unknown, selection?: string): string[] {
  try {
    loadEnvironments(inputs, selection);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

describe("environment config", () => {
  it("accepts the example environments and fills defaults", () => {
    const [dev, prod] = loadEnvironments([examples.dev, examples.prod]);
    expect(dev.name).toBe("dev");
    expect(dev.compute.sparkVersion).toBe("16.4.x-scala2.12");
    expect(dev.databricks.pricingTier).toBeUndefined();
    expect(dev.secretScope).toBe("dev-pipelines");
    expect(dev.catalogName).toBe("dev_lakehouse");
    expect(dev.unityCatalog.metastore).toEqual({ mode: "create" });
    expect(dev.groups.admins).toBe("dev-platform-admins");
    expect(prod.groups.dataEngineers).toBe("prod-data-engineers");
    expect(dev.cicdServicePrincipal).toBe("dev-cicd");
    expect(dev.security.maxTokenLifetimeDays).toBe(30);
    expect(dev.security.disableLegacyFeatures).toBe(true);
    expect(prod.deletionProtection).toBe(true);
    expect(prod.cloud === "aws" && prod.aws.network?.natGatewayPerAz).toBe(true);
  });

  it("keeps only the selected environments", () => {
    expect(loadEnvironments([examples.dev, examples.prod], "prod").map((e) => e.name)).toEqual(["prod"]);
    expect(loadEnvironments([examples.dev, examples.prod], " dev , prod ").map((e) => e.name)).toEqual(["dev", "prod"]);
    expect(loadEnvironments([examples.dev, examples.prod], "").map((e) => e.name)).toEqual(["dev", "prod"]);
  });

  it("rejects a selection that names no environment", () => {
    expect(problemsOf([examples.dev, examples.prod], "dev,staging")).toEqual([
      'LAKEHOUSE_ENVIRONMENTS = "dev,staging": names no environment "staging". Fix: choose from dev, prod',
    ]);
  });

  // Each row: what is broken, the change, and fragments the single resulting message must contain
  // (the field path, the offending value and the fix).
  const invalid: Array<[string, unknown[], string[]]> = [
    [
      "malformed VPC CIDR",
      [variant(examples.dev, (e) => (e.aws.network.vpcCidr = "10.20.0.0/33")), examples.prod],
      ['environments["dev"].aws.network.vpcCidr = "10.20.0.0/33"', "not a valid IPv4 CIDR", "Fix:"],
    ],
    [
      "CIDR with host bits set",
      [variant(examples.dev, (e) => (e.aws.network.vpcCidr = "10.20.1.0/16")), examples.prod],
      ['vpcCidr = "10.20.1.0/16"', "no host bits set"],
    ],
    [
      "CIDR that is not an address",
      [variant(examples.dev, (e) => (e.aws.network.vpcCidr = "ten.0.0.0/16")), examples.prod],
      ['vpcCidr = "ten.0.0.0/16"', "Fix: use a network address"],
    ],
    [
      "overlapping VPC ranges",
      [examples.dev, variant(examples.prod, (e) => (e.aws.network.vpcCidr = "10.20.128.0/17"))],
      [
        'environments["prod"].aws.network.vpcCidr = "10.20.128.0/17"',
        'overlaps dev\'s network "10.20.0.0/16"',
        "Fix: give each environment its own range",
      ],
    ],
    [
      "VPC too large",
      [variant(examples.dev, (e) => (e.aws.network.vpcCidr = "10.0.0.0/8")), examples.prod],
      ['vpcCidr = "10.0.0.0/8"', "/16 to /24"],
    ],
    [
      "subnets too small for Databricks",
      [variant(examples.dev, (e) => (e.aws.network.vpcCidr = "10.20.0.0/24"))],
      ["privateSubnetNewBits = (not set, default used): (3)", "gives /27 subnets", "/17 to /26"],
    ],
    [
      "one availability zone",
      [variant(examples.dev, (e) => (e.aws.network.availabilityZones = ["eu-west-1a"]))],
      ['availabilityZones = ["eu-west-1a"]', "at least two", "Fix:"],
    ],
    [
      "zone of another region",
      [variant(examples.dev, (e) => (e.aws.network.availabilityZones = ["eu-west-1a", "us-east-1b"]))],
      ['availabilityZones[1] = "us-east-1b"', "not a zone of eu-west-1"],
    ],
    [
      "same zone twice",
      [variant(examples.dev, (e) => (e.aws.network.availabilityZones = ["eu-west-1a", "eu-west-1a"]))],
      ['availabilityZones[1] = "eu-west-1a"', "listed twice"],
    ],
    [
      "min workers above max",
      [variant(examples.dev, (e) => (e.compute.sharedCluster.minWorkers = 6))],
      ["compute.sharedCluster.minWorkers = 6", "is above maxWorkers (4)", "Fix: make minWorkers <= maxWorkers"],
    ],
    [
      "shared cluster above its policy cap",
      [variant(examples.dev, (e) => (e.compute.sharedCluster.maxWorkers = 9))],
      ["sharedCluster.maxWorkers = 9", "exceeds the shared policy's cap (4)"],
    ],
    [
      "autotermination too short",
      [variant(examples.dev, (e) => (e.compute.policies.personal.autoterminationMinutes = 5))],
      ["policies.personal.autoterminationMinutes = 5", "below 10 minutes", "Fix: use 10-120"],
    ],
    [
      "autotermination too long",
      [variant(examples.dev, (e) => (e.compute.policies.personal.autoterminationMinutes = 600))],
      ["autoterminationMinutes = 600", "above 120 minutes"],
    ],
    [
      "Azure node type in an AWS environment",
      [variant(examples.dev, (e) => (e.compute.allowedNodeTypes = ["Standard_D4ds_v5"]))],
      [
        'allowedNodeTypes[0] = "Standard_D4ds_v5"',
        "is not an AWS node type (that is an Azure VM size)",
        'Fix: use an EC2 instance type such as "m5d.xlarge"',
      ],
    ],
    [
      "unknown EC2 family",
      [variant(examples.dev, (e) => (e.compute.pool.nodeType = "t3.large"))],
      ['compute.pool.nodeType = "t3.large"', 'family "t3"'],
    ],
    [
      "node type outside the allowed list",
      [variant(examples.dev, (e) => (e.compute.sharedCluster.nodeType = "r6id.xlarge"))],
      ['compute.sharedCluster.nodeType = "r6id.xlarge"', "not in compute.allowedNodeTypes"],
    ],
    [
      "non-LTS runtime",
      [variant(examples.dev, (e) => (e.compute.sparkVersion = "16.2.x-scala2.12"))],
      ['compute.sparkVersion = "16.2.x-scala2.12"', "not a long-term-support runtime"],
    ],
    [
      "ML runtime key where a standard one is needed",
      [variant(examples.dev, (e) => (e.compute.sparkVersion = "16.4.x-cpu-ml-scala2.12"))],
      ['sparkVersion = "16.4.x-cpu-ml-scala2.12"', 'Fix: use "16.4.x-scala2.12"'],
    ],
    [
      "prod without deletion protection",
      [examples.dev, variant(examples.prod, (e) => (e.deletionProtection = false))],
      ['environments["prod"].deletionProtection = false', "Fix: set deletionProtection: true"],
    ],
    [
      "missing Databricks account id",
      [variant(examples.dev, (e) => delete e.databricks.accountId)],
      ["databricks.accountId = (missing)", "is required"],
    ],
    [
      "malformed Databricks account id",
      [variant(examples.dev, (e) => (e.databricks.accountId = "acme"))],
      ['databricks.accountId = "acme"', "not a Databricks account id"],
    ],
    ["malformed AWS account id", [variant(examples.dev, (e) => (e.aws.accountId = "12345"))], ['aws.accountId = "12345"', "12-digit"]],
    [
      "bad region",
      [variant(examples.dev, (e) => (e.aws.region = "mars-north-1"))],
      ['aws.region = "mars-north-1"', "not an AWS region with Databricks", "Fix: use one of us-east-1"],
    ],
    [
      "duplicate environment names",
      [examples.dev, variant(examples.prod, (e) => ((e.name = "dev"), (e.stage = "dev")))],
      ['environments["dev"].name = "dev"', "already used by environment 0", "unique name"],
    ],
    ["bad environment name", [variant(examples.dev, (e) => (e.name = "Dev_1"))], ['name = "Dev_1"', "lowercase"]],
    [
      "premium tier with customer-managed keys",
      [variant(examples.dev, (e) => (e.databricks.pricingTier = "PREMIUM"))],
      ['databricks.pricingTier = "PREMIUM"', 'Fix: use "ENTERPRISE"'],
    ],
    ["unknown field", [variant(examples.dev, (e) => (e.stage = "staging"))], ['stage = "staging"', 'must be "dev", "test" or "prod"']],
    [
      "bring-your-own host over http",
      [variant(examples.dev, (e) => (e.databricks.existingWorkspaceHost = "http://dbc.example.com"))],
      ['existingWorkspaceHost = "http://dbc.example.com"', "https URL"],
    ],
    [
      "pool idle floor above capacity",
      [variant(examples.dev, (e) => (e.compute.pool.minIdleInstances = 12))],
      ["pool.minIdleInstances = 12", "above maxCapacity (10)"],
    ],
    [
      "empty IP access list",
      [variant(examples.dev, (e) => (e.security.ipAccessList = []))],
      ["security.ipAccessList = []", "nobody could reach the workspace"],
    ],
    [
      "malformed IP access range",
      [variant(examples.dev, (e) => (e.security.ipAccessList = ["203.0.113.0/33"]))],
      ['security.ipAccessList[0] = "203.0.113.0/33"', "not a valid IPv4 CIDR"],
    ],
    [
      "no deployer ranges: the pipeline would lock itself out",
      [variant(examples.dev, (e) => delete e.security.deployerIpRanges)],
      [
        "security.deployerIpRanges = (missing)",
        "the deploy pipeline must reach them",
        "Fix: list the egress ranges of the runners that deploy",
      ],
    ],
    [
      "empty deployer ranges",
      [variant(examples.azprod, (e) => (e.security.deployerIpRanges = []))],
      ["security.deployerIpRanges = []", "could not reach the workspace, the Key Vault or the storage account"],
    ],
    [
      "deployer range open to the internet",
      [variant(examples.dev, (e) => (e.security.deployerIpRanges = ["0.0.0.0/0"]))],
      ['security.deployerIpRanges[0] = "0.0.0.0/0"', "defeats the IP access list", "Fix:"],
    ],
    [
      "token lifetime over a year",
      [variant(examples.dev, (e) => (e.security.maxTokenLifetimeDays = 400))],
      ["security.maxTokenLifetimeDays = 400", "over a year"],
    ],
    [
      "third audit log delivery in one account",
      [
        variant(examples.dev, (e) => (e.security.auditLogDelivery = true)),
        examples.prod,
        variant(examples.dev, (e) => ((e.name = "qa"), (e.aws.network.vpcCidr = "10.40.0.0/16"), (e.security.auditLogDelivery = true))),
      ],
      ['environments["qa"].security.auditLogDelivery = true', "the account allows two"],
    ],
    ["bad group name", [variant(examples.dev, (e) => (e.identity = { analysts: "!" }))], ['identity.analysts = "!"', "Fix:"]],
    [
      "Key Vault name out of Azure's rules",
      [variant(examples.azdev, (e) => (e.azure.keyVaultName = "kv--lakehouse"))],
      ['azure.keyVaultName = "kv--lakehouse"', "single hyphens", "Fix:"],
    ],
    [
      "Key Vault name too long",
      [variant(examples.azdev, (e) => (e.azure.keyVaultName = "kv-lakehouse-development-1"))],
      ['azure.keyVaultName = "kv-lakehouse-development-1"', "3-24"],
    ],
    [
      "storage account name with capitals",
      [variant(examples.azdev, (e) => (e.azure.storageAccountName = "StLakehouse"))],
      ['azure.storageAccountName = "StLakehouse"', "lowercase letters and digits"],
    ],
    [
      "storage account name with hyphens",
      [variant(examples.azdev, (e) => (e.azure.storageAccountName = "st-lakehouse"))],
      ['azure.storageAccountName = "st-lakehouse"', "Fix:"],
    ],
    [
      "mount without a secret scope",
      [variant(examples.azdev, (e) => delete e.mounts.secretScope)],
      ["mounts.secretScope = (not set)", "must come from a secret scope", 'Fix: set it to "azdev-pipelines"'],
    ],
    [
      "mount reading another scope",
      [variant(examples.azdev, (e) => (e.mounts.secretScope = "other"))],
      ['mounts.secretScope = "other"', "not a scope this environment creates"],
    ],
    [
      "ADLS mount without a service principal",
      [variant(examples.azdev, (e) => delete e.mounts.servicePrincipalClientId)],
      ["mounts.servicePrincipalClientId", "authenticates as a service principal"],
    ],
    [
      "ADLS mount without the principal's object id",
      [variant(examples.azdev, (e) => delete e.mounts.servicePrincipalObjectId)],
      ["mounts.servicePrincipalObjectId", "read access to the landing container"],
    ],
    [
      "mount principal object id that is not a uuid",
      [variant(examples.azdev, (e) => (e.mounts.servicePrincipalObjectId = "sp-mount"))],
      ['mounts.servicePrincipalObjectId = "sp-mount"', "not an Entra object id"],
    ],
    [
      "AWS node type on Azure",
      [variant(examples.azdev, (e) => (e.compute.pool.nodeType = "m5d.large"))],
      ['compute.pool.nodeType = "m5d.large"', "not an Azure node type (that is an EC2 instance type)"],
    ],
    [
      "Azure region that does not exist",
      [variant(examples.azdev, (e) => (e.azure.location = "moon-1"))],
      ['azure.location = "moon-1"', "not an Azure region with Azure Databricks"],
    ],
    [
      "Azure enterprise tier",
      [variant(examples.azdev, (e) => (e.databricks.pricingTier = "ENTERPRISE"))],
      ['databricks.pricingTier = "ENTERPRISE"', 'must be "PREMIUM" on Azure'],
    ],
    [
      "Azure subnets too small",
      [variant(examples.azdev, (e) => (e.azure.network.subnetNewBits = 6))],
      ["azure.network.subnetNewBits = 6", "/28 subnets", "/18 to /26"],
    ],
    [
      "VNet overlapping an AWS VPC",
      [examples.dev, variant(examples.azdev, (e) => (e.azure.network.vnetCidr = "10.20.4.0/22"))],
      ['environments["azdev"].azure.network.vnetCidr = "10.20.4.0/22"', "overlaps dev's network"],
    ],
    [
      "front-end Private Link without the back-end",
      [variant(examples.azprod, (e) => (e.azure.network.privateConnectivity.backEnd = false))],
      ["azure.network.privateConnectivity.frontEnd = true", "while backEnd is false", "Fix: set backEnd: true"],
    ],
    [
      "private endpoints without a subnet",
      [variant(examples.azprod, (e) => delete e.azure.network.privateConnectivity.endpointSubnetCidr)],
      ["privateConnectivity.endpointSubnetCidr = (not set)", "need a subnet of their own in 10.50.0.0/20", "Fix:"],
    ],
    [
      "endpoint subnet outside the VNet",
      [variant(examples.azprod, (e) => (e.azure.network.privateConnectivity.endpointSubnetCidr = "10.60.0.0/26"))],
      ['endpointSubnetCidr = "10.60.0.0/26"', "is not inside the VNet 10.50.0.0/20", "Fix:"],
    ],
    [
      "endpoint subnet on the container subnet",
      [variant(examples.azprod, (e) => (e.azure.network.privateConnectivity.endpointSubnetCidr = "10.50.4.0/26"))],
      ['endpointSubnetCidr = "10.50.4.0/26"', "overlaps the container subnet", "Fix:"],
    ],
    [
      "endpoint subnet too small",
      [variant(examples.azprod, (e) => (e.azure.network.privateConnectivity.endpointSubnetCidr = "10.50.8.0/29"))],
      ['endpointSubnetCidr = "10.50.8.0/29"', "at least a /28", "Fix:"],
    ],
    [
      "DNS link to something that is not a VNet",
      [variant(examples.azprod, (e) => (e.azure.network.privateConnectivity.dnsLinkedVnetIds = ["vnet-deployers"]))],
      ['dnsLinkedVnetIds[0] = "vnet-deployers"', "not a virtual network's resource id", "Fix:"],
    ],
    [
      "private storage without serverless egress",
      [variant(examples.azprod, (e) => (e.security.serverlessEgress = { enabled: false }))],
      [
        "privateConnectivity.storageAndKeyVault = true",
        "serverless compute then reaches only through",
        "Fix: set security.serverlessEgress.enabled: true",
      ],
    ],
    [
      "serverless domains while egress control is off",
      [variant(examples.dev, (e) => (e.security.serverlessEgress = { allowedDomains: ["pypi.org"] }))],
      ['serverlessEgress.allowedDomains = ["pypi.org"]', "enabled is false", "Fix:"],
    ],
    [
      "serverless domain given as a URL",
      [variant(examples.prod, (e) => (e.security.serverlessEgress.allowedDomains = ["https://pypi.org/simple"]))],
      ['allowedDomains[0] = "https://pypi.org/simple"', "not a DNS name", 'Fix: e.g. "pypi.org"'],
    ],
    [
      "serverless egress with an adopted metastore",
      [variant(examples.prod, (e) => (e.unityCatalog = { metastore: { mode: "adopt", id: "0d1c2b3a-4e5f-4789-abcd-ef0123456789" } }))],
      ["security.serverlessEgress.enabled = true", "adopted metastore", 'Fix: use unityCatalog.metastore: { mode: "create" }'],
    ],
    [
      "serverless egress for a workspace brought along",
      [variant(examples.prod, (e) => (e.databricks.existingWorkspaceHost = "https://dbc-1234abcd-5678.cloud.databricks.com"))],
      ["security.serverlessEgress.enabled = true", "does not create", "Fix:"],
    ],
    ["unknown cloud", [variant(examples.dev, (e) => (e.cloud = "gcp"))], ['cloud = "gcp"', 'must be "aws" or "azure"']],
    [
      "malformed metastore id",
      [variant(examples.dev, (e) => (e.unityCatalog = { metastore: { mode: "adopt", id: "ms-1" } }))],
      ['unityCatalog.metastore.id = "ms-1"', "not a metastore id"],
    ],
    [
      "S3 state bucket with capitals",
      [variant(examples.dev, (e) => (e.state = { backend: "s3", bucket: "Acme_State", region: "eu-west-1" }))],
      ['state.bucket = "Acme_State"', "not an S3 bucket name"],
    ],
    [
      "unknown state backend",
      [variant(examples.dev, (e) => (e.state = { backend: "gcs" }))],
      ['state.backend must be "local", "s3" or "azurerm"'],
    ],
    [
      "developers in prod",
      [examples.dev, variant(examples.prod, (e) => (e.repository.developers = ["ana@example.com"]))],
      ['environments["prod"].repository.developers', "people develop in dev"],
    ],
    [
      "repository over http",
      [variant(examples.dev, (e) => (e.repository.url = "http://github.com/x/y.git"))],
      ['repository.url = "http://github.com/x/y.git"', "https clone URL"],
    ],
    [
      "no on-call mailbox",
      [variant(examples.dev, (e) => (e.jobs.notificationEmails = []))],
      ["jobs.notificationEmails = []", "failed runs would go unnoticed"],
    ],
    [
      "bad ingestion schedule",
      [variant(examples.dev, (e) => (e.jobs.ingestionTrigger = "every hour"))],
      ['jobs.ingestionTrigger = "every hour"', "Quartz cron"],
    ],
    ["cost center missing", [variant(examples.dev, (e) => delete e.tags.costCenter)], ["tags.costCenter = (missing)", "is required"]],
  ];

  it.each(invalid)("rejects %s", (_, inputs, fragments) => {
    const problems = problemsOf(inputs);
    const matching = problems.filter((p) => fragments.every((f) => p.includes(f)));
    expect({ problems, matching: matching.length }).toEqual({ problems, matching: 1 });
  });

  it("reports every problem of an environment at once", () => {
    const problems = problemsOf([
      variant(examples.dev, (e) => {
        e.aws.region = "nowhere";
        e.aws.accountId = "nope";
        e.compute.sparkVersion = "9.1.x-scala2.12";
      }),
    ]);
    expect(problems).toHaveLength(3);
  });
});
