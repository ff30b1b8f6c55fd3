// AWS regions where Databricks offers E2 workspaces with customer-managed VPCs and keys.
export const AWS_DATABRICKS_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "sa-east-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-northeast-1",
  "ap-northeast-2",
] as const;

// Azure regions with Azure Databricks (premium tier, Unity Catalog).
export const AZURE_DATABRICKS_REGIONS = [
  "eastus",
  "eastus2",
  "centralus",
  "northcentralus",
  "southcentralus",
  "westus",
  "westus2",
  "westus3",
  "canadacentral",
  "brazilsouth",
  "northeurope",
  "westeurope",
  "uksouth",
  "ukwest",
  "francecentral",
  "germanywestcentral",
  "switzerlandnorth",
  "norwayeast",
  "swedencentral",
  "uaenorth",
  "southafricanorth",
  "centralindia",
  "southeastasia",
  "eastasia",
  "japaneast",
  "koreacentral",
  "australiaeast",
  "australiasoutheast",
] as const;

/** What config says of a region outside the lists above (aws.region, azure.location): the reason and the fix. */
export const REGION_MESSAGES = {
  aws: `is not an AWS region with Databricks E2 workspaces. Fix: use one of ${AWS_DATABRICKS_REGIONS.join(", ")}`,
  azure: `is not an Azure region with Azure Databricks. Fix: use one of ${AZURE_DATABRICKS_REGIONS.join(", ")}`,
} as const;

/** Takes a cloud and a region name; gives config's message when the blueprint does not deploy there, else undefined. */
export function regionProblem(cloud: "aws" | "azure", region: string): string | undefined {
  const known: readonly string[] = cloud === "aws" ? AWS_DATABRICKS_REGIONS : AZURE_DATABRICKS_REGIONS;
  return known.includes(region) ? undefined : REGION_MESSAGES[cloud];
}
