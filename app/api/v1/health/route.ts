import { databaseHealth } from "@/lib/health";
import { withApi } from "@/lib/http/with-api";
import { otherMethods } from "@/lib/http/route-methods";

export const GET = withApi(
  async () => {
    const health = await databaseHealth();
    return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
  },
  { auth: false },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
