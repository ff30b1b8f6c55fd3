// Instance types each cloud offers to Databricks clusters. Kept as families, not a full SKU list,
// so a new size of a known family needs no change here.
export type Cloud = "aws" | "azure";

// AWS families with local NVMe (Delta cache, shuffle) that Databricks supports with Photon.
export const AWS_NODE_FAMILIES = [
  "m5d",
  "m5dn",
  "m6id",
  "m6gd",
  "m7gd",
  "r5d",
  "r5dn",
  "r6id",
  "r6gd",
  "r7gd",
  "c5d",
  "c6id",
  "c6gd",
  "c7gd",
  "i3",
  "i3en",
  "i4i",
  "g4dn",
  "g5",
] as const;

const AWS_NODE_PATTERN = /^([a-z][a-z0-9]+)\.(large|xlarge|[1-9][0-9]?xlarge|metal)$/;
// Azure VM sizes, with or without a version suffix: "Standard_D4ds_v5", "Standard_DS3_v2", "Standard_F4s".
const AZURE_NODE_PATTERN = /^Standard_[A-Z]+[0-9]+[a-z]*(_[A-Za-z0-9]+)*$/;

/** Returns undefined when `nodeType` is valid for `cloud`, otherwise the reason and the fix. */
export function nodeTypeProblem(cloud: Cloud, nodeType: string): string | undefined {
  if (cloud === "aws") {
    const match = AWS_NODE_PATTERN.exec(nodeType);
    if (!match) {
      const hint = AZURE_NODE_PATTERN.test(nodeType) ? " (that is an Azure VM size)" : "";
      return `is not an AWS node type${hint}. Fix: use an EC2 instance type such as "m5d.xlarge" or "r6id.2xlarge"`;
    }
    if (!(AWS_NODE_FAMILIES as readonly string[]).includes(match[1])) {
      return `uses the EC2 family "${match[1]}", which this blueprint does not offer to Databricks. Fix: use one of ${AWS_NODE_FAMILIES.join(", ")}`;
    }
    return undefined;
  }
  if (!AZURE_NODE_PATTERN.test(nodeType)) {
    const hint = AWS_NODE_PATTERN.test(nodeType) ? " (that is an EC2 instance type)" : "";
    return `is not an Azure node type${hint}. Fix: use a VM size such as "Standard_D4ds_v5" or "Standard_E8ds_v5"`;
  }
  return undefined;
}
