import { describe, expect, it } from "vitest";
import * as customersRoute from "@/app/api/v1/customers/route";
import * as interactionsRoute from "@/app/api/v1/interactions/route";
import * as notificationsRoute from "@/app/api/v1/notifications/route";
import * as ticketsRoute from "@/app/api/v1/tickets/route";
import * as usersRoute from "@/app/api/v1/users/route";
import { listCustomers } from "@/lib/crm/customers";
import { listInteractions } from "@/lib/crm/interactions";
import { listNotifications } from "@/lib/notifications/requests";
import { encodeCursor, pageOrFirstPage } from "@/lib/pagination";
import { listTickets } from "@/lib/tickets/list-tickets";
import { listUsers } from "@/lib/users/list-users";
import { listCustomersQuery, listInteractionsQuery } from "@/lib/validation/crm";
import { listNotificationsQuery } from "@/lib/validation/notifications";
import { listTicketsQuery } from "@/lib/validation/tickets";
import { listUsersQuery } from "@/lib/validation/users";
import { call } from "../helpers";
import { person, raise } from "../ticket-kit";

/** Cursors no list ever hands out: not base64, not JSON, the wrong shape, out of range. */
const BAD_CURSORS = [
  "%%%",
  "not-a-cursor",
  encodeCursor("text"),
  encodeCursor({ id: 1 }),
  encodeCursor([1]),
  encodeCursor([1e300, 1]),
  encodeCursor([1.5, 2.5]),
  Buffer.from("[1,").toString("base64url"),
];

const LISTS = [
  ["/tickets", ticketsRoute.GET],
  ["/customers", customersRoute.GET],
  ["/interactions", interactionsRoute.GET],
  ["/users", usersRoute.GET],
  ["/notifications", notificationsRoute.GET],
] as const;

describe("a bad ?cursor=", () => {
  it.each(LISTS)("answers 400 VALIDATION on GET %s, never 500", async (path, handler) => {
    const admin = await person("ADMIN");
    for (const cursor of BAD_CURSORS) {
      for (const view of ["", "&view=agenda"]) {
        const url = `/api/v1${path}?cursor=${encodeURIComponent(cursor)}${view}`;
        const res = await call(handler, "GET", url, { token: admin.token });
        expect(res.status, `${url}: ${res.text}`).toBe(400);
        expect(res.json.error.code).toBe("VALIDATION");
        expect(res.json.error.details).toHaveProperty("cursor");
      }
    }
  });

  it("shows a portal page its first page again, saying the link was not valid", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    await raise(customer);
    const lists = [
      (cursor: string) =>
        pageOrFirstPage(listTicketsQuery.parse({ cursor }), (q) => listTickets(admin.actor, q)),
      (cursor: string) =>
        pageOrFirstPage(listTicketsQuery.parse({ cursor, sort: "updated" }), (q) =>
          listTickets(customer.actor, q),
        ),
      (cursor: string) =>
        pageOrFirstPage(listCustomersQuery.parse({ cursor }), (q) => listCustomers(admin.actor, q)),
      (cursor: string) =>
        pageOrFirstPage(listInteractionsQuery.parse({ cursor, view: "agenda" }), (q) =>
          listInteractions(admin.actor, q),
        ),
      (cursor: string) =>
        pageOrFirstPage(listUsersQuery.parse({ cursor }), (q) => listUsers(admin.actor, q)),
      (cursor: string) =>
        pageOrFirstPage(listNotificationsQuery.parse({ cursor }), (q) =>
          listNotifications(admin.actor, q),
        ),
    ];
    for (const list of lists) {
      const first = await list("");
      expect(first.cursorRejected).toBe(false);
      for (const cursor of BAD_CURSORS) {
        const page = await list(cursor);
        expect(page.cursorRejected).toBe(true);
        expect(page.data).toEqual(first.data);
      }
    }
  });

  it("keeps a good cursor's page and lets other errors through", async () => {
    const admin = await person("ADMIN");
    const customer = await person("CUSTOMER");
    for (let i = 0; i < 3; i++) await raise(customer);
    const query = listTicketsQuery.parse({ limit: 1 });
    const first = await listTickets(admin.actor, query);
    const second = await pageOrFirstPage({ ...query, cursor: first.nextCursor! }, (q) =>
      listTickets(admin.actor, q),
    );
    expect(second.cursorRejected).toBe(false);
    expect(second.data[0].number).toBeLessThan(first.data[0].number);
    // A customer may not list users: that is not a cursor problem and is not hidden.
    await expect(async () =>
      pageOrFirstPage(listUsersQuery.parse({ cursor: "%%%" }), (q) => listUsers(customer.actor, q)),
    ).rejects.toThrow(/admin/i);
  });
});
