import { liveness } from "@/lib/health";
import { withApi } from "@/lib/http/with-api";
import { otherMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

/** GET /api/v1/health/live: 200 while the process runs and is not shutting down (docs/operations.md#health-checks). */
export const GET = withApi(
  () => {
    const live = liveness();
    return Response.json(live, { status: live.status === "ok" ? 200 : 503 });
  },
  { auth: false },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
