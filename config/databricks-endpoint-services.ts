// Databricks' PrivateLink endpoint services per AWS region (commercial partition). Source:
// Databricks docs, "IP addresses and domains for Databricks services and assets", section
// "PrivateLink VPC endpoint services" (https://docs.databricks.com/aws/en/resources/ip-domain-region#privatelink),
// read November 2026. The workspace service serves the REST API (back-end) and the web application
// and APIs (front-end); the relay service serves secure cluster connectivity (back-end only).
// A region missing here has no published service; config refuses PrivateLink there.

/** The two endpoint services Databricks publishes in one region. */
export interface DatabricksEndpointServices {
  /** Workspace (REST API and web application): ports 443 and, for the compliance security profile, 8443-8451. */
  readonly workspace: string;
  /** Secure cluster connectivity relay: port 6666 (2443 with FIPS encryption). */
  readonly relay: string;
}

const svc = (region: string, id: string) => `com.amazonaws.vpce.${region}.vpce-svc-${id}`;

export const DATABRICKS_ENDPOINT_SERVICES: Readonly<Record<string, DatabricksEndpointServices>> = {
  "ap-northeast-1": { workspace: svc("ap-northeast-1", "02691fd610d24fd64"), relay: svc("ap-northeast-1", "02aa633bda3edbec0") },
  "ap-northeast-2": { workspace: svc("ap-northeast-2", "0babb9bde64f34d7e"), relay: svc("ap-northeast-2", "0dc0e98a5800db5c4") },
  "ap-south-1": { workspace: svc("ap-south-1", "0dbfe5d9ee18d6411"), relay: svc("ap-south-1", "03fd4d9b61414f3de") },
  "ap-southeast-1": { workspace: svc("ap-southeast-1", "02535b257fc253ff4"), relay: svc("ap-southeast-1", "0557367c6fc1a0c5c") },
  "ap-southeast-2": { workspace: svc("ap-southeast-2", "0b87155ddd6954974"), relay: svc("ap-southeast-2", "0b4a72e8f825495f6") },
  "ap-southeast-3": { workspace: svc("ap-southeast-3", "07a698e7e9ccfd04a"), relay: svc("ap-southeast-3", "025ca447c232c6a1b") },
  "ca-central-1": { workspace: svc("ca-central-1", "0205f197ec0e28d65"), relay: svc("ca-central-1", "0c4e25bdbcbfbb684") },
  "eu-central-1": { workspace: svc("eu-central-1", "081f78503812597f7"), relay: svc("eu-central-1", "08e5dfca9572c85c4") },
  "eu-west-1": { workspace: svc("eu-west-1", "0da6ebf1461278016"), relay: svc("eu-west-1", "09b4eb2bc775f4e8c") },
  "eu-west-2": { workspace: svc("eu-west-2", "01148c7cdc1d1326c"), relay: svc("eu-west-2", "05279412bf5353a45") },
  "eu-west-3": { workspace: svc("eu-west-3", "008b9368d1d011f37"), relay: svc("eu-west-3", "005b039dd0b5f857d") },
  "sa-east-1": { workspace: svc("sa-east-1", "0bafcea8cdfe11b66"), relay: svc("sa-east-1", "0e61564963be1b43f") },
  "us-east-1": { workspace: svc("us-east-1", "09143d1e626de2f04"), relay: svc("us-east-1", "00018a8c3ff62ffdf") },
  "us-east-2": { workspace: svc("us-east-2", "041dc2b4d7796b8d3"), relay: svc("us-east-2", "090a8fab0d73e39a6") },
  "us-west-1": { workspace: svc("us-west-1", "09bb6ca26208063f2"), relay: svc("us-west-1", "04cb91f9372b792fe") },
  "us-west-2": { workspace: svc("us-west-2", "0129f463fcfbc46c5"), relay: svc("us-west-2", "0158114c0c730c3bb") },
};

/** The services of `region`, or undefined where Databricks publishes none. */
export function databricksEndpointServices(region: string): DatabricksEndpointServices | undefined {
  return Object.hasOwn(DATABRICKS_ENDPOINT_SERVICES, region) ? DATABRICKS_ENDPOINT_SERVICES[region] : undefined;
}
