import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { regionOf } from "../../config/placement";
import type { Environment } from "../../config/schema";
import { networkCost } from "./network-cost";
import { networkRanges } from "./network-ranges";
import { HOURS_PER_MONTH, PRICES, PRICES_TAKEN } from "./prices";
import { securitySwitches } from "./security-switches";
import { countsByKind, stacksOf } from "./stacks-of";

// `npm run env:summary -- NAME`: what a person reads before an environment's first deploy, from config
// and the synthesized stacks alone (no cloud, no credentials): its stacks and their resources by kind,
// its security switches with the reasons written in config, its network ranges and the fixed monthly
// cost of its network endpoints and gateways. Markdown, like the plan summary of pull requests.

type Json = Record<string, any>;

const usd = (amount: number) => `$${amount.toFixed(2)}`;
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");

/** Parsed stacks of a cdktf.out directory, by name, for the names given; missing ones are left out. */
export function readSynthesized(out: string, names: readonly string[]): Map<string, Json> {
  const stacks = new Map<string, Json>();
  for (const name of names) {
    const file = join(out, "stacks", name, "cdk.tf.json");
    if (existsSync(file)) stacks.set(name, JSON.parse(readFileSync(file, "utf8")) as Json);
  }
  return stacks;
}

/**
 * Takes the environment, every configured environment and its synthesized stacks (by name: the ones
 * stacksOf names, as found in cdktf.out); gives the summary in Markdown.
 */
export function environmentSummary(env: Environment, all: readonly Environment[], synthesized: ReadonlyMap<string, Json>): string {
  const region = regionOf(env);
  const lines = [`## ${env.name}: ${env.cloud === "aws" ? "AWS" : "Azure"} ${region}, stage ${env.stage}`, ""];
  const metastore = env.unityCatalog.metastore;
  lines.push(
    `Databricks account ${env.databricks.accountId}; metastore: ${metastore.mode === "create" ? "created by the blueprint" : `adopted (${metastore.id})`}; state: ${env.state.backend}.`,
    "",
  );

  const stacks = stacksOf(env, all);
  lines.push("### Stacks, in deploy order", "", "| stack | what | resources | data sources |", "| --- | --- | ---: | ---: |");
  for (const stack of stacks) {
    const json = synthesized.get(stack.name);
    const total = (section: "resource" | "data") => (json ? countsByKind(json, section).reduce((n, [, count]) => n + count, 0) : 0);
    const role = `${stack.role}${stack.sharedWith.length ? ` (shared with ${stack.sharedWith.join(", ")})` : ""}`;
    lines.push(
      json
        ? `| ${stack.name} | ${cell(role)} | ${total("resource")} | ${total("data")} |`
        : `| ${stack.name} | ${cell(role)} | not synthesized | - |`,
    );
  }
  const missing = stacks.filter((stack) => !synthesized.has(stack.name));
  if (missing.length)
    lines.push(
      "",
      `Not in cdktf.out: ${missing.map((s) => s.name).join(", ")}. Run \`LAKEHOUSE_ENVIRONMENTS=${env.name} npm run synth\` first.`,
    );
  for (const stack of stacks.filter((s) => synthesized.has(s.name))) {
    const kinds = countsByKind(synthesized.get(stack.name) as Json, "resource");
    lines.push(
      "",
      `<details><summary>${stack.name}: resources by kind</summary>`,
      "",
      kinds.map(([type, count]) => `${type} ${count}`).join(", "),
      "",
      "</details>",
    );
  }

  lines.push("", "### Security switches", "", "| setting | field | state | why |", "| --- | --- | --- | --- |");
  for (const line of securitySwitches(env))
    lines.push(`| ${line.setting} | \`${line.field}\` | ${line.on ? "on" : "**off**"} | ${cell(line.why)} |`);

  const workspace = [...synthesized].find(([name]) => name.endsWith(`-${env.cloud}-workspace`) && name.startsWith(`${env.name}-`))?.[1];
  lines.push("", "### Network ranges", "", "| range | what |", "| --- | --- |");
  for (const range of networkRanges(env, workspace)) lines.push(`| ${range.range} | ${cell(range.what)} |`);

  const zones = env.cloud === "aws" ? (env.aws.network?.availabilityZones.length ?? 0) : 1;
  const cost = networkCost(
    new Map([...synthesized].filter(([name]) => stacks.some((s) => s.name === name && s.sharedWith.length === 0))),
    zones,
  );
  lines.push(
    "",
    "### Fixed monthly cost of network endpoints and gateways (estimate)",
    "",
    "| what | units | USD per unit-hour | USD per month |",
    "| --- | ---: | ---: | ---: |",
  );
  for (const line of cost.lines)
    lines.push(`| ${line.what} | ${line.units} | ${PRICES[line.price].usdPerHour.toFixed(3)} | ${usd(line.usdPerMonth)} |`);
  lines.push(`| **total** | | | **${usd(cost.usdPerMonth)}** |`);
  for (const item of cost.unpriced) lines.push("", `Also: ${item.count} ${item.what}, not priced here.`);
  const sources = [...new Set(cost.lines.map((line) => PRICES[line.price].source))];
  lines.push(
    "",
    `Priced at the list prices of ${PRICES_TAKEN.region[env.cloud]}, taken ${PRICES_TAKEN.date}, ${HOURS_PER_MONTH} hours a month; ${env.name} runs in ${region}, where prices differ by region: look ${region} up on ${sources.join(", ") || "the provider's pricing page"}. Left out: per-GB data processing and transfer, which follow the traffic, and everything that is not an endpoint or gateway (compute, storage, Databricks DBUs).`,
  );
  return lines.join("\n");
}
