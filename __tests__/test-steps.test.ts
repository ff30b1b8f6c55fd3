import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");

describe("npm test's steps", () => {
  it("run every jest file under __tests__/tools/: each tool's folder is named by a script that scripts/test.sh runs", () => {
    const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const steps =
      readFileSync(join(root, "scripts/test.sh"), "utf8")
        .match(/^steps=\(([^)]*)\)/m)?.[1]
        .split(/\s+/)
        .filter(Boolean) ?? [];
    expect(steps).toEqual(expect.arrayContaining(["typecheck", "test:unit", "test:cli", "scan"]));
    const tools = readdirSync(join(root, "__tests__/tools"));
    expect(tools.length).toBeGreaterThan(1);
    for (const tool of tools) {
      const runners = steps.filter((step) => scripts[step]?.includes(`jest --config jest.tools.config.js __tests__/tools/${tool}/`));
      expect({ tool, runners: runners.length }).toEqual({ tool, runners: 1 });
    }
  });
});
