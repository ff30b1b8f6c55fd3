// The app of cdktf.json: `node scripts/app/run.js main.ts` brings .build/ up to date (build.js) and runs
// the compiled entry in this same process, so `cdktn synth` works from a clean clone and costs little
// more than loading cdktn and the providers. Any other entry of the app's sources may be given instead
// of main.ts (the benchmark runs scripts/bench/scale-main.ts this way).
"use strict";
const { homedir } = require("node:os");
const { join } = require("node:path");
const { build, OUT } = require("./build");

// Node's module compile cache (node:module enableCompileCache, Node 22.1+): the V8 code of every module
// the app loads (cdktn and the provider bindings are most of it) is kept between synths, so a synth
// does not compile them again; about three quarters of module loading was compiling. Kept outside the
// repository, beside the project's other caches; NODE_COMPILE_CACHE, when set, is node's own choice.
const cacheRoot = process.env.LAKEHOUSE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "lakehouse-blueprint");
require("node:module").enableCompileCache?.(process.env.NODE_COMPILE_CACHE ?? join(cacheRoot, "node-compile-cache"));

const entry = process.argv[2];
if (!entry?.endsWith(".ts")) {
  console.error("Usage: node scripts/app/run.js <entry>.ts (e.g. main.ts)");
  process.exit(2);
}
// cdktn records a stack trace wherever a token is made (thousands per stack), shown only when a token
// cannot be resolved; capturing them was a quarter of synth. CDKTN_DISABLE_CREATION_STACK is cdktn's own
// switch for it: off by default here, CDKTN_DISABLE_CREATION_STACK=0 keeps the traces when debugging.
process.env.CDKTN_DISABLE_CREATION_STACK ??= "1";
build();
const compiled = join(OUT, entry.replace(/\.ts$/, ".js"));
// The entry runs as the main module (its `require.main === module` checks hold) with its own argv.
process.argv.splice(1, 2, compiled);
require("node:module").runMain();
