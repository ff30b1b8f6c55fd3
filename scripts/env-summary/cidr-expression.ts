import { parseCidr } from "../../config/cidr";

// The constructs carve subnets with Terraform's cidrsubnet(prefix, newbits, netnum), so a synthesized
// subnet's range is an expression: "${cidrsubnet(cidrsubnet("10.20.0.0/16", 3, 7), 9, 0)}". This
// evaluates such expressions (string literals and nested cidrsubnet calls only) as Terraform does
// (Terraform docs, "cidrsubnet Function"), so the summary can show the ranges without a plan.

const dotted = (value: number) => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");

/** cidrsubnet for IPv4: the netnum-th block of prefix+newbits bits inside `prefix`; undefined when it does not fit. */
export function cidrsubnet(prefix: string, newbits: number, netnum: number): string | undefined {
  const block = parseCidr(prefix);
  if (!block || block.prefix + newbits > 32 || netnum < 0 || netnum >= 2 ** newbits) return undefined;
  const length = block.prefix + newbits;
  return `${dotted(block.first + netnum * 2 ** (32 - length))}/${length}`;
}

/**
 * Takes a synthesized range: a CIDR literal, or "${...}" holding cidrsubnet calls over a literal; gives
 * the range it evaluates to, or undefined for anything else (a reference to another resource).
 */
export function evaluateRange(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (parseCidr(value)) return value;
  const inner = /^\$\{(.*)\}$/s.exec(value.trim())?.[1];
  if (inner === undefined) return undefined;
  let at = 0;
  const skip = () => {
    while (inner[at] === " ") at += 1;
  };
  const expect = (text: string) => {
    skip();
    if (!inner.startsWith(text, at)) throw new Error(`expected ${text}`);
    at += text.length;
  };
  const number = (): number => {
    skip();
    const match = /^\d+/.exec(inner.slice(at));
    if (!match) throw new Error("expected a number");
    at += match[0].length;
    return Number(match[0]);
  };
  const expression = (): string => {
    skip();
    if (inner[at] === '"') {
      const end = inner.indexOf('"', at + 1);
      const literal = inner.slice(at + 1, end);
      at = end + 1;
      return literal;
    }
    expect("cidrsubnet(");
    const prefix = expression();
    expect(",");
    const bits = number();
    expect(",");
    const netnum = number();
    expect(")");
    const result = cidrsubnet(prefix, bits, netnum);
    if (result === undefined) throw new Error("does not fit");
    return result;
  };
  try {
    const result = expression();
    skip();
    return at === inner.length ? result : undefined;
  } catch {
    return undefined;
  }
}
