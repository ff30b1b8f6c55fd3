import ts from "typescript";

// Lists a new environment in the estate, config/environments/index.ts: an import of its file and its
// export added to `export const environments: EnvironmentInput[] = [...]`, found with the TypeScript
// parser rather than by pattern, so a team's own layout of the list survives. Optionally drops the
// blueprint's examples (`...exampleEnvironments`) from the list.

const FILE = "config/environments/index.ts";

/** The new text of the estate's index, or why it cannot be changed (with the fix). */
export type EstateEdit =
  | { readonly text: string; readonly identifier: string; readonly droppedExamples: boolean }
  | { readonly problem: string };

/** Names declared at the top of the file (imports, constants, functions). */
function declaredNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    }
  }
  return names;
}

// Words JavaScript and TypeScript reserve (ECMA-262, "Reserved Words"; TypeScript's strict-mode ones),
// which an environment's name may be ("new", "delete", "default") but an export's may not.
const RESERVED = new Set(
  (
    "await break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public"
  ).split(" "),
);

/** "prod-eu" gives "prodEu"; a reserved word, or a name the file declares already, gets "Environment" after it. */
export function identifierFor(name: string, taken: ReadonlySet<string>): string {
  const camel = name.replace(/-+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/-/g, "");
  const usable = (id: string) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(id) && !RESERVED.has(id) && !taken.has(id);
  return usable(camel) ? camel : `${camel}Environment`;
}

function environmentsList(file: ts.SourceFile): ts.ArrayLiteralExpression | undefined {
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (
        ts.isIdentifier(declaration.name) &&
        declaration.name.text === "environments" &&
        declaration.initializer &&
        ts.isArrayLiteralExpression(declaration.initializer)
      )
        return declaration.initializer;
    }
  }
  return undefined;
}

/**
 * Takes the index's text, the new environment's name and whether to drop the examples; gives the new
 * text with `import { ID } from "./NAME"` after the last import and ID at the end of the list, or a
 * problem when the file holds no `environments` array or the name's export would clash.
 */
export function listInEstate(source: string, name: string, withoutExamples: boolean): EstateEdit {
  const file = ts.createSourceFile(FILE, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const list = environmentsList(file);
  if (!list) {
    return {
      problem: `${FILE}: holds no \`export const environments: EnvironmentInput[] = [...]\`, so the scaffold cannot list ${name} there. Fix: restore that list (docs/adding-an-environment.md, "Adding an environment"), then run the command again`,
    };
  }
  const identifier = identifierFor(name, declaredNames(file));
  const isExamples = (element: ts.Expression) =>
    ts.isSpreadElement(element) && ts.isIdentifier(element.expression) && element.expression.text === "exampleEnvironments";
  const kept = list.elements.filter((element) => !(withoutExamples && isExamples(element)));
  const droppedExamples = kept.length < list.elements.length;
  const items = [...kept.map((element) => element.getText(file)), identifier];
  const multiLine = source.slice(list.getStart(file), list.end).includes("\n");
  const array =
    multiLine || items.join(", ").length > 80 ? `[\n${items.map((item) => `  ${item},`).join("\n")}\n]` : `[${items.join(", ")}]`;
  let text = `${source.slice(0, list.getStart(file))}${array}${source.slice(list.end)}`;
  if (droppedExamples && !/\bexampleEnvironments\b/.test(text.replace(/^import .*$/gm, ""))) {
    text = text.replace(/^import \{ exampleEnvironments \} from "\.\.\/examples";\n/m, "");
  }
  const importLine = `import { ${identifier} } from "./${name}";\n`;
  const imports = [...text.matchAll(/^import [^;]*;\n/gm)];
  const at = imports.length > 0 ? (imports.at(-1)!.index ?? 0) + imports.at(-1)![0].length : 0;
  return { text: `${text.slice(0, at)}${importLine}${text.slice(at)}`, identifier, droppedExamples };
}
