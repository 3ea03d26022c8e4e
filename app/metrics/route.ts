import { metricsAccessProblem, metricsText } from "@/lib/http/metrics-endpoint";
import { errorResponse } from "@/lib/http/errors";
import { otherMethods } from "@/lib/http/route-methods";
import { METRICS_CONTENT_TYPE } from "@/lib/metrics.mjs";

export const dynamic = "force-dynamic";

/**
 * GET /metrics: Prometheus metrics of this process (docs/operations.md#metrics). With
 * METRICS_TOKEN set, only `Authorization: Bearer <METRICS_TOKEN>`; without it, only a client on
 * this machine that no proxy forwarded.
 */
export async function GET(req: Request) {
  const problem = metricsAccessProblem(req.headers);
  if (problem) return errorResponse(problem);
  try {
    return new Response(await metricsText(), {
      headers: { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
