import { examplePlaceholder } from "../placeholders";
import type { AddProblem } from "./problem";

// Placeholders outside the examples: an environment not marked `example: true` may hold none of the
// examples' made-up values (../example-values), no address of a documentation range and no host under
// a reserved domain. A copied example file that got the team's ids but kept its marker is refused too.

/** What a placeholder does in a field, and its fix; the first pattern that matches the field's path wins. */
const CONSEQUENCES: ReadonlyArray<[RegExp, string, string]> = [
  [
    /^security\.ipAccessList/,
    "as an IP access list it admits no one you know, and deployed it locks everyone out",
    "list the egress ranges of your offices and VPN",
  ],
  [
    /^security\.deployerIpRanges/,
    "the deploy pipeline's runners are not there, so its first apply locks it out",
    'list the egress ranges of the runners that deploy (docs/ci-and-bootstrap.md, "The deploy runners")',
  ],
  [
    /Emails|developers|allowedSecretReaders/,
    "no mail reaches it, and no workspace user has it",
    "use your team's mailboxes and user names",
  ],
  [/^repository\.url/, "Git folders and jobs would clone a repository that is not yours", "set your repository's https clone URL"],
  [
    /^databricks\.accountId/,
    "the account-level provider would act on an account that is not yours, or fail",
    "copy your account id from the Databricks account console",
  ],
  [
    /^aws\.accountId/,
    "the AWS provider refuses every account but this one",
    "set your AWS account's 12-digit id (aws sts get-caller-identity --query Account)",
  ],
  [
    /^azure\.(subscriptionId|tenantId)/,
    "the Azure provider would act on a subscription or tenant that is not yours, or fail",
    "set yours (az account show --query '{subscription:id, tenant:tenantId}')",
  ],
  [
    /^azure\.databricksEnterpriseAppObjectId/,
    "the managed-services key would be granted to no principal of your tenant",
    "run az ad sp show --id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query id -o tsv",
  ],
  [
    /^mounts\.servicePrincipal/,
    "the mount would authenticate as a principal that is not yours",
    "set your mount principal's ids (az ad sp show --id <client id>)",
  ],
  [
    /^azure\.(keyVaultName|storageAccountName)/,
    "the name is unique across Azure: the examples' is someone else's, or taken once anyone deploys them",
    "give it a name of your own",
  ],
  [
    /^state\./,
    "every stack would keep its state where the examples do, not in your account",
    "set your own state bucket or storage account (docs/remote-state.md)",
  ],
  [/^jobs\.jdbc/, "the ingestion job would read a database that is not yours", "set your source database's JDBC URL"],
  [/allowedEgress/, "the security group would open to the examples' network, not to your source", "set the CIDR of your own source"],
  [
    /network\.egress\.allowedDomains/,
    "the egress firewall would allow a host that does not exist",
    "list the hosts classic compute must reach",
  ],
  [/allowedDomains/, "serverless compute would be allowed a host that does not exist", "list the hosts serverless compute must reach"],
  [
    /dnsLinkedVnetIds/,
    "the DNS zones would be linked to a network of the examples' subscription",
    "list the resource ids of your own VNets",
  ],
  [/^databricks\.existingWorkspace/, "the config stack would aim at a workspace that is not yours", "set your workspace's URL and id"],
];

const consequence = (field: string): [string, string] => {
  const hit = CONSEQUENCES.find(([pattern]) => pattern.test(field));
  return hit ? [hit[1], hit[2]] : ["it is no value of yours", "replace it with your own value"];
};

/** "security.ipAccessList[0]" for ["security", "ipAccessList", 0]. */
const dotted = (path: readonly (string | number)[]) =>
  path
    .map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`))
    .join("")
    .replace(/^\./, "");

// Not values of the estate: the marker, what the prod baseline recorded, and the prose of a reason.
const SKIPPED = new Set(["example", "baseline", "reason"]);

function walk(value: unknown, path: (string | number)[], visit: (text: string, path: (string | number)[]) => void): void {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value))
    value.forEach((item, i) => {
      walk(item, [...path, i], visit);
    });
  else if (value !== null && typeof value === "object")
    for (const [key, item] of Object.entries(value)) if (!SKIPPED.has(key)) walk(item, [...path, key], visit);
}

/** Whether the environment's egress firewall took its allowed domains from serverless egress (config/schema/environment.ts). */
function sharesServerlessDomains(env: Record<string, unknown>): boolean {
  const network = ((env.aws ?? env.azure) as { network?: { egress?: { sharedDomains?: boolean } } } | undefined)?.network;
  return network?.egress?.sharedDomains === true;
}

// The identities an example holds; a copy that has the team's own in any of them is no example.
const IDENTITIES = [
  ["databricks", "accountId"],
  ["aws", "accountId"],
  ["azure", "subscriptionId"],
  ["azure", "tenantId"],
] as const;

/**
 * Takes one validated environment; reports every example placeholder in it (../placeholders) with the
 * field, what the value is (with its source: the RFC, or config/examples/), what it would do deployed
 * and the fix. An environment marked `example: true` may hold them, unless one of its identities
 * (Databricks account, AWS account, Azure subscription or tenant) is not the examples': then the
 * marker is what is refused, since it came along with a copied example file.
 */
export function checkPlaceholders(env: { readonly example?: boolean } & Record<string, unknown>, add: AddProblem): void {
  if (env.example) {
    const own = IDENTITIES.map((path) => ({ path, value: (env[path[0]] as Record<string, unknown> | undefined)?.[path[1]] })).find(
      ({ value }) => typeof value === "string" && examplePlaceholder(value) === undefined,
    );
    if (own) {
      add(
        ["example"],
        `marks an example, yet ${own.path.join(".")} "${String(own.value)}" is not one of the examples' ids; a file copied from config/examples/ keeps the marker, and the marker lets the examples' made-up values through. Fix: remove example: true (config then names every example value left)`,
      );
    }
    return;
  }
  walk(env, [], (text, path) => {
    const field = dotted(path);
    // The firewall's list, when not written, is serverless egress's: reported there once.
    if (/network\.egress\.allowedDomains/.test(field) && sharesServerlessDomains(env)) return;
    const placeholder = examplePlaceholder(text, field);
    if (!placeholder) return;
    const [does, fix] = consequence(field);
    add(path, `is ${placeholder.what} (${placeholder.source}), a placeholder: ${does}. Fix: ${fix}`);
  });
}
