import { databaseHealth } from "@/lib/health";
import { withApi } from "@/lib/http/with-api";

export const GET = withApi(
  () => {
    const health = databaseHealth();
    return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
  },
  { auth: false },
);
