import { afterEach, describe, expect, it, vi } from "vitest";
import { logTransport, resendTransport } from "@/lib/notifications/transports";

const email = {
  from: "Caseline <no-reply@caseline.local>",
  to: ["carol@acme.test"],
  subject: "Ticket #7 updated",
  text: "Status: Open → Resolved",
  html: "<p>Status: Open → <strong>Resolved</strong></p>",
};

afterEach(() => vi.unstubAllGlobals());

describe("email transports", () => {
  it("log writes the recipient, subject and text part to the server log", async () => {
    const lines: string[] = [];
    await logTransport((l) => lines.push(l)).send(email);
    expect(lines.join("\n")).toContain("carol@acme.test: Ticket #7 updated");
    expect(lines.join("\n")).toContain("Status: Open → Resolved");
  });

  it("Resend posts the message to its API with the key, and fails loudly when Resend refuses", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string | URL, init: RequestInit) => {
        calls.push({ url: String(url), init });
        return Response.json({ id: "re_123" });
      }),
    );
    await resendTransport("re_test_key").send(email);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe("https://api.resend.com/emails");
    expect(new Headers(calls[0].init.headers).get("authorization")).toBe("Bearer re_test_key");
    expect(JSON.parse(String(calls[0].init.body))).toMatchObject({
      to: ["carol@acme.test"],
      subject: "Ticket #7 updated",
      html: email.html,
      text: email.text,
    });

    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        Response.json(
          { statusCode: 422, name: "validation_error", message: "Invalid `to` field" },
          { status: 422 },
        ),
      ),
    );
    await expect(resendTransport("re_test_key").send(email)).rejects.toThrow(/Invalid `to` field/);
  });
});
