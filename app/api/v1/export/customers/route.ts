import { exportCustomers } from "@/lib/crm/export-customers";
import { pagedDownload } from "@/lib/http/paged-download";
import { withApi } from "@/lib/http/with-api";
import { exportCustomersQuery } from "@/lib/validation/import";
import { otherMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

/** GET /api/v1/export/customers?format=csv|json (admins): every customer, streamed as a download. */
export const GET = withApi(({ actor, query }) => pagedDownload(exportCustomers(actor, query)), {
  query: exportCustomersQuery,
  roles: ["ADMIN"],
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
