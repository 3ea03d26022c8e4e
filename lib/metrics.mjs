// Prometheus metrics (docs/operations.md#metrics), shared by server.mjs (request latency, recorded
// as each response finishes) and the app (outbox, live listeners, retries, read at scrape time by
// app/metrics/route.ts). Plain JavaScript like lib/log.mjs, and on globalThis for the same reason:
// Next bundles its own copy of this module, and both must count into one registry.
import client from "prom-client";

/**
 * @typedef {{
 *   registry: import("prom-client").Registry,
 *   httpDuration: import("prom-client").Histogram<"method" | "route" | "status_class">,
 *   outboxPending: import("prom-client").Gauge,
 *   outboxFailed: import("prom-client").Gauge,
 *   outboxOldestPendingSeconds: import("prom-client").Gauge,
 *   outboxSendFailures: import("prom-client").Counter,
 *   liveListeners: import("prom-client").Gauge,
 *   transactionRetries: import("prom-client").Counter,
 * }} Metrics
 */

/** @type {{ __caselineMetrics?: Metrics }} */
const holder = /** @type {never} */ (globalThis);

/** @returns {Metrics} */
function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new client.Histogram({
      name: "caseline_http_request_duration_seconds",
      help: "Time to answer a request, by route pattern (ids replaced) and status class",
      labelNames: ["method", "route", "status_class"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    outboxPending: new client.Gauge({
      name: "caseline_outbox_pending",
      help: "Emails waiting in the outbox (PENDING)",
      registers,
    }),
    outboxFailed: new client.Gauge({
      name: "caseline_outbox_failed",
      help: "Emails the outbox gave up on (FAILED)",
      registers,
    }),
    outboxOldestPendingSeconds: new client.Gauge({
      name: "caseline_outbox_oldest_pending_age_seconds",
      help: "Age of the oldest PENDING email (0 when none)",
      registers,
    }),
    outboxSendFailures: new client.Counter({
      name: "caseline_outbox_send_failures_total",
      help: "Send attempts of this process that failed (each is retried or ends FAILED)",
      registers,
    }),
    liveListeners: new client.Gauge({
      name: "caseline_live_listeners",
      help: "Open live-update streams on this process",
      registers,
    }),
    // The count lives in db/client.ts (which imports nothing of lib/ but env and the logger) and
    // is copied in at scrape time (app/metrics/route.ts).
    transactionRetries: new client.Counter({
      name: "caseline_db_transaction_retries_total",
      help: "PostgreSQL write transactions run again after a serialization failure or deadlock",
      registers,
    }),
  };
}

export const metrics = (holder.__caselineMetrics ??= createMetrics());

/** The text format Prometheus scrapes. */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** @param {number} status */
export const statusClass = (status) => `${Math.floor(status / 100)}xx`;

/**
 * Records one answered request.
 * @param {{ method: string, route: string, status: number, seconds: number }} r
 */
export function observeRequest({ method, route, status, seconds }) {
  metrics.httpDuration.observe({ method, route, status_class: statusClass(status) }, seconds);
}
