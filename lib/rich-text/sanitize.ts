import sanitize from "sanitize-html";

/**
 * HTML that went through {@link sanitizeHtml}: the only kind of string the portal may hand to
 * `dangerouslySetInnerHTML` (components/ui/rich-text.tsx). A plain string is not one; only this
 * module (and lib/rich-text/markdown.ts, through it) makes them.
 */
export type SafeHtml = string & { readonly __safeHtml: true };

/** Links may point only here: no javascript:, data:, file:, vbscript:, relative or protocol-relative URLs. */
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
/** Every link leaves the app in a new tab, tells the target nothing and earns it no ranking. */
const LINK_REL = "noopener noreferrer nofollow";

/** The absolute http(s) or mailto address `href` names, normalized; null for anything else. */
function safeUrl(href: string | undefined, protocols = LINK_PROTOCOLS): URL | null {
  if (!href) return null;
  try {
    // An absolute URL only: `new URL` without a base throws on "/path", "#x" and "//host".
    const url = new URL(href.trim());
    return protocols.has(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

const link = (url: URL) => ({ href: url.href, rel: LINK_REL, target: "_blank" });

/**
 * No heading above h3: on the ticket page the h1 is the ticket's title and the h2 "Conversation",
 * so a message must not outrank them (docs/tickets.md#formatting). Raised to h3 rather than
 * shifted, so that cleaning stored HTML again leaves its headings be (Markdown shifts its own
 * headings first, lib/rich-text/markdown.ts).
 */
const toH3 = () => ({ tagName: "h3", attribs: {} });

const OPTIONS: sanitize.IOptions = {
  allowedTags: [
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
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
  ],
  // No style, class or id anywhere, no event handlers: only these, each value escaped.
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    ol: ["start"],
    th: ["colspan", "rowspan", "scope"],
    td: ["colspan", "rowspan"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // Tags not allowed are dropped and their text kept, except these, whose content is code, markup
  // or page furniture rather than words of the message.
  disallowedTagsMode: "discard",
  nonTextTags: [
    "script",
    "style",
    "textarea",
    "option",
    "select",
    "noscript",
    "noembed",
    "noframes",
    "template",
    "title",
    "head",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "xmp",
  ],
  // A document nested deeper than any real message is flattened from here on, text kept.
  nestingLimit: 64,
  transformTags: {
    h1: toH3,
    h2: toH3,
    a: (_tag, attribs) => {
      const url = safeUrl(attribs.href);
      if (!url) return { tagName: "a", attribs: {} };
      return {
        tagName: "a",
        attribs: { ...link(url), ...(attribs.title ? { title: attribs.title } : {}) },
      };
    },
    // No image is ever loaded from a message: a remote image is a tracking pixel (it tells the
    // sender who opened the ticket, when and from where) and the portal's CSP would block it
    // anyway. A web image becomes a link to it; any other source (cid:, data:, relative) becomes
    // its alt text, or nothing (docs/tickets.md#formatting).
    img: (_tag, attribs) => {
      const alt = (attribs.alt ?? "").trim();
      const url = safeUrl(attribs.src, new Set(["http:", "https:"]));
      if (url) return { tagName: "a", attribs: link(url), text: `Image: ${alt || url.hostname}` };
      if (alt) return { tagName: "span", attribs: {}, text: `[image: ${alt}]` };
      return { tagName: "img", attribs: {} };
    },
  },
  // A link whose address was refused keeps its words, without the <a>.
  exclusiveFilter: (frame) => (frame.tag === "a" && !frame.attribs.href ? "excludeTag" : false),
};

/**
 * The one HTML sanitizer of the app, for every piece of HTML that comes from a person: Markdown
 * rendered by lib/rich-text/markdown.ts and the HTML of incoming email alike. Keeps the structure
 * of a support conversation (paragraphs, line breaks, emphasis, code, quotes, lists, headings from
 * h3 down, tables, rules and links) and nothing else:
 *
 * - no scripts, styles, frames, forms, SVG or MathML (their content is dropped, not shown);
 * - no attributes but a link's `href`/`title`, a list's `start` and a cell's spans: no `style`,
 *   `class`, `id` or event handler;
 * - links only to absolute http, https and mailto addresses, each with
 *   `rel="noopener noreferrer nofollow"` and `target="_blank"`; any other link keeps its text;
 * - no images: a web image becomes a link to it, any other its alt text.
 *
 * Any string goes in (a whole email document included); the output is safe to put in a page or an
 * email as HTML. It does not depend on Markdown.
 */
export function sanitizeHtml(html: string): SafeHtml {
  return sanitize(html, OPTIONS) as SafeHtml;
}
