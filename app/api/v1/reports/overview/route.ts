import { withApi } from "@/lib/http/with-api";
import { adminOverview } from "@/lib/reports/overview";
import { otherMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

/** GET /api/v1/reports/overview (admins): the numbers behind the admin's overview page. */
export const GET = withApi(({ actor }) => adminOverview(actor), { roles: ["ADMIN"] });

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
