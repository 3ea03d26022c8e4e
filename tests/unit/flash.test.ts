import { describe, expect, it } from "vitest";
import { decodeFlash, encodeFlash } from "@/lib/http/flash";

/** Issue 9 §5: the one-time banner's value is the server's own, shown once, for a short while. */
describe("flash messages", () => {
  it("shows a message this server signed exactly once", () => {
    const value = encodeFlash({ text: "Ticket #7 was deleted.", tone: "success" });
    expect(decodeFlash(value)).toEqual({ text: "Ticket #7 was deleted.", tone: "success" });
    expect(decodeFlash(value)).toBeNull();
  });

  it("refuses a forged, altered or expired value", () => {
    const forged = Buffer.from(
      JSON.stringify({ text: "Call +1 555 0100", tone: "success", id: "x", exp: Date.now() + 1e6 }),
    ).toString("base64url");
    expect(decodeFlash(`${forged}.AAAA`)).toBeNull();
    expect(decodeFlash(forged)).toBeNull();
    const genuine = encodeFlash({ text: "Saved", tone: "success" });
    const [, signature] = genuine.split(".");
    expect(decodeFlash(`${forged}.${signature}`)).toBeNull();
    const old = encodeFlash({ text: "Saved", tone: "success" }, Date.now() - 61_000);
    expect(decodeFlash(old)).toBeNull();
    expect(decodeFlash("not a flash")).toBeNull();
    expect(decodeFlash("")).toBeNull();
  });
});
