// No import cycle among the files of config/: every relative import, `import type` and `export ... from` counts.
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const CONFIG = path.join(__dirname, "..", "config");

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The config/ file a relative specifier names (./x as x.ts, then x/index.ts), or undefined outside config/. */
function resolve(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  const found = [`${base}.ts`, path.join(base, "index.ts"), base].find(
    (candidate) => candidate.endsWith(".ts") && fs.existsSync(candidate),
  );
  return found?.startsWith(CONFIG + path.sep) ? found : undefined;
}

/** Each file's relative imports within config/, type-only imports and re-exports included. */
function importGraph(files: string[]): Map<string, string[]> {
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
      const targets = importedFiles
        .map(({ fileName }) => fileName)
        .filter((specifier) => specifier.startsWith("."))
        .map((specifier) => resolve(file, specifier))
        .filter((target): target is string => target !== undefined);
      return [file, [...new Set(targets)].sort()];
    }),
  );
}

/** Every cycle the depth-first walk meets, each as a path "a -> b -> a" of paths relative to config/. */
function findCycles(graph: Map<string, string[]>): string[] {
  const done = new Set<string>();
  const cycles: string[] = [];
  const stack: string[] = [];
  const visit = (file: string): void => {
    const at = stack.indexOf(file);
    if (at >= 0) {
      cycles.push([...stack.slice(at), file].map((f) => path.relative(CONFIG, f)).join(" -> "));
      return;
    }
    if (done.has(file)) return;
    stack.push(file);
    for (const target of graph.get(file) ?? []) visit(target);
    stack.pop();
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) visit(file);
  return cycles;
}

describe("config/ imports", () => {
  const graph = importGraph(tsFiles(CONFIG));

  test("the walk sees the files and their imports", () => {
    expect(graph.size).toBeGreaterThan(20);
    const load = graph.get(path.join(CONFIG, "load.ts")) ?? [];
    expect(load.map((f) => path.relative(CONFIG, f))).toContain("schema.ts");
  });

  test("finds a planted cycle and names it as a path", () => {
    const [a, b, c] = ["a.ts", "b.ts", "c.ts"].map((f) => path.join(CONFIG, f));
    const planted = new Map([
      [a, [b]],
      [b, [c]],
      [c, [a]],
    ]);
    expect(findCycles(planted)).toEqual(["a.ts -> b.ts -> c.ts -> a.ts"]);
  });

  test("has no import cycle", () => {
    const cycles = findCycles(graph);
    if (cycles.length > 0) throw new Error(`config/ imports in a circle:\n  ${cycles.join("\n  ")}`);
  });
});
