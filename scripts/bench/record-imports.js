// Preloaded (node --require) into the processes of one app run by the benchmark: records which files
// under node_modules the project's own code imports, so the import floor is the app's real imports,
// not a hand-kept list. Each process writes <BENCH_IMPORTS_OUT>.<pid>.json when it exits.
"use strict";
const Module = require("node:module");
const { realpathSync, writeFileSync } = require("node:fs");
const { join, sep } = require("node:path");

const root = realpathSync(process.env.BENCH_PROJECT_ROOT);
const rootDir = root + sep;
// node_modules may be a link; resolved file names are real paths.
const modules = realpathSync(join(root, "node_modules")) + sep;
const imported = new Set();
const load = Module._load;

Module._load = function (request, parent, isMain) {
  const exported = load.apply(this, arguments);
  const from = parent && parent.filename;
  if (from && from.startsWith(rootDir) && !from.startsWith(modules) && !from.includes(`${sep}node_modules${sep}`)) {
    try {
      const file = Module._resolveFilename(request, parent, isMain);
      if (file.startsWith(modules)) imported.add(file);
    } catch {
      // Builtins and failed requests are not part of the floor.
    }
  }
  return exported;
};

process.on("exit", () => {
  if (imported.size === 0) return;
  const loaded = Object.keys(require.cache).filter((file) => file.startsWith(modules)).length;
  writeFileSync(`${process.env.BENCH_IMPORTS_OUT}.${process.pid}.json`, JSON.stringify({ imported: [...imported], loaded }));
});
