// `npm run lint:links`: every relative link and #anchor in the repository's tracked Markdown files
// points at something that exists. A link's file (or folder) must exist, relative to the linking file
// (or to the repository root when it starts with "/"); its anchor must be a heading of the target as
// GitHub slugs it (or an explicit <a id/name>), or a line anchor (#L12, #L12-L20) into a non-Markdown
// file. External links (http, https, mailto, ...) are not fetched. Each problem names the file, the
// line, the link and the fix. Usage: npm run lint:links [-- FILE.md ...]
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { nearest } from "../config/suggest";

export interface LinkProblem {
  readonly file: string;
  readonly line: number;
  readonly link: string;
  readonly problem: string;
  readonly fix: string;
}

/** One line of a Markdown file with code spans and fenced code removed (code holds no links). */
interface ProseLine {
  readonly number: number;
  readonly text: string;
}

/** The lines outside fenced code blocks (``` or ~~~), with inline code spans blanked out. */
function proseLines(markdown: string): ProseLine[] {
  const lines: ProseLine[] = [];
  let fence: string | undefined;
  markdown.split(/\r?\n/).forEach((text, index) => {
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(text);
    if (fence !== undefined) {
      if (opener && opener[1][0] === fence[0] && opener[1].length >= fence.length && text.trim() === opener[1]) fence = undefined;
      return;
    }
    if (opener) {
      fence = opener[1];
      return;
    }
    lines.push({ number: index + 1, text: text.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, (span) => " ".repeat(span.length)) });
  });
  return lines;
}

/** The text of a heading as GitHub renders it before slugging: links to their text, HTML and emphasis dropped. */
function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, "$1")
    .replace(/<[^>]+>/g, "")
    .trim();
}

/**
 * GitHub's anchor for a heading (as github-slugger makes it): lower case, every character that is not
 * a letter, digit, mark, "_", "-" or space removed, each space turned into "-".
 */
export function githubSlug(heading: string): string {
  return headingText(heading)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor a Markdown document offers: its headings' slugs (repeats get -1, -2, ...) and explicit <a id>/<a name>. */
export function anchorsOf(markdown: string): string[] {
  const anchors: string[] = [];
  const seen = new Map<string, number>();
  const add = (slug: string) => {
    const count = seen.get(slug);
    let unique = slug;
    if (count !== undefined) {
      let n = count;
      do unique = `${slug}-${++n}`;
      while (seen.has(unique));
      seen.set(slug, n);
    }
    seen.set(unique, 0);
    anchors.push(unique);
  };
  // Headings are read from the raw lines (code spans count in a heading's text), outside fences.
  const raw = markdown.split(/\r?\n/);
  const prose = proseLines(markdown);
  const inProse = new Set(prose.map((l) => l.number));
  raw.forEach((text, index) => {
    if (!inProse.has(index + 1)) return;
    const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(text);
    if (atx) {
      add(githubSlug(atx[1] ?? ""));
      return;
    }
    const next = raw[index + 1];
    const previous = raw[index - 1];
    const underline = next !== undefined && inProse.has(index + 2) && /^ {0,3}(=+|-+)[ \t]*$/.test(next);
    // A paragraph starts after a blank line, a fence or a heading (a longer paragraph is not read as one heading).
    const paragraphStart =
      previous === undefined || previous.trim() === "" || !inProse.has(index) || /^ {0,3}#{1,6}([ \t]|$)/.test(previous);
    if (underline && text.trim() !== "" && paragraphStart && !/^ {0,3}([-*+>|]|\d+[.)])/.test(text)) add(githubSlug(text));
  });
  for (const line of prose) for (const m of line.text.matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*"([^"]+)"/gi)) anchors.push(m[1]);
  return anchors;
}

/** The link targets of one line: inline links and images, and reference definitions. */
function targetsOf(text: string): string[] {
  const targets: string[] = [];
  for (const m of text.matchAll(/\]\(\s*(<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g)) {
    targets.push(m[1].replace(/^<|>$/g, ""));
  }
  const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(text);
  if (definition) targets.push(definition[1].replace(/^<|>$/g, ""));
  for (const m of text.matchAll(/<a\s[^>]*\bhref\s*=\s*"([^"]*)"/gi)) targets.push(m[1]);
  return targets;
}

const decoded = (text: string, decode: (s: string) => string) => {
  try {
    return decode(text);
  } catch {
    return text;
  }
};

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");

/**
 * Checks the links of `files` (paths relative to `root`). Gives one problem per broken link: a file
 * or folder that does not exist, or an anchor that the target does not have.
 */
export function checkLinks(root: string, files: readonly string[]): LinkProblem[] {
  const problems: LinkProblem[] = [];
  const anchorCache = new Map<string, string[]>();
  const anchors = (path: string) => {
    if (!anchorCache.has(path)) anchorCache.set(path, anchorsOf(readFileSync(path, "utf8")));
    return anchorCache.get(path)!;
  };
  for (const file of files.map((f) => f.split("\\").join("/"))) {
    const source = join(root, file);
    for (const { number, text } of proseLines(readFileSync(source, "utf8"))) {
      for (const link of targetsOf(text)) {
        if (link === "" || isExternal(link)) continue;
        const hash = link.indexOf("#");
        const pathPart = decoded(hash < 0 ? link : link.slice(0, hash), decodeURI);
        const anchor = hash < 0 ? undefined : decoded(link.slice(hash + 1), decodeURIComponent);
        const target = pathPart === "" ? source : pathPart.startsWith("/") ? join(root, pathPart) : resolve(dirname(source), pathPart);
        const shown = relative(root, target).split("\\").join("/") || ".";
        const report = (problem: string, fix: string) => problems.push({ file, line: number, link, problem, fix });
        if (!existsSync(target)) {
          // The nearest name in the folder the link points into, written as the link would write it.
          const folder = dirname(target);
          const near = existsSync(folder) ? nearest(basename(target), readdirSync(folder)) : undefined;
          const suggestion = near && relative(dirname(source), join(folder, near)).split("\\").join("/");
          report(
            `${shown} does not exist`,
            suggestion ? `point it at an existing file, e.g. ${suggestion}` : "point it at an existing file or folder, or remove the link",
          );
          continue;
        }
        if (anchor === undefined || anchor === "") continue;
        if (!/\.md$/i.test(target) || statSync(target).isDirectory()) {
          if (!/^L\d+(-L\d+)?$/.test(anchor))
            report(
              `#${anchor} is not a line anchor (#L12 or #L12-L20), and ${shown} is not Markdown`,
              "link to the file without the anchor, or to a line as #L12",
            );
          continue;
        }
        const offered = anchors(target);
        if (offered.includes(anchor)) continue;
        const near = nearest(anchor, offered);
        report(
          `${shown} has no heading whose anchor is #${anchor}`,
          near
            ? `use #${near}`
            : `use one of its headings' anchors (${offered
                .slice(0, 8)
                .map((a) => `#${a}`)
                .join(", ")}${offered.length > 8 ? ", ..." : ""})`,
        );
      }
    }
  }
  return problems;
}

/** The Markdown files git tracks under `root`. */
export function trackedMarkdown(root: string): string[] {
  return execFileSync("git", ["ls-files", "-z", "--", "*.md"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((f) => f !== "" && existsSync(join(root, f)));
}

export function formatProblem(p: LinkProblem): string {
  return `${p.file}:${p.line}: (${p.link}) ${p.problem}. Fix: ${p.fix}`;
}

if (require.main === module) {
  const root = resolve(__dirname, "..");
  const given = process.argv.slice(2);
  const files = given.length > 0 ? given.map((f) => relative(root, resolve(f))) : trackedMarkdown(root);
  const problems = checkLinks(root, files);
  for (const problem of problems) console.error(formatProblem(problem));
  if (problems.length > 0) {
    console.error(
      `links: ${problems.length} broken link(s) in ${new Set(problems.map((p) => p.file)).size} of ${files.length} Markdown files`,
    );
    process.exit(1);
  }
  console.log(`links: ${files.length} Markdown files, every relative link and anchor resolves`);
}
