import * as ipaddr from "ipaddr.js";

export interface Ipv4Block {
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
}

/** Parses "a.b.c.d/n" into an address range; undefined when malformed or when host bits are set. */
export function parseCidr(cidr: string): Ipv4Block | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) || !ipaddr.IPv4.isValidCIDR(cidr)) return undefined;
  const [address, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  const base = address.toByteArray().reduce((acc, octet) => acc * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { first: base, last: base + size - 1, prefix };
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= b.last && b.first <= a.last;
}
