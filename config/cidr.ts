import * as ipaddr from "ipaddr.js";

export interface Ipv4Block {
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
}

// Dotted decimal only: four octets and an optional prefix, each without leading zeros. ipaddr.js (like
// inet_aton and some firewalls) reads "010" as octal 8, while Terraform's cidrsubnet reads it as 10:
// the same text would name two different networks.
const ADDRESS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const hasLeadingZero = (part: string) => part.length > 1 && part.startsWith("0");

function addressValue(text: string): number | undefined {
  const match = ADDRESS.exec(text);
  if (!match || match.slice(1).some(hasLeadingZero) || !ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  return match.slice(1).reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** Parses "a.b.c.d/n" into an address range; undefined when malformed, with leading zeros or with host bits set. */
export function parseCidr(cidr: string): Ipv4Block | undefined {
  const [address, prefixText, ...rest] = cidr.split("/");
  if (rest.length > 0 || prefixText === undefined || !/^\d{1,2}$/.test(prefixText) || hasLeadingZero(prefixText)) return undefined;
  const base = addressValue(address);
  const prefix = Number(prefixText);
  if (base === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { first: base, last: base + size - 1, prefix };
}

/** Parses a CIDR block or a single address ("198.51.100.7", read as a /32). */
export function parseAddressOrCidr(value: string): Ipv4Block | undefined {
  if (value.includes("/")) return parseCidr(value);
  const base = addressValue(value);
  return base === undefined ? undefined : { first: base, last: base, prefix: 32 };
}

/** The text with leading zeros dropped from each number ("10.020.0.0/16" gives "10.20.0.0/16"). */
const withoutLeadingZeros = (value: string) => value.replace(/\d+/g, (part) => String(Number(part)));

/**
 * Why `value` is not a network in CIDR notation (or, with `allowAddress`, a single address), or
 * undefined when it is one. Refuses leading zeros in octets or prefix (read as octal by some tools,
 * as decimal by Terraform) and host bits set.
 */
export function cidrProblem(value: string, allowAddress = false): string | undefined {
  const shape = allowAddress ? /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/ : /^\d+\.\d+\.\d+\.\d+\/\d+$/;
  if (shape.test(value) && value.split(/[./]/).some(hasLeadingZero)) {
    return `has a leading zero in a number, which some tools read as octal (ipaddr.js reads "010" as 8) while Terraform reads it as decimal. Fix: write "${withoutLeadingZeros(value)}"`;
  }
  if ((allowAddress ? parseAddressOrCidr(value) : parseCidr(value)) !== undefined) return undefined;
  const what = allowAddress ? "a valid IPv4 CIDR block or address" : "a valid IPv4 CIDR block";
  return `is not ${what} (four octets 0-255, a prefix 0-32, no host bits set). Fix: use a network address such as "10.20.0.0/16"${allowAddress ? ' or a single address such as "10.8.4.20"' : ""}`;
}

// RFC 1918 private ranges: Azure storage firewalls refuse them in IP rules (traffic from a VNet is
// admitted by subnet, not by address).
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((range) => parseCidr(range) as Ipv4Block);

/** The RFC 1918 range `block` lies in, if any. */
export function privateRangeOf(block: Ipv4Block): string | undefined {
  const index = PRIVATE_RANGES.findIndex((range) => overlaps(range, block));
  return index < 0 ? undefined : ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"][index];
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= b.last && b.first <= a.last;
}

const TEN = PRIVATE_RANGES[0];
const FIRST_PROPOSED = (10 << 24) + (100 << 16);
const blockText = (first: number, prefix: number) =>
  `${[24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join(".")}/${prefix}`;

/**
 * The first block of `/prefix` in 10.0.0.0/8 (from 10.100.0.0 on, wrapping round) that overlaps none of
 * `taken` (CIDR text; malformed entries ignored), as CIDR text; undefined when 10.0.0.0/8 is full. What
 * config proposes when two environments' networks overlap, and the scaffold's first proposal.
 */
export function firstFreeBlock(prefix: number, taken: readonly string[]): string | undefined {
  const size = 2 ** (32 - prefix);
  const blocks = taken.map((cidr) => parseCidr(cidr)).filter((block): block is Ipv4Block => block !== undefined);
  const span = TEN.last - TEN.first + 1;
  for (let offset = 0; offset < span; offset += size) {
    const first = TEN.first + ((FIRST_PROPOSED - TEN.first + offset) % span);
    if (!blocks.some((block) => overlaps(block, { first, last: first + size - 1, prefix }))) return blockText(first, prefix);
  }
  return undefined;
}
