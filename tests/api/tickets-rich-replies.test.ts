import { describe, expect, it } from "vitest";
import * as renderRoute from "@/app/api/v1/render/markdown/route";
import { call } from "../helpers";
import { api, person, raise } from "../ticket-kit";

/** Replies in Markdown: `body` as written, `bodyHtml` rendered and sanitized (docs/tickets.md#formatting). */

const REL = 'rel="noopener noreferrer nofollow" target="_blank"';

const preview = (token: string | undefined, body: unknown, headers?: Record<string, string>) =>
  call(renderRoute.POST, "POST", "/api/v1/render/markdown", { token, body, headers });

async function scene() {
  const engineer = await person("ENGINEER");
  const customer = await person("CUSTOMER");
  const n = await raise(customer);
  return { engineer, customer, n };
}

const MARKDOWN = "Try **this**:\n\n- restart\n- print\n\n[Guide](https://help.example/g)";
const HTML =
  "<p>Try <strong>this</strong>:</p>\n<ul>\n<li>restart</li>\n<li>print</li>\n</ul>\n" +
  `<p><a href="https://help.example/g" ${REL}>Guide</a></p>\n`;

describe("replies carry their Markdown and its safe HTML", () => {
  it("answers body and bodyHtml on POST and on GET, for staff and for the customer", async () => {
    const { engineer, customer, n } = await scene();
    const sent = await api.reply(engineer.token, n, { body: `  ${MARKDOWN}\n` });
    expect(sent.status, sent.text).toBe(201);
    // Stored trimmed, as written; rendered from exactly that.
    expect(sent.json.reply).toMatchObject({ body: MARKDOWN, bodyHtml: HTML });
    for (const who of [engineer, customer]) {
      const listed = await api.replies(who.token, n);
      expect(listed.status).toBe(200);
      expect(listed.json.data).toEqual([
        expect.objectContaining({ id: sent.json.reply.id, body: MARKDOWN, bodyHtml: HTML }),
      ]);
    }
  });

  it("shows raw HTML and dangerous links in a reply as text, never as markup", async () => {
    const { engineer, customer, n } = await scene();
    const body =
      '<img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3)) <a href="https://e.example" onclick="alert(4)">e</a>';
    const sent = await api.reply(engineer.token, n, { body });
    expect(sent.status).toBe(201);
    const [reply] = (await api.replies(customer.token, n)).json.data;
    expect(reply.body).toBe(body);
    expect(reply.bodyHtml).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(reply.bodyHtml).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(reply.bodyHtml).not.toMatch(/<(img|script)\b/);
    expect(reply.bodyHtml).not.toMatch(/href="javascript:/i);
    expect(reply.bodyHtml).not.toMatch(/<a [^>]*onclick/);
  });

  it("never gives a customer a note, in Markdown or in HTML", async () => {
    const { engineer, customer, n } = await scene();
    const secret = "NOTE-SECRET-4711";
    const note = await api.reply(engineer.token, n, {
      body: `**${secret}**: the customer owes us`,
      internal: true,
    });
    expect(note.status).toBe(201);
    expect(note.json.reply.bodyHtml).toBe(
      `<p><strong>${secret}</strong>: the customer owes us</p>\n`,
    );
    await api.reply(engineer.token, n, { body: "A public answer" });
    const staff = await api.replies(engineer.token, n);
    expect(staff.json.data.map((r: { internal: boolean }) => r.internal)).toEqual([true, false]);
    const theirs = await api.replies(customer.token, n);
    expect(theirs.json.data).toHaveLength(1);
    expect(theirs.json.data[0]).toMatchObject({ body: "A public answer", internal: false });
    expect(theirs.text).not.toContain(secret);
  });
});

describe("POST /render/markdown, the composer's preview", () => {
  it("renders exactly what a reply with that body would show, for anyone signed in", async () => {
    const { engineer, customer, n } = await scene();
    for (const who of [engineer, customer]) {
      const res = await preview(who.token, { source: `\n${MARKDOWN}  ` });
      expect(res.status, res.text).toBe(200);
      expect(res.json).toEqual({ html: HTML });
    }
    const sent = await api.reply(engineer.token, n, { body: `\n${MARKDOWN}  ` });
    expect(sent.json.reply.bodyHtml).toBe(
      (await preview(customer.token, { source: MARKDOWN })).json.html,
    );
  });

  it("previews nothing as nothing, and hostile input as inert HTML", async () => {
    const { customer } = await scene();
    expect((await preview(customer.token, { source: "   " })).json).toEqual({ html: "" });
    const res = await preview(customer.token, {
      source: "<svg/onload=alert(1)> [x](javascript:alert(1))",
    });
    expect(res.json.html).toBe("<p>&lt;svg/onload=alert(1)&gt; [x](javascript:alert(1))</p>\n");
  });

  it("accepts the longest reply and refuses one character more, like a reply", async () => {
    const { customer } = await scene();
    expect((await preview(customer.token, { source: "z".repeat(10_000) })).status).toBe(200);
    const res = await preview(customer.token, { source: "z".repeat(10_001) });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
    expect(res.json.error.details.source).toEqual(["Use at most 10,000 characters"]);
  });

  it.each([
    ["no source", {}, "source"],
    ["a source that is not a string", { source: 42 }, "source"],
    ["an unknown field", { source: "x", html: "<b>" }, "_"],
    ["a NUL character", { source: "a\u0000b" }, "source"],
  ])("answers 400 to %s, naming the field", async (_, body, field) => {
    const { customer } = await scene();
    const res = await preview(customer.token, body);
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION");
    expect(Object.keys(res.json.error.details ?? {})).toContain(field);
  });

  it("answers 400 to malformed JSON and 415 to another type", async () => {
    const { customer } = await scene();
    const broken = await call(renderRoute.POST, "POST", "/api/v1/render/markdown", {
      token: customer.token,
      rawBody: "{source:",
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    const text = await call(renderRoute.POST, "POST", "/api/v1/render/markdown", {
      token: customer.token,
      rawBody: "**hi**",
      headers: { "content-type": "text/markdown" },
    });
    expect(text.status).toBe(415);
  });

  it("answers 401 without a sign-in, or with a token that no longer works", async () => {
    const anonymous = await preview(undefined, { source: "**hi**" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe("UNAUTHENTICATED");
    expect((await preview("not-a-token", { source: "**hi**" })).status).toBe(401);
  });

  it("answers 405 to GET, with Allow", async () => {
    const res = await call(async (req) => renderRoute.GET(req), "GET", "/api/v1/render/markdown");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, OPTIONS");
  });
});
