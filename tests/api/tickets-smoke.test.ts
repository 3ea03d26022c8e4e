import { describe, expect, it } from "vitest";
import * as ticketsRoute from "@/app/api/v1/tickets/route";
import * as ticketRoute from "@/app/api/v1/tickets/[id]/route";
import * as repliesRoute from "@/app/api/v1/tickets/[id]/replies/route";
import * as acceptRoute from "@/app/api/v1/tickets/[id]/accept/route";
import * as eventsRoute from "@/app/api/v1/tickets/[id]/events/route";
import { call, makeUser, tokenFor } from "../helpers";

describe("tickets smoke", () => {
  it("creates, assigns, accepts, replies, lists and searches", async () => {
    const customer = await tokenFor((await makeUser("CUSTOMER")).user);
    const e1 = await makeUser("ENGINEER");
    await makeUser("ENGINEER");
    const engineer = await tokenFor(e1.user);

    const a = await call(ticketsRoute.POST, "POST", "/api/v1/tickets", {
      token: customer,
      body: { title: "Printer jams", description: "Error 254 on every print" },
    });
    expect(a.status).toBe(201);
    expect(a.json.ticket.assignee).toBe(e1.userId);
    const b = await call(ticketsRoute.POST, "POST", "/api/v1/tickets", {
      token: customer,
      body: { title: "Wifi drops", description: "Every hour" },
    });
    expect(b.json.ticket.assignee).not.toBe(e1.userId);

    const n = String(a.json.ticket.number);
    expect(
      (await call(acceptRoute.POST, "POST", `/x`, { token: engineer }, { id: n })).json.ticket
        .status,
    ).toBe("IN_PROGRESS");
    const early = await call(
      repliesRoute.POST,
      "POST",
      "/x",
      { token: customer, body: { body: "Any news?" } },
      { id: n },
    );
    expect(early.status).toBe(403);
    await call(
      repliesRoute.POST,
      "POST",
      "/x",
      { token: engineer, body: { body: "Secret toner note", internal: true } },
      { id: n },
    );
    await call(
      repliesRoute.POST,
      "POST",
      "/x",
      { token: engineer, body: { body: "Replacing the roller" } },
      { id: n },
    );
    expect(
      (
        await call(
          repliesRoute.POST,
          "POST",
          "/x",
          { token: customer, body: { body: "Thanks" } },
          { id: n },
        )
      ).status,
    ).toBe(201);
    const replies = await call(repliesRoute.GET, "GET", "/x", { token: customer }, { id: n });
    expect(replies.json.data.map((r: { body: string }) => r.body)).toEqual([
      "Replacing the roller",
      "Thanks",
    ]);

    const search = await call(ticketsRoute.GET, "GET", "/api/v1/tickets?q=roller", {
      token: customer,
    });
    expect(search.json.data.map((t: { number: number }) => t.number)).toEqual([
      a.json.ticket.number,
    ]);
    const secret = await call(ticketsRoute.GET, "GET", "/api/v1/tickets?q=toner", {
      token: customer,
    });
    expect(secret.json.data).toEqual([]);
    const staffSecret = await call(ticketsRoute.GET, "GET", "/api/v1/tickets?q=toner", {
      token: engineer,
    });
    expect(staffSecret.json.data).toHaveLength(1);

    const resolved = await call(
      ticketRoute.PATCH,
      "PATCH",
      "/x",
      { token: engineer, body: { status: "RESOLVED" } },
      { id: n },
    );
    expect(resolved.json.ticket.resolvedAt).not.toBeNull();
    const events = await call(eventsRoute.GET, "GET", "/x", { token: customer }, { id: n });
    expect(events.json.data.map((e: { type: string }) => e.type)).toEqual([
      "created",
      "assigned",
      "accepted",
      "status",
      "reply",
      "reply",
      "status",
    ]);
  });
});
