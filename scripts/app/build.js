// Compiles the app's TypeScript (main.ts and config/, constructs/, stacks/, plus the benchmark's entry)
// to CommonJS under .build/ with swc, the transpiler ts-node --swc and jest already use here, so that
// synth runs plain node with no loader in the process. Only sources newer than their output are
// compiled, so a synth with nothing changed pays a few file stats. Type errors are `npm run typecheck`'s
// job, as with ts-node --swc. Usage: node scripts/app/build.js (prints what it compiled).
"use strict";
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { dirname, join, relative } = require("node:path");

const ROOT = join(__dirname, "../..");
const OUT = join(ROOT, ".build");
const SOURCES = ["main.ts", "config", "constructs", "stacks", "scripts/bench/scale-main.ts"];
// The transpile options of ts-node --swc for this tsconfig (ES2022, CommonJS, esModuleInterop, strict).
const OPTIONS = {
  swcrc: false,
  sourceMaps: true,
  module: { type: "commonjs", noInterop: false, strictMode: true },
  jsc: { parser: { syntax: "typescript" }, target: "es2022", keepClassNames: true, transform: { useDefineForClassFields: true } },
};

function typescriptFiles(path) {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? typescriptFiles(join(path, entry.name)) : entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [join(path, entry.name)] : [],
  );
}

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/** Compiles every app source whose .build/ output is missing or older; gives the sources compiled. */
function build() {
  let swc;
  // A different swc or different options make every output stale.
  const stampFile = join(OUT, ".stamp");
  const stamp = JSON.stringify({ swc: require("@swc/core/package.json").version, options: OPTIONS });
  let stampOk = false;
  try {
    stampOk = readFileSync(stampFile, "utf8") === stamp;
  } catch {
    // No build yet.
  }
  const compiled = [];
  for (const source of SOURCES.flatMap(typescriptFiles)) {
    const target = join(OUT, source.replace(/\.ts$/, ".js"));
    if (stampOk && mtime(target) >= mtime(join(ROOT, source))) continue;
    swc ??= require("@swc/core");
    const { code, map } = swc.transformFileSync(join(ROOT, source), { ...OPTIONS, filename: join(ROOT, source), sourceFileName: relative(dirname(target), join(ROOT, source)) });
    mkdirSync(dirname(target), { recursive: true });
    // Written beside and renamed, so a synth running at the same time never reads half a file.
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(`${target}.map`, map);
    writeFileSync(temporary, `${code}\n//# sourceMappingURL=${source.split("/").pop().replace(/\.ts$/, ".js")}.map\n`);
    renameSync(temporary, target);
    compiled.push(source);
  }
  if (!stampOk) {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(stampFile, stamp);
  }
  return compiled;
}

module.exports = { build, OUT, ROOT };

if (require.main === module) {
  const compiled = build();
  console.log(`.build/: ${compiled.length} file(s) compiled`);
}
