import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

/** The email channel's settings are validated with the rest (docs/configuration.md#email-in). */
const base = { DATABASE_URL: ":memory:", AUTH_SECRET: "x".repeat(40) };

describe("email-in settings", () => {
  it("are off by default, with the documented defaults", () => {
    const e = parseEnv(base);
    expect(e.SUPPORT_EMAIL).toBeUndefined();
    expect(e.INBOUND_SMTP_PORT).toBeUndefined();
    expect(e.INBOUND_SMTP_HOST).toBe("127.0.0.1");
    expect(e.INBOUND_UNKNOWN_SENDERS).toBe("create");
    expect(e.INBOUND_MAX_BYTES).toBe(40 * 1_048_576);
  });

  it("need SUPPORT_EMAIL for the receiver or a mailbox, and say so", () => {
    expect(() => parseEnv({ ...base, INBOUND_SMTP_PORT: "2525" })).toThrow(
      /SUPPORT_EMAIL is required when INBOUND_SMTP_PORT is set/,
    );
    expect(() =>
      parseEnv({ ...base, INBOUND_IMAP_URL: "imaps://u:p@imap.example.test/INBOX" }),
    ).toThrow(/SUPPORT_EMAIL is required when INBOUND_IMAP_URL is set/);
  });

  it.each([
    ["SUPPORT_EMAIL", "not an address", /SUPPORT_EMAIL must be an email address/],
    ["INBOUND_SMTP_PORT", "70000", /INBOUND_SMTP_PORT/],
    [
      "INBOUND_IMAP_URL",
      "http://imap.example.test/INBOX",
      /INBOUND_IMAP_URL must start with imap:\/\/ or imaps:\/\//,
    ],
    ["INBOUND_IMAP_URL", "imaps://imap.example.test/INBOX", /INBOUND_IMAP_URL names no user/],
    ["INBOUND_UNKNOWN_SENDERS", "maybe", /INBOUND_UNKNOWN_SENDERS/],
  ])("refuse a bad %s (%s)", (name, value, message) => {
    expect(() =>
      parseEnv({ ...base, SUPPORT_EMAIL: "support@example.test", [name]: value }),
    ).toThrow(message);
  });

  it("take a whole configuration", () => {
    const e = parseEnv({
      ...base,
      SUPPORT_EMAIL: "Support@Example.test",
      INBOUND_SMTP_PORT: "2525",
      INBOUND_IMAP_URL: "imaps://help%40example.test:s3cret@imap.example.test/INBOX",
      INBOUND_UNKNOWN_SENDERS: "refuse",
    });
    expect(e.INBOUND_SMTP_PORT).toBe(2525);
    expect(e.INBOUND_UNKNOWN_SENDERS).toBe("refuse");
  });
});
