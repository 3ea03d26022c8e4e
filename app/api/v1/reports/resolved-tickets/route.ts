import { pagedDownload } from "@/lib/http/paged-download";
import { withApi } from "@/lib/http/with-api";
import { resolvedTicketsCsv } from "@/lib/reports/resolved-tickets";
import { resolvedTicketsRange } from "@/lib/validation/reports";
import { otherMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

/** GET /api/v1/reports/resolved-tickets?from=&to= (engineers, admins): a streamed CSV download. */
export const GET = withApi(({ actor, query }) => pagedDownload(resolvedTicketsCsv(actor, query)), {
  query: resolvedTicketsRange,
  roles: ["ENGINEER", "ADMIN"],
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
