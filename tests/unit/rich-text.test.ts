import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/rich-text/markdown";
import { sanitizeHtml } from "@/lib/rich-text/sanitize";

/** The one sanitizer and the Markdown renderer (docs/tickets.md#formatting). */

const REL = 'rel="noopener noreferrer nofollow" target="_blank"';

/** Each tag the sanitizer may emit, with the attributes it may carry. */
const ALLOWED: Record<string, string[]> = Object.fromEntries([
  ...[
    "p",
    "br",
    "hr",
    "div",
    "span",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "del",
    "s",
    "sub",
    "sup",
    "code",
    "pre",
    "blockquote",
    "ul",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
  ].map((t) => [t, []]),
  ["a", ["href", "title", "rel", "target"]],
  ["ol", ["start"]],
  ["th", ["colspan", "rowspan", "scope"]],
  ["td", ["colspan", "rowspan"]],
]);

/**
 * Why this output is not inert (empty when it is). The sanitizer's output is normalized (every
 * attribute double-quoted, every "<" in text and every "<", ">" and '"' in values escaped), so a
 * plain scan reads it completely: any "<" must open an allowed tag, with allowed attributes only, and every link must
 * go to http(s) or mailto and carry the forced rel and target.
 */
function problems(html: string): string[] {
  const found: string[] = [];
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*(\/?)>/y;
  for (let i = html.indexOf("<"); i !== -1; i = html.indexOf("<", i + 1)) {
    tag.lastIndex = i;
    const m = tag.exec(html);
    if (!m) {
      found.push(`a "<" that opens no tag at ${i}: ${html.slice(i, i + 40)}`);
      continue;
    }
    const [, closing, name, attrs] = m;
    const allowed = ALLOWED[name];
    if (!allowed) {
      found.push(`tag <${name}>`);
      continue;
    }
    if (closing) continue;
    const attributes = Object.fromEntries(
      [...attrs.matchAll(/\s+([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]),
    );
    for (const attr of Object.keys(attributes)) {
      if (!allowed.includes(attr)) found.push(`attribute ${attr} on <${name}>`);
    }
    if (name === "a") {
      if (!/^(https?:\/\/|mailto:)/.test(attributes.href ?? "")) {
        found.push(`link to ${attributes.href}`);
      }
      if (attributes.rel !== "noopener noreferrer nofollow" || attributes.target !== "_blank") {
        found.push(`link without the forced rel and target: ${m[0]}`);
      }
    }
  }
  return found;
}

const expectInert = (html: string) => expect(problems(html), html).toEqual([]);

describe("the inertness check itself", () => {
  it.each([
    ["<script>alert(1)</script>", "tag <script>"],
    ['<p onclick="x()">a</p>', "attribute onclick on <p>"],
    [
      '<a href="javascript:alert(1)" rel="noopener noreferrer nofollow" target="_blank">x</a>',
      "link to javascript:alert(1)",
    ],
    ['<a href="https://x.example">x</a>', "link without the forced rel and target"],
    ['<img src="x">', "tag <img>"],
    ['<p style="color:red">x</p>', "attribute style on <p>"],
  ])("catches %s", (html, why) => {
    expect(problems(html).join("\n")).toContain(why);
  });
});

describe("sanitizeHtml", () => {
  it.each([
    ["a script, with its code", "<p>hi</p><script>alert(1)</script>", "<p>hi</p>"],
    ["an event handler", '<p onclick="alert(1)" onmouseover=x>hi</p>', "<p>hi</p>"],
    ["an image with onerror", "<img src=x onerror=alert(1)>", ""],
    ["style, class and id", '<p style="color:red" class="c" id="i">hi</p>', "<p>hi</p>"],
    ["a style block", "<style>p{color:red}</style><p>hi</p>", "<p>hi</p>"],
    ["an iframe", '<iframe src="https://evil.example"></iframe><p>hi</p>', "<p>hi</p>"],
    ["object and embed", '<object data="x.swf"></object><embed src="x.swf">hi', "hi"],
    [
      "SVG, with its script",
      "<svg onload=alert(1)><script>alert(1)</script><text>t</text></svg>ok",
      "ok",
    ],
    ["MathML", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>ok', "ok"],
    [
      "a form, keeping its words",
      '<form action="https://evil.example"><input value="x"><button>Go</button></form>',
      "Go",
    ],
    ["a comment", "<!-- <script>alert(1)</script> -->ok", "ok"],
    [
      "a noscript trick",
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>ok',
      "ok",
    ],
    ["a meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">ok', "ok"],
    ["a base tag", '<base href="https://evil.example/">ok', "ok"],
  ])("removes %s", (_, dirty, clean) => {
    expect(sanitizeHtml(dirty)).toBe(clean);
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x0A;script:alert(1)",
    "jav&#x61;script:alert(1)",
    "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "/relative/path",
    "//evil.example/x",
    "#top",
  ])("keeps only the words of a link to %s", (href) => {
    expect(sanitizeHtml(`<a href="${href}">click</a>`)).toBe("click");
  });

  it("forces rel and target on web and mailto links, whatever was sent", () => {
    expect(
      sanitizeHtml(
        '<a href="https://help.example/a?b=1&amp;c=2" target="_self" rel="opener" onclick="x">Docs</a>',
      ),
    ).toBe(`<a href="https://help.example/a?b=1&amp;c=2" ${REL}>Docs</a>`);
    expect(sanitizeHtml('<a href="mailto:help@example.test" title="Write">Mail</a>')).toBe(
      `<a href="mailto:help@example.test" ${REL} title="Write">Mail</a>`,
    );
  });

  it("loads no image: a web image becomes a link, any other its alt text or nothing", () => {
    expect(sanitizeHtml('<img src="https://tracker.example/p.gif" alt="Logo">')).toBe(
      `<a href="https://tracker.example/p.gif" ${REL}>Image: Logo</a>`,
    );
    expect(sanitizeHtml('<img src="https://tracker.example/p.gif" width="1" height="1">')).toBe(
      `<a href="https://tracker.example/p.gif" ${REL}>Image: tracker.example</a>`,
    );
    expect(sanitizeHtml('<img src="cid:part1@mail" alt="Screenshot">')).toBe(
      "<span>[image: Screenshot]</span>",
    );
    expect(sanitizeHtml('<img src="data:image/png;base64,iVBORw0KGgo=">')).toBe("");
    expect(sanitizeHtml('<img src="javascript:alert(1)" alt="x" onerror="alert(1)">')).toBe(
      "<span>[image: x]</span>",
    );
  });

  it("keeps a support conversation's structure", () => {
    const html =
      "<p>Hello <strong>there</strong>, <b>b</b> <em>e</em> <i>i</i> <del>d</del> <s>s</s><br>line</p>" +
      "<blockquote><p>quoted</p></blockquote><pre><code>a &lt; b</code></pre><hr>" +
      '<ul><li>one</li></ul><ol start="3"><li>three</li></ol>' +
      '<table><thead><tr><th scope="col">h</th></tr></thead><tbody><tr><td colspan="2">c</td></tr></tbody></table>';
    expect(sanitizeHtml(html)).toBe(html.replace("<br>", "<br />").replace("<hr>", "<hr />"));
  });

  it("keeps headings below the page's own h1 and h2", () => {
    expect(
      sanitizeHtml('<h1 id="x">A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6>'),
    ).toBe("<h3>A</h3><h3>B</h3><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6>");
  });

  it("takes a whole email document: the body's content, without head or title", () => {
    const mail =
      '<!DOCTYPE html><html><head><title>Invoice</title><style>body{}</style><meta charset="utf-8"></head>' +
      '<body bgcolor="#fff"><div style="font-family:Arial"><p>Hi,</p><p>see <a href="https://example.com/x">this</a>.</p></div></body></html>';
    expect(sanitizeHtml(mail)).toBe(
      `<div><p>Hi,</p><p>see <a href="https://example.com/x" ${REL}>this</a>.</p></div>`,
    );
  });

  it("escapes text and keeps it", () => {
    expect(sanitizeHtml('1 < 2 & 3 > 2 "quoted"')).toBe('1 &lt; 2 &amp; 3 &gt; 2 "quoted"');
  });

  it("flattens absurd nesting instead of keeping it", () => {
    const deep = "<div>".repeat(500) + "x" + "</div>".repeat(500);
    const out = sanitizeHtml(deep);
    expect(out).toContain("x");
    expect(out.split("<div>").length - 1).toBeLessThanOrEqual(64);
  });

  it("gives inert HTML for any mix of hostile fragments, and again when cleaned twice", () => {
    const fragments = [
      "<script>",
      "</script>",
      "<img src=x onerror=alert(1)>",
      '<a href="javascript:alert(1)">',
      '<a href="https://ok.example">',
      "</a>",
      "<svg onload=alert(1)>",
      "<style>",
      "<iframe src=//evil>",
      "<p style='x'>",
      "</p>",
      '"',
      "'",
      "<",
      ">",
      "&",
      "&#x6a;avascript:",
      "<!--",
      "-->",
      "<noscript>",
      "</noscript>",
      "<textarea>",
      "<b onclick=x>",
      "<math>",
      "<table><tr><td>",
      "text",
      " ",
      "\n",
      "<pre>",
      "<h1>",
      "<![CDATA[",
      "]]>",
      "<?xml ?>",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 25 }), (parts) => {
        const out = sanitizeHtml(parts.join(""));
        expect(problems(out), out).toEqual([]);
        // Stored and cleaned again (incoming mail may be): still inert.
        expect(problems(sanitizeHtml(out))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("renderMarkdown", () => {
  it("renders the Markdown of an ordinary reply", () => {
    const source = [
      "Hello **Ann**, _thanks_ for the ~~report~~ details.",
      "Second line of the same paragraph.",
      "",
      "- restart the `spooler`",
      "- then print",
      "",
      "3. third",
      "4. fourth",
      "",
      "> It jams on every page",
      "",
      "```",
      "if (a < b) alert(1);",
      "```",
      "",
      "See [the guide](https://help.example/guide) or https://status.example, or write to help@example.test.",
    ].join("\n");
    expect(renderMarkdown(source)).toBe(
      [
        "<p>Hello <strong>Ann</strong>, <em>thanks</em> for the <s>report</s> details.<br />",
        "Second line of the same paragraph.</p>",
        "<ul>",
        "<li>restart the <code>spooler</code></li>",
        "<li>then print</li>",
        "</ul>",
        '<ol start="3">',
        "<li>third</li>",
        "<li>fourth</li>",
        "</ol>",
        "<blockquote>",
        "<p>It jams on every page</p>",
        "</blockquote>",
        "<pre><code>if (a &lt; b) alert(1);",
        "</code></pre>",
        `<p>See <a href="https://help.example/guide" ${REL}>the guide</a> or <a href="https://status.example/" ${REL}>https://status.example</a>, or write to <a href="mailto:help@example.test" ${REL}>help@example.test</a>.</p>`,
        "",
      ].join("\n"),
    );
  });

  it("renders headings from h3 and tables without their style attributes", () => {
    expect(renderMarkdown("# Title\n\n## Part\n\n### Detail\n\n##### Small")).toBe(
      "<h3>Title</h3>\n<h4>Part</h4>\n<h5>Detail</h5>\n<h6>Small</h6>\n",
    );
    const table = renderMarkdown("| a | b |\n|---|--:|\n| 1 | 2 |");
    expect(table).toContain("<th>b</th>");
    expect(table).toContain("<td>2</td>");
    expect(table).not.toContain("style");
  });

  it.each([
    ["an image tag", "<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"],
    ["a script tag", "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"],
    [
      "a link with onclick",
      '<a href="https://x.example" onclick="alert(1)">x</a>',
      `<p>&lt;a href="<a href="https://x.example/" ${REL}>https://x.example</a>" onclick="alert(1)"&gt;x&lt;/a&gt;</p>\n`,
    ],
    ["an svg", "<svg/onload=alert(1)>", "<p>&lt;svg/onload=alert(1)&gt;</p>\n"],
    [
      "an html block",
      "<div>\n<iframe src=https://evil.example></iframe>\n</div>",
      `<p>&lt;div&gt;<br />\n&lt;iframe src=<a href="https://evil.example/" ${REL}>https://evil.example</a>&gt;&lt;/iframe&gt;<br />\n&lt;/div&gt;</p>\n`,
    ],
  ])("shows raw HTML as text: %s", (_, source, html) => {
    expect(renderMarkdown(source)).toBe(html);
  });

  it.each([
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](java&#x73;cript:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "[x](/tickets/1)",
    "[x](//evil.example)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
  ])("makes no dangerous link of %s", (source) => {
    const html = renderMarkdown(source);
    expectInert(html);
    expect(html).not.toMatch(/<a /);
    expect(html).not.toMatch(/<img/);
  });

  it("turns a Markdown image into a link, never an <img>", () => {
    expect(renderMarkdown("![diagram](https://tracker.example/p.gif)")).toBe(
      `<p><a href="https://tracker.example/p.gif" ${REL}>Image: diagram</a></p>\n`,
    );
  });

  it("gives inert HTML for any mix of Markdown and HTML fragments", () => {
    const fragments = [
      "[x](",
      "javascript:alert(1)",
      ")",
      "![i](",
      "https://e.example/p.gif",
      "<img src=x onerror=alert(1)>",
      "<script>",
      "`",
      "```\n",
      "**",
      "_",
      "> ",
      "- ",
      "1. ",
      "# ",
      "\n",
      "\n\n",
      "<",
      ">",
      "&",
      '"',
      "&#x6a;",
      "www.example.org",
      "a@b.example",
      "| a |\n|---|\n",
      "    ",
      "text",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 25 }), (parts) => {
        expectInert(renderMarkdown(parts.join("")));
      }),
      { numRuns: 2000 },
    );
  });
});
