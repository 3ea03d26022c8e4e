import { createHash, timingSafeEqual } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { getDb, transactionRetries } from "@/db/client";
import { notifications } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError, forbidden } from "@/lib/errors";
import { outboxBacklog } from "@/lib/health";
import { liveHub } from "@/lib/live/hub";
import { metrics } from "@/lib/metrics.mjs";
import { SOCKET_ADDRESS_HEADER } from "./client-address";

/** Set by server.mjs on every request: "1" when it arrived with X-Forwarded-For or Forwarded. */
const PROXIED_HEADER = "x-caseline-proxied";

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * Who may read /metrics (docs/operations.md#metrics), or null when this caller may:
 * - METRICS_TOKEN set: exactly `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise);
 * - not set: a client on this machine (the socket's address is loopback) whose request no proxy
 *   forwarded (no X-Forwarded-For or Forwarded header: a proxy on this machine would make every
 *   client look local). Anyone else: 403.
 */
export function metricsAccessProblem(headers: Headers): AppError | null {
  const expected = env().METRICS_TOKEN;
  if (expected) {
    const given =
      headers
        .get("authorization")
        ?.match(/^Bearer\s+(.+)$/i)?.[1]
        ?.trim() ?? "";
    const a = createHash("sha256").update(given).digest();
    const b = createHash("sha256").update(expected).digest();
    if (given && timingSafeEqual(a, b)) return null;
    return new AppError(
      "UNAUTHENTICATED",
      "Send the metrics token: Authorization: Bearer <METRICS_TOKEN>",
      undefined,
      {
        "WWW-Authenticate": 'Bearer realm="metrics"',
      },
    );
  }
  const socket = headers.get(SOCKET_ADDRESS_HEADER) ?? "";
  // server.mjs says whether the client's request came through a proxy (Next itself adds
  // X-Forwarded-For before the route sees it); called without server.mjs, the headers tell.
  const marked = headers.get(PROXIED_HEADER);
  const proxied =
    marked !== null ? marked !== "0" : headers.has("x-forwarded-for") || headers.has("forwarded");
  if (LOOPBACK.test(socket) && !proxied) return null;
  return forbidden(
    "Metrics are readable only from this machine, not through a proxy; set METRICS_TOKEN to read them from elsewhere",
  );
}

/** The metrics text, with the gauges read now (outbox, live listeners, retries). */
export async function metricsText(): Promise<string> {
  const backlog = await outboxBacklog();
  const [failed] = await getDb()
    .select({ n: count() })
    .from(notifications)
    .where(eq(notifications.status, "FAILED"));
  metrics.outboxPending.set(backlog.pending);
  metrics.outboxOldestPendingSeconds.set(backlog.oldestPendingSeconds ?? 0);
  metrics.outboxFailed.set(Number(failed?.n ?? 0));
  metrics.liveListeners.set(liveHub().size);
  metrics.transactionRetries.reset();
  metrics.transactionRetries.inc(transactionRetries.transactions);
  return metrics.registry.metrics();
}
