import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { notifications } from "@/db/schema";
import { renderEmail } from "@/lib/notifications/render";
import type { EmailOf } from "@/lib/notifications/templates";
import { addReply } from "@/lib/tickets/replies";
import { person, raise } from "../ticket-kit";

/** The ticket-replied email: the reply's Markdown rendered in the HTML part, as written in the text part (docs/tickets.md#formatting). */

async function repliedEmailTo(email: string, n: number) {
  const rows = await getDb()
    .select()
    .from(notifications)
    .where(eq(notifications.ticketNumber, n))
    .orderBy(asc(notifications.id));
  const row = rows.find(
    (r) =>
      r.template === "ticket-replied" &&
      (JSON.parse(r.recipientEmails) as string[]).includes(email),
  );
  expect(row, `a ticket-replied email to ${email}`).toBeDefined();
  return renderEmail(
    { template: row!.template, data: JSON.parse(row!.data) } as EmailOf,
    row!.subject,
  );
}

const SOURCE = [
  "Hello,",
  "please try this:",
  "",
  "1. Open **Settings**",
  "2. Run `reset --all`",
  "",
  "```",
  "if (jam) { clear(); }",
  "    indented();",
  "```",
  "",
  "> It jams on every page",
  "",
  "See [the guide](https://help.example/guide).",
].join("\n");

describe("the ticket-replied email", () => {
  it("shows the reply's Markdown rendered in the HTML part and as written in the text part", async () => {
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const n = await raise(customer);
    await addReply(engineer.actor, String(n), { body: SOURCE, internal: false });
    const email = await repliedEmailTo(customer.user.email, n);

    // The HTML part: the rendered message, with the email's inline styles on its tags.
    const html = email.html;
    expect(html).toMatch(/<p style="[^"]*">Hello,<br\s*\/?>\s*please try this:<\/p>/);
    expect(html).toMatch(/<ol style="[^"]*">\s*<li>Open <strong>Settings<\/strong><\/li>/);
    expect(html).toMatch(/<code style="[^"]*">reset --all<\/code>/);
    expect(html).toMatch(/<pre style="[^"]*"><code style="[^"]*">if \(jam\) \{ clear\(\); \}/);
    expect(html).toMatch(
      /<blockquote style="[^"]*">\s*<p style="[^"]*">It jams on every page<\/p>/,
    );
    expect(html).toMatch(
      /<a style="[^"]*" href="https:\/\/help\.example\/guide" rel="noopener noreferrer nofollow" target="_blank">the guide<\/a>/,
    );
    expect(html).not.toContain("**Settings**");

    // The text part: the Markdown exactly as written, its spacing kept.
    expect(email.text).toContain(SOURCE);
  });

  it("sends hostile Markdown as inert HTML", async () => {
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const n = await raise(customer);
    const body =
      '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) ![t](https://tracker.example/p.gif) <a href="https://x.example" onclick="alert(4)">x</a>';
    await addReply(engineer.actor, String(n), { body, internal: false });
    const email = await repliedEmailTo(customer.user.email, n);
    const html = email.html;
    // Every real tag ("<" in text is escaped): no script, no image, no handler, no javascript: link.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((t) => /^<(script|img|iframe|svg)\b/i.test(t))).toEqual([]);
    expect(tags.filter((t) => /\son[a-z]+=/i.test(t))).toEqual([]);
    expect(tags.filter((t) => /javascript:/i.test(t))).toEqual([]);
    // Shown as the text it is, and the tracking image as a link nobody's mail client loads.
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(2)&gt;");
    expect(html).toMatch(
      /<a style="[^"]*" href="https:\/\/tracker\.example\/p\.gif"[^>]*>Image: t<\/a>/,
    );
    expect(email.text).toContain(body);
  });

  it("is never queued for an internal note", async () => {
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const n = await raise(customer);
    await addReply(engineer.actor, String(n), { body: "**Secret** note", internal: true });
    const rows = await getDb()
      .select()
      .from(notifications)
      .where(eq(notifications.ticketNumber, n));
    expect(rows.filter((r) => r.template === "ticket-replied")).toEqual([]);
    expect(JSON.stringify(rows)).not.toContain("Secret");
  });
});
