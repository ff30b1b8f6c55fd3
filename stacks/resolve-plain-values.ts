import type { IConstruct } from "constructs";
import { DefaultTokenResolver, StringConcat } from "cdktf";
// cdktf's own resolve and its own tests for encoded tokens (not re-exported by the package root; its
// public Tokenization.resolve drops the path): using them, not copies, keeps every token decision cdktf's.
import { resolve } from "cdktf/lib/tokens/private/resolve";
import { containsMapToken, containsNumberListTokenElement, containsStringListTokenElement, unresolved } from "cdktf/lib/tokens/private/encoding";

// cdktf's resolve also decodes number tokens written into a string (Token.asNumber inside a template);
// this is the shape its number-token pattern looks for, so any string that could hold one goes to it.
const MAY_HOLD_NUMBER_TOKEN = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
const STRING_TOKEN_MARK = "TfToken[";

const mayHoldToken = (text: string) => text.includes(STRING_TOKEN_MARK) || MAY_HOLD_NUMBER_TOKEN.test(text);
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
 * resolvables (references, Fn calls, lazies) and anything that is not plain data (its own errors
 * stand). `preparing` is cdktf's flag for the pass that registers cross-stack references.
 */
export function resolvePlainValues<T>(scope: IConstruct, value: T, preparing: boolean): T {
  // The path of the value being walked, so cdktf's errors name the same place they would name.
  const path: string[] = [];
  const resolveWithCdktf = (item: unknown) => resolve(item, { scope, preparing, resolver: RESOLVER, prefix: [...path] });
  const walk = (item: unknown): unknown => {
    switch (typeof item) {
      case "string":
        return mayHoldToken(item) ? resolveWithCdktf(item) : item;
      case "boolean":
      case "undefined":
        return item;
      case "number":
        return unresolved(item) ? resolveWithCdktf(item) : item;
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
        if (Object.getPrototypeOf(item) !== Object.prototype || unresolved(item) || containsMapToken(item)) return resolveWithCdktf(item);
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(item)) {
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
