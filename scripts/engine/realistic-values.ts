// Values in the formats the real APIs return, for what a plan without a cloud cannot ask for: the
// outputs of other stacks (read through terraform_remote_state) and the data sources that call an
// API. Real formats matter: the providers check ARNs, URLs, UUIDs and ids while planning, and a
// value in the wrong format here would hide the very faults the plan tests exist to find.
import { createHash } from "node:crypto";

export type Json = Record<string, any>;

/** Data sources the providers compute themselves, offline: they are planned for real, never overridden. */
export const COMPUTED_LOCALLY = /^(aws_iam_policy_document|aws_partition|databricks_aws_[a-z_]+_policy)$/;

const digest = (seed: string): string => createHash("sha256").update(seed).digest("hex");

/** A UUID (version 4 layout) that is the same for the same seed. */
export function uuidFor(seed: string): string {
  const h = digest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A decimal id of `digits` digits (Databricks workspace and principal ids), the same for the same seed. */
export function numericIdFor(seed: string, digits = 16): string {
  const n = BigInt(`0x${digest(seed).slice(0, 24)}`)
    .toString()
    .padStart(digits, "7");
  return `${(Number(n[0]) % 9) + 1}${n.slice(1, digits)}`;
}

const literal = (value: unknown): string | undefined => (typeof value === "string" && !value.includes("${") ? value : undefined);

/** Resolves an argument of a resource to a literal: itself, or the literal it references in the same stack. */
function resolve(stack: Json, value: unknown): string | undefined {
  const direct = literal(value);
  if (direct !== undefined) return direct;
  const ref = typeof value === "string" ? /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}$/.exec(value) : null;
  if (!ref) return undefined;
  return resolve(stack, stack.resource?.[ref[1]]?.[ref[2]]?.[ref[3]]);
}

function need(what: string, value: string | undefined): string {
  if (value === undefined)
    throw new Error(
      `realistic-values: ${what} is not a literal in the producing stack, so no realistic value can be derived; give it a literal or extend scripts/engine/realistic-values.ts`,
    );
  return value;
}

const awsAccountOf = (stack: Json): string =>
  need("the AWS account (aws provider allowed_account_ids)", stack.provider?.aws?.[0]?.allowed_account_ids?.[0]);
const azureSubscriptionOf = (stack: Json): string =>
  need("the Azure subscription (azurerm provider subscription_id)", stack.provider?.azurerm?.[0]?.subscription_id);

function azureId(stack: Json, res: Json, provider: string): string {
  const group = need("resource_group_name", resolve(stack, res.resource_group_name));
  return `/subscriptions/${azureSubscriptionOf(stack)}/resourceGroups/${group}/providers/${provider}/${need("name", resolve(stack, res.name))}`;
}

type Producer = (stack: Json, res: Json, seed: string) => unknown;

/** type.attribute -> the value that attribute has after apply, in its documented format. */
const RESOURCE_ATTRIBUTES: Record<string, Producer> = {
  "aws_iam_role.arn": (s, r) => `arn:aws:iam::${awsAccountOf(s)}:role/${need("role name", resolve(s, r.name))}`,
  "aws_iam_instance_profile.arn": (s, r) =>
    `arn:aws:iam::${awsAccountOf(s)}:instance-profile/${need("instance profile name", resolve(s, r.name))}`,
  "aws_kms_key.arn": (s, _r, seed) => `arn:aws:kms:${s.provider.aws[0].region}:${awsAccountOf(s)}:key/${uuidFor(seed)}`,
  "aws_s3_bucket.bucket": (s, r) => need("bucket name", resolve(s, r.bucket)),
  "aws_s3_bucket.arn": (s, r) => `arn:aws:s3:::${need("bucket name", resolve(s, r.bucket))}`,
  "databricks_mws_workspaces.workspace_id": (_s, _r, seed) => Number(numericIdFor(seed, 15)), // a number below 2^53
  "databricks_mws_workspaces.workspace_url": (_s, _r, seed) =>
    `https://dbc-${digest(seed).slice(0, 8)}-${digest(seed).slice(8, 12)}.cloud.databricks.com`,
  "databricks_metastore.metastore_id": (_s, _r, seed) => uuidFor(seed),
  "databricks_metastore.id": (_s, _r, seed) => uuidFor(seed),
  // Network connectivity configuration ids are UUIDs (Account Networking API).
  "databricks_mws_network_connectivity_config.network_connectivity_config_id": (_s, _r, seed) => uuidFor(seed),
  // Budget policy ids are generated UUIDs (Account Budget Policy API, policy_id); serverless jobs name it.
  "databricks_budget_policy.policy_id": (_s, _r, seed) => uuidFor(seed),
  "azurerm_databricks_access_connector.id": (s, r) => azureId(s, r, "Microsoft.Databricks/accessConnectors"),
  "azurerm_key_vault.id": (s, r) => azureId(s, r, "Microsoft.KeyVault/vaults"),
  "azurerm_key_vault.vault_uri": (s, r) => `https://${need("vault name", resolve(s, r.name))}.vault.azure.net/`,
  "azurerm_storage_account.name": (s, r) => need("storage account name", resolve(s, r.name)),
  "azurerm_databricks_workspace.workspace_id": (_s, _r, seed) => numericIdFor(seed),
  "azurerm_databricks_workspace.workspace_url": (_s, _r, seed) =>
    `adb-${numericIdFor(seed)}.${(Number.parseInt(digest(seed).slice(0, 2), 16) % 19) + 1}.azuredatabricks.net`,
  "databricks_group.id": (_s, _r, seed) => numericIdFor(seed),
  "databricks_storage_credential.name": (s, r) => need("credential name", resolve(s, r.name)),
  // A propagation wait hands on its triggers once it is over: each value is that of its source.
  "time_sleep.triggers": (s, r, seed) =>
    Object.fromEntries(
      Object.entries((r.triggers ?? {}) as Json).map(([key, value]) => [key, valueOfExpression(s, value, `${seed}/${key}`)]),
    ),
};

/** The value an expression of a stack (a literal, or one "${type.name.attribute}") has after apply. */
function valueOfExpression(stack: Json, expression: unknown, seed: string): unknown {
  if (literal(expression) !== undefined) return expression;
  const ref = typeof expression === "string" ? /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}$/.exec(expression) : null;
  const produce = ref && RESOURCE_ATTRIBUTES[`${ref[1]}.${ref[3]}`];
  if (!ref || !produce)
    throw new Error(`realistic-values: no realistic value known for ${String(expression)} (${seed}); add one to RESOURCE_ATTRIBUTES`);
  const res = stack.resource?.[ref[1]]?.[ref[2]];
  if (!res) throw new Error(`realistic-values: ${seed} reads ${ref[1]}.${ref[2]}, which the stack does not define`);
  return produce(stack, res, `${seed}=${ref[1]}.${ref[2]}.${ref[3]}`);
}

/** The stack a remote state reads, by the state file name that useStateBackend gives each stack. */
export function producerName(remoteState: Json): string {
  const where: string | undefined = remoteState.config?.path ?? remoteState.config?.key;
  const name = where && /([^/]+)\.tfstate$/.exec(where)?.[1]?.replace(/^terraform\./, "");
  if (!name) throw new Error(`realistic-values: cannot tell which stack the remote state ${JSON.stringify(remoteState.config)} reads`);
  return name;
}

/** The outputs a stack's remote state would return, each derived from the producing stack's resources. */
export function remoteStateOutputs(producerStack: Json, producer: string, wanted: readonly string[]): Json {
  const outputs: Json = {};
  for (const name of wanted) {
    const expression = producerStack.output?.[name]?.value;
    if (expression === undefined) throw new Error(`realistic-values: stack ${producer} has no output ${name}`);
    outputs[name] = valueOfExpression(producerStack, expression, `${producer}/output.${name}`);
  }
  return outputs;
}

type DataProducer = (stack: Json, config: Json, seed: string) => Json;

/**
 * Data sources that call an API, with the attributes the real API returns for them: computed
 * attributes only (OpenTofu refuses to override an argument; the configuration gives those).
 */
const DATA_SOURCES: Record<string, DataProducer> = {
  databricks_group: (_s, c, seed) => {
    const name = literal(c.display_name) ?? `group-${digest(seed).slice(0, 6)}`;
    return { id: numericIdFor(seed), acl_principal_id: `groups/${name}` };
  },
  databricks_service_principal: (_s, c, seed) => {
    const applicationId = literal(c.application_id) ?? uuidFor(seed);
    return {
      id: numericIdFor(seed),
      application_id: applicationId,
      display_name: literal(c.display_name) ?? "cicd",
      acl_principal_id: `servicePrincipals/${applicationId}`,
      active: true,
    };
  },
  databricks_current_user: (_s, _c, seed) => ({
    id: numericIdFor(seed),
    user_name: "deployer@example.com",
    home: "/Users/deployer@example.com",
    acl_principal_id: "users/deployer@example.com",
  }),
  azurerm_client_config: (s, _c, seed) => ({
    client_id: uuidFor(`${seed}/client`),
    object_id: uuidFor(`${seed}/object`),
    tenant_id: s.provider?.azurerm?.[0]?.tenant_id ?? uuidFor(`${seed}/tenant`),
    subscription_id: azureSubscriptionOf(s),
  }),
  // The CI/CD identity a workspace stack looks up (made by the bootstrap stack): Resource Manager id, client and object ids.
  azurerm_user_assigned_identity: (s, c, seed) => ({
    id: `/subscriptions/${azureSubscriptionOf(s)}/resourceGroups/${literal(c.resource_group_name) ?? "rg-mock"}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${literal(c.name) ?? "id-mock"}`,
    client_id: uuidFor(`${seed}/client`),
    principal_id: uuidFor(`${seed}/principal`),
    tenant_id: s.provider?.azurerm?.[0]?.tenant_id ?? uuidFor(`${seed}/tenant`),
    location: "westeurope",
  }),
  // A built-in role looked up by name at a subscription: its GUID and its subscription-scoped id.
  azurerm_role_definition: (s, c, seed) => {
    const guid = uuidFor(`${seed}/${literal(c.name) ?? "role"}`);
    const scope = literal(c.scope) ?? `/subscriptions/${azureSubscriptionOf(s)}`;
    return {
      id: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
      role_definition_id: guid,
      type: "BuiltInRole",
      description: literal(c.name) ?? "role",
      assignable_scopes: ["/"],
    };
  },
  aws_caller_identity: (s) => ({
    account_id: awsAccountOf(s),
    arn: `arn:aws:sts::${awsAccountOf(s)}:assumed-role/deployer/plan-test`,
    user_id: "AROAEXAMPLEDEPLOYER:plan-test",
    id: awsAccountOf(s),
  }),
  aws_region: (s) => ({ name: s.provider.aws[0].region, region: s.provider.aws[0].region, id: s.provider.aws[0].region }),
};

/** The attributes a data source that calls an API returns, in their real formats; throws for one not known. */
export function dataSourceValues(stack: Json, stackName: string, type: string, name: string): Json {
  const produce = DATA_SOURCES[type];
  if (!produce)
    throw new Error(
      `realistic-values: data source ${type}.${name} in ${stackName} calls an API and has no realistic values; add them to DATA_SOURCES`,
    );
  const config = stack.data[type][name] as Json;
  const values = produce(stack, config, `${stackName}/data.${type}.${name}`);
  // What the configuration sets is not the API's to return (OpenTofu refuses such overrides).
  return Object.fromEntries(Object.entries(values).filter(([key]) => config[key] === undefined));
}

/** The outputs of each remote state that a stack reads, by remote state name. */
export function remoteOutputsRead(stack: Json): Map<string, Set<string>> {
  const text = JSON.stringify(stack);
  const reads = new Map<string, Set<string>>();
  for (const match of text.matchAll(/data\.terraform_remote_state\.([^.}\s"]+)\.outputs\.([A-Za-z0-9_-]+)/g)) {
    if (!reads.has(match[1])) reads.set(match[1], new Set());
    reads.get(match[1])!.add(match[2]);
  }
  return reads;
}
