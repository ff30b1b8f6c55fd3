import { readFileSync } from "node:fs";
import { join } from "node:path";

// What the README and the compute modes page tell a team about the serverless mode (issue 25).

const read = (path: string) => readFileSync(join(__dirname, "..", path), "utf8");

describe("the serverless mode in the README and the compute modes page", () => {
  it("is in the README's list of what an environment builds, and in its architecture picture", () => {
    const readme = read("README.md");
    const builds = readme.slice(readme.indexOf("Per environment it builds:"), readme.indexOf("```mermaid"));
    expect(builds).toMatch(/serverless workspace \(`compute\.mode: "serverless"`/);
    expect(builds).toContain("[compute modes](docs/compute-modes.md)");
    const picture = readme.slice(readme.indexOf("```mermaid"), readme.indexOf("```", readme.indexOf("```mermaid") + 3));
    expect(picture).toMatch(/compute_mode = SERVERLESS/);
    expect(picture).toMatch(/account network policy/);
  });

  it("dates every Databricks claim it cites: each paragraph, bullet or row with a docs.databricks.com link says when it was read", () => {
    const blocks = read("docs/compute-modes.md")
      .split(/\n(?=\n|- |\| |\d+\. )/)
      .filter((block) => block.includes("docs.databricks.com"));
    expect(blocks.length).toBeGreaterThan(3);
    expect(blocks.filter((block) => !/read on 2026-12-06/.test(block))).toEqual([]);
  });
});
