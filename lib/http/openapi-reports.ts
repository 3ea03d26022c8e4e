import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { overviewSchema, resolvedTicketsQuery } from "@/lib/validation/reports";
import { errors, op } from "./openapi-kit";

/** Reports and the admin overview (docs/reports.md). Merged into the document by openapi.ts. */
export const reportPaths: ZodOpenApiPathsObject = {
  "/reports/resolved-tickets": {
    get: {
      operationId: "getResolvedTicketsReport",
      summary:
        "Tickets resolved in a date range as CSV (engineers, admins): streamed, with no row limit",
      description:
        "One row per ticket whose resolvedAt falls in the range (RESOLVED, or CLOSED since; a " +
        "reopened ticket drops out), oldest resolution first, among the tickets you may see " +
        "(engineers: assigned to or raised by them). `from` and `to` take a date (YYYY-MM-DD, UTC; " +
        "`to` includes its whole day) or an ISO 8601 date and time; the default is the last 30 " +
        "days, today included; at most five years. Columns: ticketId, number, title, " +
        "description, status, assignee (a userId, empty when unassigned), resolvedAt, createdAt " +
        "(ISO 8601 UTC). UTF-8 with a BOM, fields quoted as RFC 4180; title and description " +
        "starting with = + - @ get a leading apostrophe so spreadsheets don't run them.",
      requestParams: { query: resolvedTicketsQuery },
      responses: {
        "200": {
          description: 'An attachment named "resolved-tickets-<from>-<to>.csv"',
          content: {
            "text/csv": {
              schema: z.string().meta({
                example:
                  "ticketId,number,title,description,status,assignee,resolvedAt,createdAt\n" +
                  't0m3k2a1,1042,Printer jams,"Jams on page 2, every time",CLOSED,eve,' +
                  "2026-11-20T10:04:05.000Z,2026-11-19T08:00:00.000Z\n",
              }),
            },
          },
        },
        ...errors(400, 401, 403, 429),
      },
    },
  },
  "/reports/overview": {
    get: op("The admin overview's numbers (admins): counts, load per engineer, 30 days", {
      operationId: "getOverview",
      description:
        "Active, open, in-progress, blocked and unassigned tickets; working, blocked and active " +
        "tickets per approved engineer; tickets created and resolved per day over the last 30 " +
        "days (UTC) with that day's medians; and the window's median time to first staff reply " +
        "(over tickets created in it) and to resolution (over tickets resolved in it), in ms.",
      ok: [200, "The overview", overviewSchema],
      errors: [401, 403, 429],
    }),
  },
};
