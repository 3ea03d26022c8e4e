import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/auth/safe-next";

/** Issue 9 item 5: `?next=` after sign-in stays on this site whatever it says. */
describe("safeNextPath", () => {
  it.each([
    ["//evil.example"],
    ["/\\evil.example"],
    ["\\/evil.example"],
    ["\\\\evil.example"],
    ["/%5Cevil.example"],
    ["/%5cevil.example"],
    ["\t/evil.example"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/%09/evil.example"],
    ["/%0a/evil.example"],
    ["/%0D%0A/evil.example"],
    ["/\u0000/evil.example"],
    ["/.//evil.example"],
    ["/./%2e//evil.example"],
    ["/../..//evil.example"],
    ["javascript:alert(1)"],
    ["JavaScript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["https://evil.example"],
    ["http:evil.example"],
    ["https:/evil.example"],
    ["evil.example"],
    [" /tickets"],
    [""],
    ["/" + "a".repeat(3000)],
  ])("refuses %j", (input) => {
    expect(safeNextPath(input)).toBeNull();
  });

  it.each([undefined, null, 42, ["/tickets"], { path: "/tickets" }])(
    "refuses a non-string (%j)",
    (input) => {
      expect(safeNextPath(input)).toBeNull();
    },
  );

  it.each([
    ["/tickets", "/tickets"],
    ["/tickets/42?tab=events#top", "/tickets/42?tab=events#top"],
    ["/customers?q=ann%20lee", "/customers?q=ann%20lee"],
    ["/%2F/evil.example", "/%2F/evil.example"],
    ["/admin/../engineer", "/engineer"],
    ["/", "/"],
  ])("keeps the same-site path %j as %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it("never returns something a browser would read as another site", () => {
    const hostile = ["//a", "/\\a", "/%5Ca", "/.//a", "\t//a", "/\t/a", "///a", "/%2e%2e//a"];
    for (const input of hostile) {
      const out = safeNextPath(input);
      if (out === null) continue;
      // Resolved like a browser resolves a Location header, it stays on the origin.
      expect(new URL(out, "https://caseline.example").origin).toBe("https://caseline.example");
    }
  });
});
