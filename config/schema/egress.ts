// Egress of classic compute: open (through the NAT gateway), through a firewall that allows named
// domains, or (AWS) no internet at all. docs/egress-firewall.md has the modes and their costs.
import { z } from "zod";
import { openWildcardProblem } from "../egress-wildcards";
import { cidr } from "./primitives";

/**
 * Why a domain is not one a firewall allow-list takes, or undefined when it is. Azure Firewall
 * application rules take a host name or a leading "*." wildcard (Azure Firewall "FQDN filtering in
 * application rules"); AWS Network Firewall domain lists take a host name or a leading "." for its
 * subdomains ("Stateful domain list rule groups"), which the AWS firewall construct writes for "*.".
 * A bare "*" would allow everything, so neither is accepted here, nor a wildcard over a top-level
 * domain, a public suffix or a domain where anyone's storage or workspace lives (../egress-wildcards).
 */
export function egressDomainProblem(value: string): string | undefined {
  const example = 'e.g. "pypi.org" or "*.pythonhosted.org"';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    return `has a scheme; the firewall matches host names only. Fix: write the host alone, ${example}`;
  if (value.trim() === "*" || value === "*.")
    return "allows every domain, which turns the firewall into an open door. Fix: list the domains the jobs need by name";
  if (value.includes("/"))
    return `has a path; the firewall sees the host name (TLS SNI, HTTP Host), never the path. Fix: write the host alone, ${example}`;
  if (value.includes(":"))
    return `has a port; the allow-list matches names on HTTPS (443) and HTTP (80). Fix: write the host alone, ${example}`;
  if (value !== value.toLowerCase()) return `has capital letters; write domains in lowercase. Fix: "${value.toLowerCase()}"`;
  const host = value.startsWith("*.") ? value.slice(2) : value;
  if (host.includes("*"))
    return `has a "*" other than a leading "*." label; the firewalls accept a wildcard only as the first label. Fix: e.g. "*.example.com"`;
  // A wildcard over a top-level domain is no host name either, but says more as what it is.
  if (value.startsWith("*.") && /^[a-z]{2,63}$/.test(host)) return openWildcardProblem(host);
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(host))
    return `is not a host name (lowercase labels separated by ".", ending in a top-level domain). Fix: ${example}`;
  return value.startsWith("*.") ? openWildcardProblem(host) : undefined;
}

const egressDomain = z.string().superRefine((value, ctx) => {
  const problem = egressDomainProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: `"${value}" ${problem}` });
});

const allowedDomains = z
  .array(egressDomain)
  .min(
    1,
    'is empty, so the firewall would allow the Databricks endpoints only and every package index or API a job needs would fail. Fix: list the domains the jobs need (e.g. ["pypi.org", "files.pythonhosted.org"]), or leave allowedDomains out to share security.serverlessEgress.allowedDomains',
  )
  .optional();

/** Firewall logs are kept at least a month (a project decision: long enough to investigate an alert). */
const MIN_LOG_RETENTION_DAYS = 30;

/**
 * The retentions a CloudWatch Logs log group takes (CloudWatch Logs API reference, PutRetentionPolicy,
 * "retentionInDays"); any other number is refused at apply.
 */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The longest a Log Analytics workspace keeps data (azurerm_log_analytics_workspace retention_in_days: 30 to 730). */
export const LOG_ANALYTICS_MAX_RETENTION_DAYS = 730;

/** The allowed values nearest `days`: the one below and the one above (one when `days` is outside the list). */
function nearest(allowed: readonly number[], days: number): string {
  const below = allowed.filter((d) => d < days).at(-1);
  const above = allowed.find((d) => d > days);
  return [below, above].filter((d) => d !== undefined).join(" or ");
}

const underAMonth = (days: number) =>
  days < MIN_LOG_RETENTION_DAYS
    ? `keeps firewall logs under a month. Fix: use ${MIN_LOG_RETENTION_DAYS} or more (365 is common)`
    : undefined;

/** Days CloudWatch Logs keeps the AWS firewall's flow and alert logs: one of its fixed retentions, from 30. */
const awsLogRetentionDays = z
  .number()
  .int()
  .superRefine((days, ctx) => {
    const allowed = CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= MIN_LOG_RETENTION_DAYS);
    const problem =
      underAMonth(days) ??
      ((allowed as readonly number[]).includes(days)
        ? undefined
        : `is not a retention CloudWatch Logs offers (from ${MIN_LOG_RETENTION_DAYS} days: ${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}). Fix: use ${nearest(allowed, days)}, the nearest`);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .default(365);

/** Days the hub's Log Analytics workspace keeps the Azure firewall's logs: 30 to 730. */
const azureLogRetentionDays = z
  .number()
  .int()
  .superRefine((days, ctx) => {
    const problem =
      underAMonth(days) ??
      (days > LOG_ANALYTICS_MAX_RETENTION_DAYS
        ? `is more than the ${LOG_ANALYTICS_MAX_RETENTION_DAYS} days a Log Analytics workspace keeps (${MIN_LOG_RETENTION_DAYS} to ${LOG_ANALYTICS_MAX_RETENTION_DAYS}). Fix: use ${LOG_ANALYTICS_MAX_RETENTION_DAYS}`
        : undefined);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .default(365);

/**
 * AWS: `open` sends cluster traffic to the internet through the NAT gateways; `firewall` puts an AWS
 * Network Firewall in front of them that passes only the region's Databricks endpoints and
 * `allowedDomains` (TLS SNI, HTTP Host); `privateLinkOnly` keeps the workspace security group's egress
 * inside the VPC (back-end PrivateLink, the S3 prefix list and privateConnectivity.allowedEgress): no
 * internet at all. Unset: `firewall` in prod, else `privateLinkOnly` with back-end PrivateLink on and
 * `open` without it (what earlier releases built).
 */
export const awsEgressSchema = z
  .strictObject({
    mode: z
      .enum(["open", "firewall", "privateLinkOnly"], { message: 'must be "open", "firewall" or "privateLinkOnly". Fix: choose one' })
      .optional(),
    /** Domains classic compute may reach. Unset: security.serverlessEgress.allowedDomains. */
    allowedDomains,
    logRetentionDays: awsLogRetentionDays,
  })
  .prefault({});

/**
 * Azure: `open` sends cluster traffic out through the VNet's NAT gateway; `firewall` routes it
 * (0.0.0.0/0 on both Databricks subnets) to an Azure Firewall in a hub VNet of the subscription and
 * region, peered with the workspace VNet, which passes only the region's Databricks endpoints and
 * `allowedDomains`. Unset: `firewall` in prod, `open` elsewhere.
 */
export const azureEgressSchema = z
  .strictObject({
    mode: z.enum(["open", "firewall"], { message: 'must be "open" or "firewall". Fix: choose one' }).optional(),
    allowedDomains,
    /**
     * The hub VNet's range (shared by every firewall environment of the subscription and region, so all
     * of them must name the same one): a /24 to /16 outside every spoke; AzureFirewallSubnet is its first /26.
     */
    hubVnetCidr: cidr.optional(),
    /** Standard (the default) or Premium (TLS inspection, IDPS); Basic is capped at 250 Mbit/s (docs/egress-firewall.md). */
    firewallSku: z
      .enum(["Basic", "Standard", "Premium"], { message: 'must be "Basic", "Standard" or "Premium". Fix: choose one' })
      .default("Standard"),
    logRetentionDays: azureLogRetentionDays,
  })
  .prefault({});
