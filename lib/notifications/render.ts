import { render, toPlainText } from "@react-email/render";
import { TEMPLATES, subjectFor, type EmailOf, type TemplateName } from "./templates";

export type RenderedEmail = { subject: string; text: string; html: string };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Renders an outbox row's template to the HTML and plain-text parts that leave by email.
 * Content given through the notification API goes out as given (its text part, HTML-escaped,
 * stands in when no HTML was given).
 */
export async function renderEmail(email: EmailOf, givenSubject?: string): Promise<RenderedEmail> {
  if (email.template === "custom") {
    const data = email.data as EmailOf<"custom">["data"];
    const html =
      data.html ??
      `<!DOCTYPE html><html><body><pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(data.text)}</pre></body></html>`;
    return { subject: subjectFor(email, givenSubject), text: data.text, html };
  }
  const template = TEMPLATES[email.template as Exclude<TemplateName, "custom">];
  const html = await render(template.render(email.data as never));
  // A template may make its text part from another element (a reply's Markdown source as written).
  const text = template.renderText
    ? toPlainText(await render(template.renderText(email.data as never)))
    : toPlainText(html);
  return { subject: subjectFor(email), text, html };
}
