import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { anchorsOf, checkLinks, formatProblem, githubSlug } from "../scripts/check-links";

describe("link checker (npm run lint:links)", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "links-"));
    mkdirSync(join(root, "docs"));
    writeFileSync(
      join(root, "docs/remote-state.md"),
      "# Remote state\n\n## Backends\n\ntext\n\n## Backends\n\n### `state.backend`: S3 & Azure (blob)\n",
    );
    writeFileSync(join(root, "main.ts"), "export {};\n");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("reports a planted broken link and a planted broken anchor with file, line, link and fix", () => {
    writeFileSync(
      join(root, "README.md"),
      [
        "# Front door",
        "",
        "See [remote state](docs/remote-state.md#backends) and [the app](main.ts#L1).",
        "A [broken link](docs/remote-stat.md) here.",
        "A [broken anchor](docs/remote-state.md#backend) there.",
        "[External](https://example.com/nowhere) is not fetched; [self](#front-door) resolves.",
      ].join("\n"),
    );
    const problems = checkLinks(root, ["README.md", "docs/remote-state.md"]);
    expect(problems).toEqual([
      {
        file: "README.md",
        line: 4,
        link: "docs/remote-stat.md",
        problem: "docs/remote-stat.md does not exist",
        fix: "point it at an existing file, e.g. docs/remote-state.md",
      },
      {
        file: "README.md",
        line: 5,
        link: "docs/remote-state.md#backend",
        problem: "docs/remote-state.md has no heading whose anchor is #backend",
        fix: "use #backends",
      },
    ]);
    expect(formatProblem(problems[1])).toBe(
      "README.md:5: (docs/remote-state.md#backend) docs/remote-state.md has no heading whose anchor is #backend. Fix: use #backends",
    );
  });

  it("ignores links inside code, and checks reference definitions and links relative to a subfolder", () => {
    writeFileSync(
      join(root, "docs/page.md"),
      [
        "# Page",
        "",
        "`[not a link](nowhere.md)`",
        "",
        "```",
        "[not a link either](nowhere.md)",
        "```",
        "",
        "[up][readme]",
        "",
        "[readme]: ../READ.md",
      ].join("\n"),
    );
    writeFileSync(join(root, "README.md"), "# Readme\n");
    expect(checkLinks(root, ["docs/page.md"]).map(formatProblem)).toEqual([
      "docs/page.md:11: (../READ.md) READ.md does not exist. Fix: point it at an existing file, e.g. ../README.md",
    ]);
  });

  it("slugs headings as GitHub does: lower case, punctuation dropped, spaces to hyphens, repeats numbered", () => {
    expect(githubSlug("Built on CDK Terrain")).toBe("built-on-cdk-terrain");
    expect(githubSlug("Bootstrap (once per account)")).toBe("bootstrap-once-per-account");
    expect(githubSlug("End-to-end: the AWS foundation against an AWS emulator")).toBe(
      "end-to-end-the-aws-foundation-against-an-aws-emulator",
    );
    expect(githubSlug("`state.backend` and [links](x.md) & co")).toBe("statebackend-and-links--co");
    expect(anchorsOf("# Remote state\n## Backends\n## Backends\n```\n# not a heading\n```\nSetext\n======\n## Backends-1\n")).toEqual([
      "remote-state",
      "backends",
      "backends-1",
      "setext",
      "backends-1-1",
    ]);
  });
});
