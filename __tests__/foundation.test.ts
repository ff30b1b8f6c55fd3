import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Fn, TerraformStack, Testing } from "cdktn";
import { TimeOffset } from "../constructs/time/time-offset";
import { TIME_PROVIDER_VERSION, TimeProvider } from "../constructs/time/time-provider";
import { TimeSleep } from "../constructs/time/time-sleep";
import { providerTable } from "../scripts/engine/provider-table";

const root = join(__dirname, "..");
const json = (path: string) => JSON.parse(readFileSync(join(root, path), "utf8"));

/** Every package directory under node_modules (scoped ones as @scope/name), nested trees included. */
function installedPackages(dir = join(root, "node_modules"), prefix = ""): Array<{ name: string; dir: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory() || entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    if (entry.name.startsWith("@")) return installedPackages(path, `${entry.name}/`);
    const nested = readdirSync(path).includes("node_modules") ? installedPackages(join(path, "node_modules")) : [];
    return [{ name: `${prefix}${entry.name}`, dir: path }, ...nested];
  });
}

describe("the framework installed", () => {
  const installed = installedPackages();

  it("holds no cdktf package (the archived framework): neither cdktf, cdktf-cli nor any @cdktf/*", () => {
    expect(installed.length).toBeGreaterThan(100);
    expect(installed.filter(({ name }) => /^(cdktf|cdktf-cli)$|^@cdktf\//.test(name)).map(({ dir }) => dir)).toEqual([]);
    const locked = Object.keys(json("package-lock.json").packages as Record<string, unknown>).filter((path) =>
      /node_modules\/(cdktf|cdktf-cli|@cdktf\/[^/]+)$/.test(path),
    );
    expect(locked).toEqual([]);
  });

  it("holds exactly one cdktn, the version package.json pins, which every prebuilt provider binding uses", () => {
    const copies = installed.filter(({ name }) => name === "cdktn");
    expect(copies.map(({ dir }) => dir)).toEqual([join(root, "node_modules", "cdktn")]);
    expect(json("node_modules/cdktn/package.json").version).toBe(json("package.json").dependencies.cdktn);
  });

  it("runs npm scripts on Node 24 LTS: the pinned node package, .nvmrc and engines agree", () => {
    const pkg = json("package.json");
    const pinned: string = pkg.devDependencies.node;
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    expect(readFileSync(join(root, ".nvmrc"), "utf8").trim()).toBe(pinned);
    expect(pkg.engines.node).toMatch(/^>=24\./);
    // The node package's install script is approved by name; nothing else runs one.
    expect(
      Object.entries(pkg.allowScripts)
        .filter(([, allowed]) => allowed === true)
        .map(([name]) => name),
    ).toEqual(["node"]);
    // jest runs under npm run, so this process is the pinned Node.
    expect(process.version).toBe(`v${pinned}`);
  });
});

describe("the provider table (scripts/engine/providers.json)", () => {
  const table = providerTable();

  it("names every provider the stacks pin once, at the version its binding pins", () => {
    expect(table.map((p) => p.name).sort()).toEqual(["aws", "azurerm", "databricks", "time"]);
    for (const binding of ["@cdktn/provider-aws", "@cdktn/provider-azurerm", "@cdktn/provider-databricks"]) {
      const row = table.find((p) => p.binding === binding);
      expect(row?.version).toBe(json(`node_modules/${binding}/package.json`).cdktn.provider.version);
    }
    expect(table.find((p) => p.name === "time")?.version).toBe(TIME_PROVIDER_VERSION);
  });

  it("labels each build a substitute unless it is the exact release", () => {
    for (const p of table) {
      if (p.build.origin === "substitute") {
        expect(p.build.standsInFor).toBe(p.version);
        expect(p.build.why?.length).toBeGreaterThan(20);
      } else {
        expect(p.build.sourceVersion).toBe(p.version);
      }
    }
  });

  it("refuses a half-done bump: a binding at a version the build row does not stand for", () => {
    const { providers } = json("scripts/engine/providers.json");
    const checkWith = (rows: unknown[]) => providerTable(rows);
    const azurermAt = (sourceVersion: string) =>
      providers.map((p: any) => (p.name === "azurerm" ? { ...p, build: { ...p.build, sourceVersion } } : p));
    expect(() => checkWith(azurermAt("4.72.0"))).toThrow(
      "@cdktn/provider-azurerm pins azurerm 4.73.0, but the table builds the exact release 4.72.0",
    );
    const databricksFor = (standsInFor: string) =>
      providers.map((p: any) => (p.name === "databricks" ? { ...p, build: { ...p.build, standsInFor } } : p));
    expect(() => checkWith(databricksFor("1.131.0"))).toThrow(
      "@cdktn/provider-databricks pins databricks 1.132.0, but the substitute build stands in for 1.131.0",
    );
    expect(() => checkWith([...providers, providers[0]])).toThrow("databricks is listed twice");
  });
});

describe("the hashicorp/time binding (constructs/time)", () => {
  it("writes time_sleep and time_offset as the provider's schema names them, and pins the provider", () => {
    const stack = new TerraformStack(Testing.app(), "t");
    new TimeProvider(stack, "time");
    const sleep = new TimeSleep(stack, "wait", { createDuration: "30s", triggers: { arn: "x" } });
    const offset = new TimeOffset(stack, "expiry", { offsetDays: 400, dependsOn: [sleep] });
    new TimeSleep(stack, "after", { createDuration: "1s", triggers: { at: offset.rfc3339, carried: Fn.lookup(sleep.triggers, "arn") } });
    const out = JSON.parse(Testing.synth(stack));
    expect(out.terraform.required_providers.time).toEqual({ source: "hashicorp/time", version: TIME_PROVIDER_VERSION });
    expect(out.resource.time_sleep.wait).toMatchObject({ create_duration: "30s", triggers: { arn: "x" } });
    expect(out.resource.time_offset.expiry).toMatchObject({ offset_days: 400, depends_on: ["time_sleep.wait"] });
    expect(out.resource.time_sleep.after.triggers).toEqual({
      at: "${time_offset.expiry.rfc3339}",
      carried: "${time_sleep.wait.triggers.arn}",
    });
    expect(Object.keys(out.resource.time_offset.expiry).sort()).toEqual(["depends_on", "offset_days"]);
  });
});

describe("staying current (renovate.json)", () => {
  const renovate = json("renovate.json");
  const groupOf = (name: string) =>
    renovate.packageRules.find((rule: { matchPackageNames?: string[] }) =>
      rule.matchPackageNames?.some((pattern) => pattern === name || (pattern.endsWith("*") && name.startsWith(pattern.slice(0, -1)))),
    )?.groupName;

  it("updates CDK Terrain, its CLI, constructs and every provider binding in one group", () => {
    const pkg = json("package.json");
    const framework = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) =>
      /^(cdktn|cdktn-cli|constructs|@cdktn\/.+)$/.test(name),
    );
    expect(framework.length).toBeGreaterThanOrEqual(6);
    expect(new Set(framework.map(groupOf))).toEqual(new Set(["CDK Terrain and providers"]));
    expect(groupOf("hashicorp/time")).toBe("CDK Terrain and providers");
  });

  it("finds the versions written outside package.json: the time provider in its binding and table, OpenTofu in the engine script", () => {
    const found = (manager: { managerFilePatterns: string[]; matchStrings: string[] }) =>
      manager.managerFilePatterns.flatMap((pattern) => {
        const files = [
          ".github/workflows/deploy.yml",
          ".github/workflows/pull-request.yml",
          "constructs/time/time-provider.ts",
          "scripts/engine/providers.json",
          "scripts/engine/install.sh",
        ];
        return files
          .filter((file) => new RegExp(pattern.slice(1, -1)).test(file))
          .flatMap((file) =>
            manager.matchStrings
              .map((m) => new RegExp(m.replace(/\(\?<currentValue>/g, "(")).exec(readFileSync(join(root, file), "utf8"))?.[1])
              .filter(Boolean),
          );
      });
    const [time, table, tofu] = renovate.customManagers;
    expect(found(time)).toEqual([TIME_PROVIDER_VERSION]);
    expect(found(table)).toEqual([TIME_PROVIDER_VERSION, TIME_PROVIDER_VERSION]);
    // The engine script and both workflows: one OpenTofu version, whichever it is.
    expect(found(tofu)).toHaveLength(3);
    expect(new Set(found(tofu)).size).toBe(1);
    expect(found(tofu)[0]).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
