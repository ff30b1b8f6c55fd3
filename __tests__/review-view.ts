// The review view of a synthesized stack: what the stack snapshots hold (review-snapshots.test.ts), so
// that a pull request's snapshot diff reads as a change log of what matters for security and cost.
//
// One block per Terraform address, resources first then data sources, each sorted. Under an address,
// only the attributes REVIEWED names for its type (plus EVERY_RESOURCE), one value per line; a type
// that is not in the table shows its address alone, so a new resource still shows up as a new line.
// Tags, descriptions, names of things and wiring are left out: a tag change touches no line here
// (keys named in NEVER_SHOWN are skipped wherever they appear, in a cluster policy's definition too).
//
// How a value is shown, HCL-like:
// - a string that is one Terraform expression, "${aws_kms_key.k.arn}", is shown bare: aws_kms_key.k.arn;
// - a list of plain values on one line: ["203.0.113.0/24", "192.0.2.0/28"];
// - objects and lists of objects one leaf per line: rule[0].apply_server_side_encryption_by_default.sse_algorithm;
// - a string that holds a JSON object (a cluster policy's definition) one key per line, each rule compact.
// A path in the table walks objects by key ("custom_parameters.no_public_ip") and goes through lists
// by itself ("job_cluster.new_cluster.node_type_id" reads every job cluster, shown with its index);
// the lines of one list element stay together, in the table's order.

/** Shown for every resource and data source that has it. */
const EVERY_RESOURCE = ["lifecycle.prevent_destroy"];

/** Keys never shown, at any depth: cost-allocation tags change often and say nothing of security or size. */
const NEVER_SHOWN = /^(tags|custom_tags)(\.|$)/;

/** What a security group rule opens, to what and from where. */
const SECURITY_GROUP_RULE = [
  "security_group_id",
  "ip_protocol",
  "from_port",
  "to_port",
  "cidr_ipv4",
  "cidr_ipv6",
  "prefix_list_id",
  "referenced_security_group_id",
];

/** The attributes shown per type; a data source's type is written `data.TYPE`. */
const REVIEWED: Readonly<Record<string, readonly string[]>> = {
  // AWS network: ranges, routes out, security group rules, endpoints.
  aws_vpc: ["cidr_block"],
  aws_subnet: ["cidr_block", "map_public_ip_on_launch"],
  aws_route: ["destination_cidr_block", "gateway_id", "nat_gateway_id"],
  aws_default_security_group: ["ingress", "egress"],
  aws_security_group: ["ingress", "egress"],
  aws_vpc_security_group_ingress_rule: SECURITY_GROUP_RULE,
  aws_vpc_security_group_egress_rule: SECURITY_GROUP_RULE,
  aws_vpc_endpoint: ["service_name", "vpc_endpoint_type", "private_dns_enabled", "policy"],
  aws_vpc_endpoint_policy: ["policy"],
  aws_flow_log: ["traffic_type"],
  aws_cloudwatch_log_group: ["kms_key_id", "retention_in_days"],
  // AWS storage and keys: encryption, public access, protection, retention.
  aws_s3_bucket: ["bucket", "force_destroy", "object_lock_enabled"],
  aws_s3_bucket_server_side_encryption_configuration: ["rule"],
  aws_s3_bucket_public_access_block: ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"],
  aws_s3_bucket_ownership_controls: ["rule.object_ownership"],
  aws_s3_bucket_versioning: ["versioning_configuration.status"],
  aws_s3_bucket_policy: ["policy"],
  aws_s3_bucket_logging: ["target_bucket"],
  aws_s3_bucket_lifecycle_configuration: [
    "rule.status",
    "rule.expiration",
    "rule.noncurrent_version_expiration",
    "rule.abort_incomplete_multipart_upload",
  ],
  aws_kms_key: ["enable_key_rotation", "rotation_period_in_days", "deletion_window_in_days", "multi_region", "policy"],
  // AWS identity: who may assume what, and with which policy.
  aws_iam_role: ["assume_role_policy", "managed_policy_arns", "permissions_boundary", "max_session_duration"],
  aws_iam_role_policy: ["role", "policy"],
  aws_iam_instance_profile: ["role"],
  aws_iam_openid_connect_provider: ["url", "client_id_list"],
  aws_iam_policy: ["policy"],
  aws_iam_role_policy_attachment: ["role", "policy_arn"],
  "data.aws_iam_policy_document": [
    "source_policy_documents",
    "statement.effect",
    "statement.actions",
    "statement.not_actions",
    "statement.resources",
    "statement.principals",
    "statement.condition",
  ],
  "data.databricks_aws_assume_role_policy": ["external_id", "for_log_delivery"],
  "data.databricks_aws_crossaccount_policy": ["policy_type", "aws_account_id", "region", "vpc_id", "security_group_id", "pass_roles"],
  "data.databricks_aws_bucket_policy": ["bucket", "full_access_role"],
  "data.databricks_aws_unity_catalog_assume_role_policy": ["role_name", "external_id"],
  "data.databricks_aws_unity_catalog_policy": ["bucket_name", "kms_name", "role_name"],
  // Azure network: ranges, subnets' outbound access, NSG rules, private endpoints and DNS.
  azurerm_virtual_network: ["address_space"],
  azurerm_subnet: ["address_prefixes", "default_outbound_access_enabled", "service_endpoints"],
  azurerm_network_security_group: ["security_rule"],
  azurerm_network_security_rule: [
    "direction",
    "access",
    "protocol",
    "source_address_prefix",
    "source_address_prefixes",
    "destination_address_prefix",
    "destination_port_range",
    "destination_port_ranges",
  ],
  azurerm_private_endpoint: [
    "subnet_id",
    "private_service_connection.private_connection_resource_id",
    "private_service_connection.subresource_names",
    "private_service_connection.is_manual_connection",
  ],
  azurerm_private_dns_zone: ["name"],
  azurerm_private_dns_zone_virtual_network_link: ["virtual_network_id", "registration_enabled", "resolution_policy"],
  // Azure workspace, storage and keys: encryption, public access, firewalls, protection.
  azurerm_databricks_workspace: [
    "sku",
    "public_network_access_enabled",
    "network_security_group_rules_required",
    "custom_parameters.no_public_ip",
    "customer_managed_key_enabled",
    "infrastructure_encryption_enabled",
    "managed_services_cmk_key_vault_key_id",
    "managed_disk_cmk_key_vault_key_id",
  ],
  azurerm_databricks_workspace_root_dbfs_customer_managed_key: ["key_vault_key_id"],
  azurerm_storage_account: [
    "account_tier",
    "account_replication_type",
    "public_network_access_enabled",
    "allow_nested_items_to_be_public",
    "shared_access_key_enabled",
    "default_to_oauth_authentication",
    "https_traffic_only_enabled",
    "min_tls_version",
    "infrastructure_encryption_enabled",
    "cross_tenant_replication_enabled",
    "local_user_enabled",
    "sftp_enabled",
    "network_rules",
  ],
  azurerm_storage_account_customer_managed_key: ["key_vault_key_id"],
  azurerm_storage_container: ["container_access_type"],
  azurerm_key_vault: [
    "sku_name",
    "purge_protection_enabled",
    "soft_delete_retention_days",
    "rbac_authorization_enabled",
    "public_network_access_enabled",
    "network_acls",
  ],
  azurerm_key_vault_key: ["key_type", "key_size", "key_opts", "rotation_policy"],
  azurerm_role_assignment: ["role_definition_name", "role_definition_id", "scope", "principal_id", "condition"],
  azurerm_role_definition: ["scope", "permissions", "assignable_scopes"],
  azurerm_federated_identity_credential: ["issuer", "subject", "audience", "parent_id"],
  azurerm_databricks_access_connector: ["identity.type"],
  azurerm_log_analytics_workspace: ["sku", "retention_in_days"],
  azurerm_monitor_diagnostic_setting: ["target_resource_id", "enabled_log.category"],
  // Databricks account: workspaces' network and keys, credentials, identities and their memberships.
  databricks_mws_workspaces: [
    "pricing_tier",
    "is_no_public_ip_enabled",
    "network_id",
    "private_access_settings_id",
    "managed_services_customer_managed_key_id",
    "storage_customer_managed_key_id",
  ],
  databricks_mws_networks: ["subnet_ids", "security_group_ids", "vpc_endpoints"],
  databricks_mws_private_access_settings: ["public_access_enabled", "private_access_level", "allowed_vpc_endpoint_ids"],
  databricks_mws_vpc_endpoint: ["aws_vpc_endpoint_id"],
  databricks_mws_credentials: ["role_arn"],
  databricks_mws_storage_configurations: ["bucket_name"],
  databricks_mws_customer_managed_keys: ["use_cases", "aws_key_info.key_arn"],
  databricks_mws_log_delivery: ["log_type", "delivery_path_prefix"],
  databricks_mws_permission_assignment: ["principal_id", "permissions"],
  databricks_group: ["display_name"],
  databricks_service_principal: ["display_name"],
  databricks_service_principal_role: ["service_principal_id", "role"],
  databricks_service_principal_federation_policy: ["service_principal_id", "oidc_policy"],
  databricks_group_member: ["group_id", "member_id"],
  databricks_metastore: ["owner", "force_destroy", "storage_root"],
  databricks_storage_credential: ["owner", "isolation_mode", "aws_iam_role.role_arn", "azure_managed_identity.access_connector_id"],
  databricks_mws_ncc_private_endpoint_rule: ["group_id", "resource_id"],
  databricks_account_network_policy: ["egress"],
  databricks_workspace_network_option: ["network_policy_id"],
  databricks_budget: ["alert_configurations.quantity_threshold", "alert_configurations.quantity_type", "alert_configurations.time_period"],
  // Databricks compute: sizes, caps, autotermination, node types, isolation.
  databricks_cluster_policy: ["definition", "max_clusters_per_user"],
  databricks_cluster: [
    "policy_id",
    "data_security_mode",
    "node_type_id",
    "driver_node_type_id",
    "num_workers",
    "autoscale",
    "autotermination_minutes",
    "instance_pool_id",
    "enable_local_disk_encryption",
    "runtime_engine",
    "aws_attributes.availability",
    "azure_attributes.availability",
  ],
  databricks_instance_pool: [
    "node_type_id",
    "min_idle_instances",
    "max_capacity",
    "idle_instance_autotermination_minutes",
    "aws_attributes.availability",
    "azure_attributes.availability",
  ],
  databricks_sql_endpoint: [
    "cluster_size",
    "min_num_clusters",
    "max_num_clusters",
    "auto_stop_mins",
    "enable_serverless_compute",
    "warehouse_type",
  ],
  databricks_job: [
    "run_as",
    "git_source",
    "max_concurrent_runs",
    "timeout_seconds",
    "job_cluster.new_cluster.policy_id",
    "job_cluster.new_cluster.data_security_mode",
    "job_cluster.new_cluster.node_type_id",
    "job_cluster.new_cluster.instance_pool_id",
    "job_cluster.new_cluster.num_workers",
    "job_cluster.new_cluster.autoscale",
  ],
  // Databricks workspace: access, grants, secrets, network and security settings.
  databricks_permissions: ["access_control"],
  databricks_grants: ["grant"],
  databricks_entitlements: [
    "workspace_access",
    "workspace_consume",
    "databricks_sql_access",
    "allow_cluster_create",
    "allow_instance_pool_create",
  ],
  databricks_secret_scope: ["backend_type"],
  databricks_secret_acl: ["principal", "permission"],
  databricks_secret: ["string_value"],
  databricks_git_credential: ["personal_access_token"],
  databricks_ip_access_list: ["list_type", "enabled", "ip_addresses"],
  databricks_workspace_conf: ["custom_config"],
  databricks_catalog: ["owner", "isolation_mode"],
  databricks_external_location: ["url", "owner", "isolation_mode", "read_only"],
  databricks_workspace_binding: ["binding_type"],
  databricks_registered_model: ["owner"],
  databricks_instance_profile: ["instance_profile_arn"],
  databricks_mount: ["s3.instance_profile", "abfs.client_id", "abfs.container_name"],
  databricks_disable_legacy_access_setting: ["disable_legacy_access.value"],
  databricks_disable_legacy_dbfs_setting: ["disable_legacy_dbfs.value"],
  databricks_restrict_workspace_admins_setting: ["restrict_workspace_admins.status"],
  databricks_compliance_security_profile_workspace_setting: ["compliance_security_profile_workspace"],
  databricks_enhanced_security_monitoring_workspace_setting: ["enhanced_security_monitoring_workspace.is_enabled"],
  databricks_automatic_cluster_update_workspace_setting: ["automatic_cluster_update_workspace.enabled"],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A section of a synthesized stack (`resource` or `data`): type, then name, then the body. */
type Section = Record<string, Record<string, { [key: string]: Json }>>;
const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isPlain = (value: Json): boolean => !isObject(value) && !Array.isArray(value);

/** One value as HCL writes it: a whole-string Terraform expression bare, other strings quoted. */
function scalar(value: Json): string {
  if (typeof value === "string") {
    const expression = /^\$\{([^{}]*)\}$/.exec(value);
    return expression ? expression[1] : JSON.stringify(value);
  }
  return JSON.stringify(value);
}

/** A string holding a JSON object (a cluster policy's definition), parsed; undefined for any other value. */
function jsonDocument(value: Json): { [key: string]: Json } | undefined {
  if (typeof value !== "string" || !value.startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(value) as Json;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Lines `label = value` for `value` and everything under it, one leaf (or list of plain values) per line. */
function leaves(label: string, value: Json | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    if (value.every(isPlain)) return [`${label} = [${value.map(scalar).join(", ")}]`];
    return value.flatMap((item, i) => leaves(`${label}[${i}]`, item));
  }
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((key) => !NEVER_SHOWN.test(key))
      .sort();
    return keys.length === 0 ? [`${label} = {}`] : keys.flatMap((key) => leaves(`${label}.${key}`, value[key]));
  }
  const document = jsonDocument(value);
  if (document)
    return Object.keys(document)
      .filter((key) => !NEVER_SHOWN.test(key))
      .map((key) => `${label}.${key} = ${JSON.stringify(document[key])}`);
  return [`${label} = ${scalar(value)}`];
}

/**
 * Lines for the attributes at `paths` (each a list of keys) under `value`: a list is gone through
 * element by element, so that each element's lines stay together; a path that ends shows all below it.
 */
function select(label: string, value: Json | undefined, paths: string[][]): string[] {
  if (paths.some((path) => path.length === 0)) return leaves(label, value);
  if (Array.isArray(value)) return value.flatMap((item, i) => select(`${label}[${i}]`, item, paths));
  if (!isObject(value)) return [];
  const keys = [...new Set(paths.map(([key]) => key))];
  return keys.flatMap((key) =>
    select(
      label === "" ? key : `${label}.${key}`,
      value[key],
      paths.filter(([first]) => first === key).map(([, ...rest]) => rest),
    ),
  );
}

/** The review lines of one resource or data source: its address, then its reviewed attributes indented. */
function resourceLines(address: string, type: string, body: { [key: string]: Json }): string[] {
  const paths = [...(REVIEWED[type] ?? []), ...EVERY_RESOURCE].map((path) => path.split("."));
  return [address, ...select("", body, paths).map((line) => `  ${line}`)];
}

/**
 * Takes one stack's synthesized Terraform JSON (text, as cdk.tf.json or synthBlueprint give it) and
 * gives its review view: every resource and data source address, sorted, each followed by the
 * security- and cost-relevant attributes REVIEWED selects for its type. Text, one line per value.
 */
export function reviewView(synthesized: string): string {
  const stack = JSON.parse(synthesized) as { resource?: Section; data?: Section };
  const blocks = (section: Section | undefined, prefix: string) =>
    Object.entries(section ?? {})
      .flatMap(([type, byName]) =>
        Object.entries(byName).map(([name, body]) => ({ type: `${prefix}${type}`, address: `${prefix}${type}.${name}`, body })),
      )
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
      .flatMap(({ address, type, body }) => resourceLines(address, type, body));
  return [...blocks(stack.resource, ""), ...blocks(stack.data, "data.")].join("\n");
}
