import ts from "typescript";

// The GitHub repository of the estate in config/github.ts (`github: { repository: "OWNER/NAME" }`): read,
// and replaced when `--github-repository` is given. Found with the TypeScript parser, so the rest of the
// file (GitHub environment names, bootstrap settings, comments) stays as the team wrote it.

const FILE = "config/github.ts";

function repositoryLiteral(file: ts.SourceFile): ts.StringLiteral | undefined {
  let found: ts.StringLiteral | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === "repository" &&
      ts.isStringLiteral(node.initializer)
    ) {
      const parent = node.parent.parent;
      if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name) && parent.name.text === "github") found = node.initializer;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Takes the text of config/github.ts; gives the repository it names, or undefined when it names none as a literal. */
export function currentRepository(source: string): string | undefined {
  return repositoryLiteral(ts.createSourceFile(FILE, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS))?.text;
}

/**
 * Takes the text of config/github.ts and the repository to set (OWNER/NAME, validated by config/ci.ts);
 * gives the new text, or a problem with the fix when the file names no `github: { repository: "..." }`.
 */
export function setRepository(source: string, repository: string): { text: string } | { problem: string } {
  const file = ts.createSourceFile(FILE, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const literal = repositoryLiteral(file);
  if (!literal)
    return {
      problem: `${FILE}: names no github: { repository: "OWNER/NAME" } the scaffold can set. Fix: write repository: "${repository}" there yourself, and run the command again without --github-repository`,
    };
  return { text: `${source.slice(0, literal.getStart(file))}${JSON.stringify(repository)}${source.slice(literal.end)}` };
}
