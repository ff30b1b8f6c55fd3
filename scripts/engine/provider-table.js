// Reads scripts/engine/providers.json, the one table of the providers the stacks use, and gives each
// provider with the version the stacks pin: a binding's version from its installed package
// (package.json `cdktn.provider.version`, what the prebuilt binding writes into required_providers),
// the time provider's from the table. Refuses a table that disagrees with the bindings: an exact
// build (archive or module) of another version than the pinned one, or a substitute that says it
// stands in for another version, so a half-done bump fails here (and in install.sh and the tests).
//
//   node scripts/engine/provider-table.js          # one line per provider for install.sh:
//                                                  # name|namespace|pinned version|origin|archive or module|sha256
//   require("./provider-table").providerTable()    # the same, as objects
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "../..");
const TABLE = join(__dirname, "providers.json");

/** The version a prebuilt binding pins, from its installed package.json. */
function bindingVersion(binding) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(ROOT, "node_modules", binding, "package.json"), "utf8"));
  } catch {
    throw new Error(`provider table: the binding ${binding} is not installed. Fix: run npm ci`);
  }
  const version = manifest.cdktn?.provider?.version;
  if (!version)
    throw new Error(`provider table: ${binding}'s package.json has no cdktn.provider.version. Fix: use a CDK Terrain prebuilt provider`);
  return version;
}

/**
 * Every provider: { name, namespace, source, version, binding, build }, the table checked against the
 * bindings. `providers` is the table's rows (default: scripts/engine/providers.json).
 */
function providerTable(providers = JSON.parse(readFileSync(TABLE, "utf8")).providers) {
  const names = new Set();
  return providers.map((row) => {
    if (names.has(row.name)) throw new Error(`provider table: ${row.name} is listed twice. Fix: one row per provider`);
    names.add(row.name);
    const version = row.binding.startsWith("@") ? bindingVersion(row.binding) : row.version;
    if (!version)
      throw new Error(`provider table: ${row.name} has no version (a provider without a prebuilt binding names it in "version")`);
    const build = row.build;
    const exact = build.origin === "archive" || build.origin === "module";
    if (exact && build.sourceVersion !== version) {
      throw new Error(
        `provider table: ${row.binding} pins ${row.name} ${version}, but the table builds the exact release ${build.sourceVersion} (${build.archive ?? build.module}). ` +
          `Fix: give the ${version} source in the build row, or make it a substitute with standsInFor "${version}" and a reason`,
      );
    }
    if (build.origin === "substitute" && build.standsInFor !== version) {
      throw new Error(
        `provider table: ${row.binding} pins ${row.name} ${version}, but the substitute build stands in for ${build.standsInFor}. ` +
          `Fix: find the nearest obtainable source for ${version} and set standsInFor to "${version}"`,
      );
    }
    if (!exact && build.origin !== "substitute")
      throw new Error(`provider table: ${row.name} has origin "${build.origin}"; use archive, module or substitute`);
    if (build.archive && !/^[0-9a-f]{64}$/.test(build.sha256 ?? ""))
      throw new Error(`provider table: ${row.name}'s archive needs its sha256`);
    const [namespace] = row.source.split("/");
    return { name: row.name, namespace, source: row.source, version, binding: row.binding, build };
  });
}

module.exports = { providerTable, bindingVersion };

if (require.main === module) {
  try {
    for (const p of providerTable()) {
      console.log([p.name, p.namespace, p.version, p.build.origin, p.build.archive ?? p.build.module, p.build.sha256 ?? ""].join("|"));
    }
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
