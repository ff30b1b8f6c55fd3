import type { Unknown } from "./draft";

// The environment file the scaffold writes: TypeScript that config/environments/index.ts imports, typed
// as EnvironmentInput so that `npm run typecheck` checks its shape, with a comment on each choice the
// scaffold made and a list of what is left to fill.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const WIDTH = 110;

/** A value as a TypeScript literal: keys unquoted where they can be, short objects on one line. */
function literal(value: unknown, indent: string, path: string, comments: Readonly<Record<string, string>>): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value !== "object" || value === null) return String(value);
  const inner = `${indent}  `;
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((item, i) => [String(i), item]) : Object.entries(value);
  const key = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));
  const item = ([name, child]: [string, unknown]) => {
    const childPath = Array.isArray(value) ? `${path}[${name}]` : path ? `${path}.${name}` : name;
    return `${Array.isArray(value) ? "" : `${key(name)}: `}${literal(child, inner, childPath, comments)}`;
  };
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  const oneLine =
    entries.length === 0
      ? `${open}${close}`
      : `${open}${Array.isArray(value) ? "" : " "}${entries.map(item).join(", ")}${Array.isArray(value) ? "" : " "}${close}`;
  const commented = !Array.isArray(value) && entries.some(([name]) => comments[path ? `${path}.${name}` : name] !== undefined);
  if (!commented && !oneLine.includes("\n") && indent.length + oneLine.length <= WIDTH) return oneLine;
  const lines = entries.map(([name, child]) => {
    const note = Array.isArray(value) ? undefined : comments[path ? `${path}.${name}` : name];
    const noteLines = note
      ? note
          .split("\n")
          .map((line) => `${inner}// ${line}\n`)
          .join("")
      : "";
    return `${noteLines}${inner}${item([name, child])},`;
  });
  return `${open}\n${lines.join("\n")}\n${indent}${close}`;
}

/** What the file says of itself at the top. */
export interface FileHeader {
  readonly title: string;
  readonly unknowns: readonly Unknown[];
}

/**
 * Takes the environment (as config takes it), the name of its export, the file's header and comments
 * by field path; gives the text of config/environments/NAME.ts.
 */
export function renderEnvironmentFile(
  env: object,
  identifier: string,
  header: FileHeader,
  comments: Readonly<Record<string, string>>,
): string {
  const lines = [
    'import type { EnvironmentInput } from "../schema";',
    "",
    `// ${header.title}`,
    "// Written by `npm run new-environment`; edit freely (docs/adding-an-environment.md and docs/config-rules.md say what each field does).",
  ];
  if (header.unknowns.length > 0) {
    lines.push(
      "// Still to fill: each value written as <your ...> below. Config refuses the file until every one is filled (npm run synth lists them):",
    );
    for (const unknown of header.unknowns) lines.push(`//   ${unknown.field}: ${unknown.how}`);
  }
  lines.push(`export const ${identifier}: EnvironmentInput = ${literal(env, "", "", comments)};`, "");
  return lines.join("\n");
}
