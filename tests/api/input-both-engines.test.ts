/**
 * Input that one engine would store and the other refuses gets the same answer on both
 * (docs/api.md#errors): a NUL character in any text is a 400 naming the field, an id beyond 32 bits
 * names nothing (404), and a value the database itself refuses is a 400, never a 500.
 */
import { describe, expect, it } from "vitest";
import * as signin from "@/app/api/v1/auth/signin/route";
import * as interactionRoute from "@/app/api/v1/interactions/[id]/route";
import { errorResponse } from "@/lib/http/errors";
import { call } from "../helpers";
import { api, person, raise, ticketCount } from "../ticket-kit";

describe("input both engines answer alike", () => {
  it("refuses a NUL character in a ticket's text with a 400 naming the field, and creates nothing", async () => {
    const carol = await person("CUSTOMER");
    const res = await api.create(carol.token, {
      title: "Printer\u0000jams",
      description: "Error 254",
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual({ title: ["Remove the NUL character"] });
    expect(await ticketCount()).toBe(0);
  });

  it("refuses a NUL character in a search or a sign-in with a 400", async () => {
    const carol = await person("CUSTOMER");
    await raise(carol, "Printer jams", "Error 254");
    const list = await api.list(carol.token, "q=printer%00jams");
    expect(list.status).toBe(400);
    const res = await call(signin.POST, "POST", "/api/v1/auth/signin", {
      body: { userId: `${carol.userId}\u0000`, password: "whatever-it-is" },
    });
    expect(res.status).toBe(400);
  });

  it("answers 404 for ids beyond 32 bits and for a NUL in a path id", async () => {
    const admin = await person("ADMIN");
    const carol = await person("CUSTOMER");
    await raise(carol);
    expect((await api.get(admin.token, "99999999999")).status).toBe(404);
    expect((await api.get(admin.token, "%231")).status).not.toBe(500);
    expect((await api.get(admin.token, "a\u0000b")).status).toBe(404);
    const res = await call(
      interactionRoute.GET,
      "GET",
      "/api/v1/interactions/99999999999",
      { token: admin.token },
      { id: "99999999999" },
    );
    expect(res.status).toBe(404);
  });

  it("turns a value the database refused into a 400 that says nothing was stored", async () => {
    // PostgreSQL's "character not in repertoire", as node-postgres raises it inside Drizzle's error.
    const refused = Object.assign(new Error("Failed query"), { cause: { code: "22021" } });
    const res = errorResponse(refused);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("VALIDATION");
    expect(errorResponse(new Error("a bug")).status).toBe(500);
  });
});
