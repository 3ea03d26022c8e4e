import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The product is documented in docs/, and the code points there ("docs/tickets.md#assignment").
 * These checks keep the two from drifting apart: no comment cites a document that isn't in the
 * repository, every docs reference names a page and a heading that exist, and the README's layout
 * lists the folders there really are.
 */
const ROOT = process.cwd();
const DOCS = path.join(ROOT, "docs");

/** Not ours, generated or data: never scanned. */
const SKIPPED_DIRS = new Set([
  "node_modules",
  ".next",
  ".git",
  "data",
  "test-results",
  "playwright-report",
  "coverage",
]);
const SOURCE_FILE = /\.(ts|tsx|mts|mjs|js|cjs|sql|md|css)$/;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIPPED_DIRS.has(name) || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (SOURCE_FILE.test(name)) out.push(full);
  }
  return out;
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");
const sources = walk(ROOT).map((file) => ({ file: rel(file), text: readFileSync(file, "utf8") }));

/** Every match of `pattern` in the sources, as "file:line: text". */
function occurrences(pattern: RegExp, files = sources) {
  const found: { where: string; match: RegExpExecArray }[] = [];
  for (const { file, text } of files) {
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      for (const match of line.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))) {
        found.push({ where: `${file}:${i + 1}: ${line.trim()}`, match });
      }
    });
  }
  return found;
}

/** GitHub's heading anchors: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const anchorsOf = new Map<string, Set<string>>();
function anchorsIn(page: string): Set<string> | null {
  const file = path.join(DOCS, page);
  if (!existsSync(file)) return null;
  if (!anchorsOf.has(page)) anchorsOf.set(page, headingAnchors(readFileSync(file, "utf8")));
  return anchorsOf.get(page)!;
}

/** Why a reference to docs/<page>#<anchor> is broken, or null when it isn't. */
function brokenReference(page: string, anchor: string | undefined): string | null {
  const anchors = anchorsIn(page);
  if (!anchors) return `docs/${page} does not exist`;
  if (anchor && !anchors.has(anchor)) return `docs/${page} has no heading #${anchor}`;
  return null;
}

describe("docs/", () => {
  it("is where the code points: no comment cites a specification outside the repository", () => {
    // The specification and style guide once cited were never in the repository: a newcomer who
    // clones it can't look them up.
    const cited = occurrences(/\b(?:SPEC|STYLE)\b\s*(?:§|:|\.md)/).map((o) => o.where);
    expect(cited, "point these at docs/<page>.md#<section> instead").toEqual([]);
  });

  it("has every page and heading that the code and the README refer to", () => {
    const outsideDocs = sources.filter((s) => !s.file.startsWith("docs/"));
    const broken = occurrences(/\bdocs\/([\w.-]+\.md)(?:#([\w-]+))?/, outsideDocs).flatMap(
      ({ where, match }) => {
        const why = brokenReference(match[1], match[2]);
        return why ? [`${where}\n    ${why}`] : [];
      },
    );
    expect(broken).toEqual([]);
  });

  it("links between its own pages to pages and headings that exist", () => {
    const pages = sources.filter((s) => /^docs\/[^/]+\.md$/.test(s.file));
    expect(pages.map((p) => p.file)).toContain("docs/README.md");
    const broken = occurrences(/\]\(([\w.-]+\.md)?(?:#([\w-]+))?\)/, pages).flatMap(
      ({ where, match }) => {
        const page = match[1] ?? where.slice("docs/".length, where.indexOf(":"));
        const why = brokenReference(page, match[2]);
        return why ? [`${where}\n    ${why}`] : [];
      },
    );
    expect(broken).toEqual([]);
  });

  it("names only lib/ paths that exist", () => {
    // Comments and docs that name a module or folder ("mapped to form state by lib/…") go stale
    // when it moves; imports are checked by the type checker, so only prose is looked at here.
    const prose = occurrences(/(?<![@\w/.-])lib\/([\w./-]*[\w-])/).filter(
      ({ where }) => !/\bfrom\s+["']|import\(["']|require\(["']/.test(where),
    );
    const missing = prose.flatMap(({ where, match }) => {
      const target = path.join(ROOT, "lib", match[1]);
      const exists = [target, `${target}.ts`, `${target}.tsx`, `${target}.mjs`].some(existsSync);
      return exists ? [] : [`${where}\n    lib/${match[1]} does not exist`];
    });
    expect(missing).toEqual([]);
  });
});

/** The folders the README's "How the code is laid out" block lists, as "lib/crm", "app/(auth)", … */
function readmeLayout(): Set<string> {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("How the code is laid out"));
  if (!section) throw new Error('README.md has no "## How the code is laid out" section');
  const block = /```[^\n]*\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("The layout section has no code block");
  const listed = new Set<string>();
  const parents: { indent: number; path: string }[] = [];
  for (const line of block.split("\n")) {
    const entry = /^(\s*)(\S+)\//.exec(line);
    if (!entry) continue;
    const indent = entry[1].length;
    while (parents.length && parents[parents.length - 1].indent >= indent) parents.pop();
    const full = [...parents.map((p) => p.path), entry[2]].join("/");
    listed.add(full);
    // "api/v1/" also lists "api".
    const parts = full.split("/");
    for (let i = 1; i < parts.length; i++) listed.add(parts.slice(0, i).join("/"));
    parents.push({ indent, path: entry[2] });
  }
  return listed;
}

const foldersIn = (dir: string) =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith(".") && !SKIPPED_DIRS.has(d.name))
    .map((d) => (dir === "." ? d.name : `${dir}/${d.name}`));

describe("the README's layout section", () => {
  const listed = readmeLayout();

  it("lists every top-level folder and every folder under lib/", () => {
    const folders = [...foldersIn("."), ...foldersIn("lib")];
    expect(folders.filter((f) => !listed.has(f))).toEqual([]);
  });

  it("lists only folders that exist", () => {
    expect([...listed].filter((f) => !existsSync(path.join(ROOT, f)))).toEqual([]);
  });
});

describe("headingAnchors", () => {
  it("slugs headings as GitHub does", () => {
    const anchors = headingAnchors(
      "# Who sees what\n## Not found, never forbidden\n```\n## not a heading\n```\n## `GET /health`\n## Who sees what\n",
    );
    expect([...anchors]).toEqual([
      "who-sees-what",
      "not-found-never-forbidden",
      "get-health",
      "who-sees-what-1",
    ]);
  });
});
