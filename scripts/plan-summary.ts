// Turns saved plans (`tofu show -json PLAN` / `terraform show -json PLAN`) into a Markdown summary
// for a pull request: per stack the counts to add, change and destroy, then the changes a reviewer
// must read, destructive ones first. Attribute values are never printed (they may be secrets).
// Beside them, every setting of the prod baseline that config turns off, with the reason written there.
// Usage: npm run plan:summary -- plan-STACK.json [...]   (the stack name is taken from the file name)
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { environments } from "../config/environments";
import { loadEnvironments } from "../config/load";
import { BASELINE_SETTINGS } from "../config/prod-baseline";
import type { Environment } from "../config/schema";
import { stackNames } from "../stacks/stack-names";

type Action = "no-op" | "create" | "read" | "update" | "delete";
export interface PlanJson {
  resource_changes?: Array<{ address: string; type: string; mode?: string; change: { actions: Action[] } }>;
}

export type Category = "destroy" | "replace" | "iam" | "grants" | "network" | "keys" | "secrets";

const CATEGORY_TITLES: Record<Category, string> = {
  destroy: "Destroyed",
  replace: "Replaced (destroyed and created again)",
  iam: "Identity and IAM",
  grants: "Grants and permissions",
  network: "Network exposure",
  keys: "Encryption keys",
  secrets: "Secrets",
};

// Resource types whose change a reviewer must read, by concern.
const SENSITIVE_TYPES: Array<[Exclude<Category, "destroy" | "replace">, RegExp]> = [
  [
    "iam",
    /^(aws_iam_|azurerm_role_assignment|azurerm_role_definition|azurerm_user_assigned_identity|azurerm_federated_identity_credential|databricks_(mws_permission_assignment|service_principal|group|group_member|entitlements|user|mws_credentials))/,
  ],
  ["grants", /^databricks_(permissions|grants?|secret_acl|workspace_binding)$/],
  [
    "network",
    /^(aws_(security_group|vpc_security_group_(ingress|egress)_rule|default_security_group|route|route_table|nat_gateway|internet_gateway|eip|vpc_endpoint|vpc|subnet|s3_bucket_public_access_block|s3_bucket_policy)|azurerm_(network_security_group|network_security_rule|subnet|public_ip|nat_gateway|virtual_network)|databricks_(ip_access_list|workspace_conf|mws_networks))/,
  ],
  [
    "keys",
    /^(aws_kms_|azurerm_key_vault(_key)?$|databricks_mws_customer_managed_keys|azurerm_databricks_workspace_root_dbfs_customer_managed_key)/,
  ],
  ["secrets", /^(databricks_(secret|secret_scope|git_credential)|azurerm_key_vault_secret|aws_secretsmanager_)/],
];

// Resources whose destruction loses data (stores), or makes it unreadable (keys): listed in that order
// before any other destruction.
const DATA_STORES =
  /^(aws_s3_bucket|azurerm_(storage_account|storage_container|storage_data_lake_gen2_filesystem)|databricks_(metastore|catalog|schema|volume|sql_table|external_location))$/;
const DATA_KEYS = /^(aws_kms_key|azurerm_key_vault|azurerm_key_vault_key)$/;

/** 0 for a data store, 1 for a key, 2 for anything else (destructions are listed in that order). */
const dataRank = (type: string): number => (DATA_STORES.test(type) ? 0 : DATA_KEYS.test(type) ? 1 : 2);
const OTHER_RANK = 2;

export interface StackSummary {
  readonly stack: string;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly mustRead: Array<{ category: Category; address: string; action: string; dataRank: number }>;
}

function actionName(actions: Action[]): "create" | "update" | "delete" | "replace" | undefined {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("delete")) return "delete";
  if (actions.includes("create")) return "create";
  if (actions.includes("update")) return "update";
  return undefined;
}

export function summarizePlan(stack: string, plan: PlanJson): StackSummary {
  let add = 0;
  let change = 0;
  let destroy = 0;
  const mustRead: StackSummary["mustRead"] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const action = actionName(rc.change.actions);
    if (!action) continue;
    if (action === "create" || action === "replace") add += 1;
    if (action === "delete" || action === "replace") destroy += 1;
    if (action === "update") change += 1;
    const category: Category | undefined =
      action === "delete"
        ? "destroy"
        : action === "replace"
          ? "replace"
          : SENSITIVE_TYPES.find(([, pattern]) => pattern.test(rc.type))?.[0];
    if (category) mustRead.push({ category, address: rc.address, action, dataRank: dataRank(rc.type) });
  }
  const order: Category[] = ["destroy", "replace", "iam", "grants", "network", "keys", "secrets"];
  // Destructive first; within a category, data stores, then keys, then the rest.
  mustRead.sort(
    (a, b) => order.indexOf(a.category) - order.indexOf(b.category) || a.dataRank - b.dataRank || a.address.localeCompare(b.address),
  );
  return { stack, add, change, destroy, mustRead };
}

/** A setting of the prod baseline that an environment turns off, and why (config/prod-baseline.ts). */
export interface BaselineException {
  readonly environment: string;
  readonly setting: string;
  readonly field: string;
  readonly reason: string;
}

/**
 * Takes validated environments and the names of the planned stacks; gives the prod baseline settings
 * turned off in the environments those stacks belong to, each with the reason config gives.
 */
export function baselineExceptions(envs: readonly Environment[], stacks: readonly string[]): BaselineException[] {
  return envs
    .filter((env) => Object.values(stackNames(env)).some((name) => stacks.includes(name)))
    .flatMap((env) =>
      env.baseline.off.map((off) => ({
        environment: env.name,
        field: off.field,
        setting: BASELINE_SETTINGS.find((s) => s.field === off.field)?.label ?? off.field,
        reason: off.reason ?? "(none given)",
      })),
    );
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");

/** Markdown: the counts per stack, the prod baseline settings turned off (with reasons), then per stack the changes to read. */
export function renderSummary(summaries: StackSummary[], exceptions: readonly BaselineException[] = []): string {
  const lines: string[] = ["| stack | add | change | destroy |", "| --- | ---: | ---: | ---: |"];
  for (const s of summaries) lines.push(`| ${s.stack} | ${s.add} | ${s.change} | ${s.destroy} |`);
  if (exceptions.length > 0) {
    lines.push("", "### Prod baseline turned off", "", "| environment | setting | reason |", "| --- | --- | --- |");
    for (const e of exceptions) lines.push(`| ${e.environment} | ${e.setting} (\`${e.field}\`) | ${cell(e.reason)} |`);
  }
  for (const s of summaries) {
    lines.push("", `### ${s.stack}`);
    if (s.mustRead.length === 0) {
      lines.push("", s.add + s.change + s.destroy === 0 ? "No changes." : "Nothing that needs a closer look.");
      continue;
    }
    let current: Category | undefined;
    for (const item of s.mustRead) {
      if (item.category !== current) {
        current = item.category;
        const warning = current === "destroy" || current === "replace" ? ":warning: " : "";
        lines.push("", `**${warning}${CATEGORY_TITLES[current]}**`, "");
      }
      const destructive = item.category === "destroy" || item.category === "replace";
      lines.push(`- \`${item.address}\` (${item.action}${destructive && item.dataRank < OTHER_RANK ? ", data store" : ""})`);
    }
  }
  return lines.join("\n");
}

export function stackNameOf(file: string): string {
  return basename(file)
    .replace(/\.json$/, "")
    .replace(/^plan-/, "");
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("Usage: npm run plan:summary -- plan-STACK.json [...] (from `tofu show -json PLAN`)");
    process.exit(2);
  }
  const summaries = files.map((file) => summarizePlan(stackNameOf(file), JSON.parse(readFileSync(file, "utf8")) as PlanJson));
  console.log(
    renderSummary(
      summaries,
      baselineExceptions(
        loadEnvironments(environments),
        summaries.map((s) => s.stack),
      ),
    ),
  );
}
