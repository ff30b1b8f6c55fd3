/** A TCP port range, inclusive, and why it is open. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
  readonly why: string;
}

/**
 * Egress the Databricks data plane needs to its control plane and AWS APIs without PrivateLink
 * (Databricks docs, "Customer-managed VPC": security group rules).
 */
export const DATABRICKS_EGRESS_PORTS: readonly PortRange[] = [
  { from: 443, to: 443, why: "Databricks control plane, AWS APIs and artifact storage" },
  { from: 3306, to: 3306, why: "legacy Hive metastore" },
  { from: 6666, to: 6666, why: "secure cluster connectivity relay (PrivateLink)" },
  { from: 2443, to: 2443, why: "FIPS-encrypted control plane connections" },
  { from: 8443, to: 8451, why: "control plane API and Unity Catalog logging and lineage" },
];

/**
 * With back-end PrivateLink every one of these reaches an endpoint inside the VPC (Databricks docs,
 * "Configure classic private connectivity to Databricks": the endpoints' security group admits 443 and
 * 8443-8451 for the REST API, 6666 for the relay and 2443 for FIPS/compliance-profile connections). The
 * legacy Hive metastore (3306) is on the internet and is left out: use Unity Catalog.
 */
export const PRIVATE_LINK_PORTS: readonly PortRange[] = [
  { from: 443, to: 443, why: "workspace REST API and AWS interface endpoints" },
  { from: 6666, to: 6666, why: "secure cluster connectivity relay" },
  { from: 2443, to: 2443, why: "FIPS-encrypted (compliance security profile) relay connections" },
  { from: 8443, to: 8451, why: "control plane API, Unity Catalog logging and lineage" },
];
