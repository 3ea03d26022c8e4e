import { readiness } from "@/lib/health";
import { withApi } from "@/lib/http/with-api";
import { otherMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/health/ready: 200 only when this instance should get traffic: the database answers,
 * every migration is applied, its outbox worker (if it runs one) makes progress, and it is not
 * shutting down (docs/operations.md#health-checks). 503 names the failing check.
 */
export const GET = withApi(
  async () => {
    const ready = await readiness();
    return Response.json(ready, {
      status: ready.status === "ok" ? 200 : 503,
      headers: { "cache-control": "no-store" },
    });
  },
  { auth: false },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
