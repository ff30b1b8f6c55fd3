import type { IConstruct } from "constructs";
import { DefaultTokenResolver, StringConcat, Token, Tokenization } from "cdktf";
// cdktf's own resolve and its own tests for encoded tokens (not re-exported by the package root; its
// public Tokenization.resolve drops the path): using them, not copies, keeps every token decision cdktf's.
import { resolve } from "cdktf/lib/tokens/private/resolve";
import { containsNumberListTokenElement, containsStringListTokenElement, unresolved } from "cdktf/lib/tokens/private/encoding";

const STRING_TOKEN_MARK = "TfToken[";

// cdktf's resolve also decodes number tokens written into a string (Token.asNumber inside a template):
// it looks for /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/, which matches exactly when some "e" has one of the first
// set just before it and one of the second just after. Scanning for that is a fraction of the regex's cost.
const BEFORE_E = new Set("-|.+0123456789");
const AFTER_E = new Set("-|.+eE0123456789");
function mayHoldNumberToken(text: string): boolean {
  for (let at = text.indexOf("e", 1); at !== -1 && at < text.length - 1; at = text.indexOf("e", at + 1)) {
    if (BEFORE_E.has(text[at - 1]) && AFTER_E.has(text[at + 1])) return true;
  }
  return false;
}

/** True when cdktf's resolve could change `text` (a string, list, map or number token in it). */
export const mayHoldToken = (text: string) => text.includes(STRING_TOKEN_MARK) || mayHoldNumberToken(text);

// How deep cdktf's resolve goes before it calls the value circular (tokens/private/resolve.ts).
const MAX_DEPTH = 200;
// The resolver TerraformStack.toTerraform resolves with (cdktf's _tokens.ts).
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * Resolves `value` (an element's toTerraform() or toMetadata() output: plain objects, arrays and
 * primitives with tokens inside) in `scope` exactly as cdktf's resolve does, and gives the result.
 *
 * cdktf's resolve builds a resolution context (closures, a copied options object and path) for every
 * key and value it visits, though nearly all of a stack is plain strings; that walk was most of
 * synth. Here plain data is walked directly (undefined dropped from objects and arrays, as cdktf
 * does) and every value cdktf would treat specially goes to cdktf's resolve: strings that may hold a
 * string, list or number token, token numbers, arrays holding list tokens, maps with token keys,
 * resolvables (references, Fn calls, lazies), the placeholder values of map tokens, values nested
 * deeper than cdktf allows and anything that is not plain data (so its own errors stand, with the same
 * path). `preparing` is cdktf's flag for the pass that registers cross-stack references.
 */
export function resolvePlainValues<T>(scope: IConstruct, value: T, preparing: boolean): T {
  // The path of the value being walked, so cdktf's errors name the same place they would name.
  const path: string[] = [];
  const resolveWithCdktf = (item: unknown) => resolve(item, { scope, preparing, resolver: RESOLVER, prefix: [...path] });
  const walk = (item: unknown): unknown => {
    // Deeper than cdktf allows: its resolve refuses with its circular-reference error and the path.
    if (path.length > MAX_DEPTH) return resolveWithCdktf(item);
    switch (typeof item) {
      case "string":
        return mayHoldToken(item) || item === Token.STRING_MAP_TOKEN_VALUE || item === Token.ANY_MAP_TOKEN_VALUE ? resolveWithCdktf(item) : item;
      case "boolean":
      case "undefined":
        return item;
      case "number":
        return unresolved(item) || item === Token.NUMBER_MAP_TOKEN_VALUE ? resolveWithCdktf(item) : item;
      case "object": {
        if (item === null) return null;
        if (Array.isArray(item)) {
          if (containsStringListTokenElement(item) || containsNumberListTokenElement(item)) return resolveWithCdktf(item);
          const out: unknown[] = [];
          for (let index = 0; index < item.length; index++) {
            path.push(String(index));
            const resolved = walk(item[index]);
            path.pop();
            if (resolved !== undefined) out.push(resolved);
          }
          return out;
        }
        // A resolvable (a reference, an Fn call, a lazy), or an object that is not plain data.
        if (Tokenization.isResolvable(item) || Object.getPrototypeOf(item) !== Object.prototype) return resolveWithCdktf(item);
        const keys = Object.keys(item);
        // A map token's marker is in a key; cdktf resolves such a map as a whole.
        if (keys.some((key) => key.includes(STRING_TOKEN_MARK))) return resolveWithCdktf(item);
        const out: Record<string, unknown> = {};
        for (const key of keys) {
          // Key before value, as cdktf does (the order cross-stack references are registered in).
          const resolvedKey: unknown = mayHoldToken(key) ? resolveWithCdktf(key) : key;
          if (typeof resolvedKey !== "string") return resolveWithCdktf(item);
          path.push(key);
          const resolved = walk((item as Record<string, unknown>)[key]);
          path.pop();
          if (resolved !== undefined) out[resolvedKey] = resolved;
        }
        return out;
      }
      default:
        return resolveWithCdktf(item);
    }
  };
  return walk(value) as T;
}
