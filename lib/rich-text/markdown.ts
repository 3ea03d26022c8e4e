import MarkdownIt from "markdown-it";
import { sanitizeHtml, type SafeHtml } from "./sanitize";

/**
 * Replies and notes are written in Markdown (docs/tickets.md#formatting). Raw HTML in the source is
 * shown as the text it is (`html: false`), bare addresses become links, and a single newline stays
 * a line break, as people expect from a reply box or an email.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

// A message's headings sit under the page's h1 (the ticket) and h2 ("Conversation"): "#" is an h3,
// "##" an h4, and so on down to h6, so they keep their order among themselves.
markdown.core.ruler.push("demote_headings", (state) => {
  for (const token of state.tokens) {
    if (token.type === "heading_open" || token.type === "heading_close") {
      token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
    }
  }
});

/**
 * A message's Markdown as safe HTML: what the portal shows, the API's `bodyHtml` and the HTML part
 * of reply emails. markdown-it already refuses javascript: and similar links; the result still
 * goes through the one sanitizer, so a renderer bug or plugin can never let markup through.
 */
export function renderMarkdown(source: string): SafeHtml {
  return sanitizeHtml(markdown.render(source));
}
