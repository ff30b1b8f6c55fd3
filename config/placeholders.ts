import * as ipaddr from "ipaddr.js";
import { parseAddressOrCidr, parseCidr } from "./cidr";
import { DOCUMENTATION_RANGES, EXAMPLE_VALUES, RESERVED_DOMAINS } from "./example-values";

// Whether a value of an environment is one of the examples' placeholders (./example-values): a
// made-up id or name of the examples, an address in a documentation range, a host under a reserved
// domain. Config refuses them outside the examples (./rules/placeholders); a tool that writes
// environments asks the same question before it writes a value.

/** What a placeholder is and where that is set down. */
export interface Placeholder {
  readonly what: string;
  readonly source: string;
}

const EXAMPLES_SOURCE = "config/examples/";

// Hosts inside a value: after "@" (a mailbox, a URL's user part) and after "//" (a URL, a JDBC URL).
const HOSTS = /(?:@|\/\/)(?:[^@/\s]*@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)/g;
// A value that is a host name as a whole: labels and a dot.
const HOST_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}\.?$/;
// Fields whose whole value is a host name (serverless egress destinations). Elsewhere a dotted value is
// a table ("public.test") or a tag, and only hosts inside mailboxes and URLs count.
const HOST_FIELDS = /allowedDomains\[\d+\]$/;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Ids are matched whole: not "111111111111" inside a longer run of digits, nor a UUID inside a longer one.
const bounded = (text: string) => `(?<![0-9A-Za-z.-])${escapeRegExp(text)}${/[0-9A-Za-z]$/.test(text) ? "(?![0-9A-Za-z-])" : ""}`;
const CONTAINS = new Map(EXAMPLE_VALUES.filter((v) => v.match === "contains").map((v) => [v, new RegExp(bounded(v.value), "i")]));

function exampleValue(value: string, field: string | undefined): Placeholder | undefined {
  const found = EXAMPLE_VALUES.find((example) => {
    if (example.fields && (field === undefined || !example.fields.test(field))) return false;
    return example.match === "exact" ? example.value.toLowerCase() === value.toLowerCase() : (CONTAINS.get(example) as RegExp).test(value);
  });
  return found && { what: found.what, source: EXAMPLES_SOURCE };
}

const IPV4_DOCS = DOCUMENTATION_RANGES.flatMap((doc) => {
  const block = parseCidr(doc.range);
  return block ? [{ block, doc }] : [];
});
const IPV6_DOCS = DOCUMENTATION_RANGES.filter((doc) => doc.range.includes(":")).map((doc) => ({ cidr: ipaddr.parseCIDR(doc.range), doc }));

/**
 * The documentation range an address or CIDR block (IPv4 or IPv6) lies in, if any. A wider block that
 * holds one (0.0.0.0/0) is no placeholder; it admits everything, which other rules refuse.
 */
function documentationRange(value: string): Placeholder | undefined {
  const v4 = parseAddressOrCidr(value);
  if (v4) {
    const hit = IPV4_DOCS.find(({ block }) => block.first <= v4.first && v4.last <= block.last);
    return hit && { what: `in ${hit.doc.range}, an address range reserved for documentation`, source: hit.doc.source };
  }
  const [address, prefix] = value.replace(/^\[|\]$/g, "").split("/");
  if (!ipaddr.IPv6.isValid(address)) return undefined;
  const parsed = ipaddr.IPv6.parse(address);
  const hit = IPV6_DOCS.find(({ cidr }) => parsed.match(cidr) && (prefix === undefined || Number(prefix) >= cidr[1]));
  return hit && { what: `in ${hit.doc.range}, an address range reserved for documentation`, source: hit.doc.source };
}

/** The reserved domain a host name lies under, if any. */
function reservedDomain(host: string): Placeholder | undefined {
  const name = host.toLowerCase().replace(/\.$/, "");
  const hit = RESERVED_DOMAINS.find(({ domain, subdomainsOnly }) => name.endsWith(`.${domain}`) || (!subdomainsOnly && name === domain));
  return hit && { what: `under ${hit.subdomainsOnly ? "." : ""}${hit.domain}, a domain name reserved for examples`, source: hit.source };
}

/**
 * Takes a value of an environment and, optionally, its field ("security.ipAccessList[0]"); gives what
 * makes it an example placeholder, or undefined when it is none: one of the examples' ids or names
 * (./example-values; ids also inside ARNs and resource ids), an address or block in a documentation
 * range (RFC 5737, RFC 3849), a host in a mailbox or URL (or, in a host-name field or without a field,
 * the whole value) under a domain reserved for examples (RFC 2606, RFC 6761).
 */
export function examplePlaceholder(value: string, field?: string): Placeholder | undefined {
  const example = exampleValue(value, field);
  if (example) return example;
  const range = documentationRange(value);
  if (range) return range;
  const hosts = [...value.matchAll(HOSTS)].map((m) => m[1]);
  if ((field === undefined || HOST_FIELDS.test(field)) && HOST_NAME.test(value)) hosts.push(value);
  for (const host of hosts) {
    const found = documentationRange(host) ?? reservedDomain(host);
    if (found) return found;
  }
  return undefined;
}

/** True when `value` (in `field`, if given) is an example placeholder; see examplePlaceholder. */
export const isExamplePlaceholder = (value: string, field?: string): boolean => examplePlaceholder(value, field) !== undefined;
