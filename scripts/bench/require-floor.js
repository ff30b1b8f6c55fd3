// The import floor: a process that only requires the node_modules files the app imports (the list
// recorded by record-imports.js, in the app's order) and exits. Prints how many files it loaded.
"use strict";
const { readFileSync } = require("node:fs");

const { imported } = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const file of imported) require(file);
process.stdout.write(`${Object.keys(require.cache).length - 1}\n`);
