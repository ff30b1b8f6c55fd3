// Compiles the app's TypeScript (every .ts file of the repository outside __tests__/) to CommonJS
// under .build/ with swc, the transpiler ts-node --swc and jest already use here, so that synth runs
// plain node with no loader in the process. Only sources changed since the last build are
// compiled, so a synth with nothing changed pays a few file stats. Type errors are `npm run typecheck`'s
// job, as with ts-node --swc. Usage: node scripts/app/build.js (prints what it compiled).
"use strict";
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { basename, dirname, join, relative } = require("node:path");

const ROOT = join(__dirname, "../..");
const OUT = join(ROOT, ".build");
// Every TypeScript file of the repository but the tests, so a new folder of app code needs no entry here.
const SKIPPED = new Set(["node_modules", "cdktf.out", "__tests__"]);
// The transpile options of ts-node --swc for this tsconfig (ES2022, CommonJS, esModuleInterop, strict).
const OPTIONS = {
  swcrc: false,
  sourceMaps: true,
  module: { type: "commonjs", noInterop: false, strictMode: true },
  jsc: { parser: { syntax: "typescript" }, target: "es2022", keepClassNames: true, transform: { useDefineForClassFields: true } },
};

function typescriptFiles(path) {
  return readdirSync(join(ROOT, path), { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED.has(entry.name) || entry.name.startsWith(".") ? [] : typescriptFiles(join(path, entry.name));
    return entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [join(path, entry.name)] : [];
  });
}

/** Compiles every app source changed since it was last compiled (by modification time and size, as
 * recorded in .build/manifest.json) and removes the output of deleted sources; gives the sources compiled. */
function build() {
  let swc;
  const manifestFile = join(OUT, "manifest.json");
  // A different swc or different options make every output stale.
  const toolchain = JSON.stringify({ swc: require("@swc/core/package.json").version, options: OPTIONS });
  let previous = { toolchain: "", files: {} };
  try {
    previous = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    // No build yet.
  }
  const fresh = previous.toolchain === toolchain;
  const files = {};
  const compiled = [];
  for (const source of typescriptFiles("")) {
    const { mtimeMs, size } = statSync(join(ROOT, source));
    files[source] = [mtimeMs, size];
    const target = join(OUT, source.replace(/\.ts$/, ".js"));
    const known = previous.files[source];
    if (fresh && known && known[0] === mtimeMs && known[1] === size) continue;
    swc ??= require("@swc/core");
    const { code, map } = swc.transformFileSync(join(ROOT, source), {
      ...OPTIONS,
      filename: join(ROOT, source),
      sourceFileName: relative(dirname(target), join(ROOT, source)),
    });
    mkdirSync(dirname(target), { recursive: true });
    // Written beside and renamed, so a synth running at the same time never reads half a file.
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(`${target}.map`, map);
    writeFileSync(temporary, `${code}\n//# sourceMappingURL=${basename(target)}.map\n`);
    renameSync(temporary, target);
    compiled.push(source);
  }
  // A deleted source's output goes too, so an import of it fails as it would from the sources.
  const removed = Object.keys(previous.files).filter((source) => !(source in files));
  for (const source of removed) {
    const target = join(OUT, source.replace(/\.ts$/, ".js"));
    rmSync(target, { force: true });
    rmSync(`${target}.map`, { force: true });
  }
  if (compiled.length > 0 || removed.length > 0 || !fresh) {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(`${manifestFile}.${process.pid}.tmp`, JSON.stringify({ toolchain, files }));
    renameSync(`${manifestFile}.${process.pid}.tmp`, manifestFile);
  }
  return compiled;
}

module.exports = { build, OUT, ROOT };

if (require.main === module) {
  const compiled = build();
  console.log(`.build/: ${compiled.length} file(s) compiled`);
}
