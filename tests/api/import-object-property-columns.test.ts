import { describe, expect, it } from "vitest";
import * as importRoute from "@/app/api/v1/import/customers/route";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { makeUser, tokenFor } from "../helpers";

type Handler = (req: Request) => Promise<Response>;

/** Sends a file to POST /import/customers as raw bytes. */
async function upload(token: string, format: "csv" | "json", file: string) {
  const req = new Request(`http://localhost/api/v1/import/customers?format=${format}`, {
    method: "POST",
    headers: {
      "x-caseline-socket-address": "127.0.0.1",
      authorization: `Bearer ${token}`,
      "content-type": format === "csv" ? "text/csv" : "application/json",
    },
    body: file,
  });
  const res = await (importRoute.POST as Handler)(req);
  return { status: res.status, json: await res.json() };
}

// Names found on every plain object (Object.prototype), in the spellings a header might use.
const NAMES = [
  "constructor",
  "Constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
];

describe("an import column named like an object property", () => {
  it.each(NAMES)("CSV column %j is reported as unknown, nothing imported", async (name) => {
    const admin = await makeUser("ADMIN");
    const token = await tokenFor(admin.user);
    const before = (await getDb().select().from(users)).length;
    const res = await upload(token, "csv", `name,email,${name}\nAnn Lee,ann@x.test,1\n`);
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(res.json.error.message).toContain(`Unknown column "${name}"`);
    expect((await getDb().select().from(users)).length).toBe(before);
  });

  it.each(NAMES)("JSON field %j is reported as unknown, nothing imported", async (name) => {
    const admin = await makeUser("ADMIN");
    const token = await tokenFor(admin.user);
    const before = (await getDb().select().from(users)).length;
    // Written as text: JSON.parse makes even "__proto__" an own key, as a client's file would.
    const file = `[{"name": "Ann Lee", "email": "ann@x.test", ${JSON.stringify(name)}: "1"}]`;
    const res = await upload(token, "json", file);
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(res.json.error.message).toContain(`Unknown field "${name}"`);
    expect((await getDb().select().from(users)).length).toBe(before);
  });
});
