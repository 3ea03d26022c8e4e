import { exportCustomers } from "@/lib/crm/export-customers";
import { withApi } from "@/lib/http/with-api";
import { exportCustomersQuery } from "@/lib/validation/import";
import { otherMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

/** GET /api/v1/export/customers?format=csv|json (admins): every customer, streamed as a download. */
export const GET = withApi(
  ({ actor, query }) => {
    const { body, filename, contentType } = exportCustomers(actor, query);
    return new Response(body, {
      headers: {
        "Content-Type": contentType,
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  },
  { query: exportCustomersQuery, roles: ["ADMIN"] },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
