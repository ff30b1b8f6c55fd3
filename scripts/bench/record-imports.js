// Preloaded (node --require) into the processes of one app run by the benchmark: records which files
// under node_modules the project's own code imports, so the import floor is the app's real imports,
// not a hand-kept list. Each process writes <BENCH_IMPORTS_OUT>.<pid>.json when it exits. Uses Node's
// public module customization hooks (node:module registerHooks, Node 22.15+), nothing internal.
"use strict";
const { registerHooks } = require("node:module");
const { realpathSync, writeFileSync } = require("node:fs");
const { join, sep } = require("node:path");
const { fileURLToPath } = require("node:url");

const root = realpathSync(process.env.BENCH_PROJECT_ROOT);
const rootDir = root + sep;
// node_modules may be a link; resolved file names are real paths.
const modules = realpathSync(join(root, "node_modules")) + sep;
const imported = new Set();
const asFile = (url) => (url?.startsWith("file:") ? fileURLToPath(url) : undefined);

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    const from = asFile(context.parentURL);
    const file = asFile(resolved.url);
    // Imports made by the project's own files (not by a package) of a file under node_modules.
    if (from?.startsWith(rootDir) && !from.startsWith(modules) && !from.includes(`${sep}node_modules${sep}`) && file?.startsWith(modules))
      imported.add(file);
    return resolved;
  },
});

process.on("exit", () => {
  if (imported.size === 0) return;
  const loaded = Object.keys(require.cache).filter((file) => file.startsWith(modules)).length;
  writeFileSync(`${process.env.BENCH_IMPORTS_OUT}.${process.pid}.json`, JSON.stringify({ imported: [...imported], loaded }));
});
