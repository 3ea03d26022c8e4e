import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as live from "@/app/api/v1/health/live/route";
import * as ready from "@/app/api/v1/health/ready/route";
import * as metricsRoute from "@/app/metrics/route";
import * as streamRoute from "@/app/api/v1/stream/route";
import {
  closeDatabase,
  engineOfDb,
  getDb,
  openDatabase,
  run,
  setDbForTesting,
  writeTransaction,
} from "@/db/client";
import { notifications } from "@/db/schema";
import { resetEnvForTesting } from "@/lib/env";
import { withApi } from "@/lib/http/with-api";
import { routePatterns, UNMATCHED } from "@/lib/http/route-pattern.mjs";
import { captureLogsForTesting, logger } from "@/lib/log.mjs";
import { observeRequest } from "@/lib/metrics.mjs";
import { liveHub } from "@/lib/live/hub";
import { beginShutdown, resetShutdownForTesting, runShutdownPhase } from "@/lib/shutdown.mjs";
import { call } from "../helpers";
import { person } from "../ticket-kit";
import { currentTestDatabaseUrl, TEST_ENGINE } from "../test-database";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const noParams = { params: Promise.resolve({}) };

function useEnv(vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvForTesting();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTesting();
  resetShutdownForTesting();
});

/** A route served by withApi that logs a line while serving (the way any route or use-case does). */
const loggingRoute = withApi(
  () => {
    logger.info({ ticket: 7 }, "inside the handler");
    return Response.json({ ok: true });
  },
  { auth: false },
);

function request(headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/v1/x", {
    headers: { "x-caseline-socket-address": "127.0.0.1", ...headers },
  });
}

describe("request ids", () => {
  it("generates an id and sends it back; a client's own X-Request-Id is ignored without TRUST_PROXY", async () => {
    const res = await loggingRoute(request({ "x-request-id": "from-the-client" }), noParams);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(UUID);
    const other = await loggingRoute(request(), noParams);
    expect(other.headers.get("x-request-id")).toMatch(UUID);
    expect(other.headers.get("x-request-id")).not.toBe(id);
  });

  it("honours a well-formed X-Request-Id from a trusted proxy, and replaces a malformed one", async () => {
    useEnv({ TRUST_PROXY: "true" });
    const res = await loggingRoute(request({ "x-request-id": "edge-4f2a.17" }), noParams);
    expect(res.headers.get("x-request-id")).toBe("edge-4f2a.17");
    const bad = await loggingRoute(request({ "x-request-id": 'a b"<script>' }), noParams);
    expect(bad.headers.get("x-request-id")).toMatch(UUID);
  });

  it("puts the request's id on every log line written while serving it", async () => {
    const capture = captureLogsForTesting();
    try {
      const res = await loggingRoute(request(), noParams);
      const line = capture.lines.find((l) => l.msg === "inside the handler");
      expect(line).toMatchObject({
        level: "info",
        name: "caseline",
        ticket: 7,
        requestId: res.headers.get("x-request-id"),
      });
      // Outside any request: no id.
      logger.info("between requests");
      expect(capture.lines.find((l) => l.msg === "between requests")).not.toHaveProperty(
        "requestId",
      );
    } finally {
      capture.stop();
    }
  });
});

describe("log lines", () => {
  it("are JSON and never carry a password, token, authorization header or cookie", () => {
    const lines: string[] = [];
    const capture = captureLogsForTesting();
    try {
      logger.warn(
        {
          password: "Sup3r-secret-pw",
          token: "cl_secret_token_value",
          user: { password: "Sup3r-secret-pw", token: "cl_secret_token_value" },
          headers: { authorization: "Bearer cl_secret_token_value", cookie: "session=s3cr3t" },
          cookie: "session=s3cr3t",
        },
        "something the operator should see",
      );
      for (const l of capture.lines) lines.push(JSON.stringify(l));
    } finally {
      capture.stop();
    }
    const line = lines.find((l) => l.includes("something the operator should see"));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ level: "warn", time: expect.any(String) });
    for (const secret of ["Sup3r-secret-pw", "cl_secret_token_value", "s3cr3t"])
      expect(line).not.toContain(secret);
  });
});

async function readyAnswer() {
  const res = await call(ready.GET, "GET", "/api/v1/health/ready");
  return res as { status: number; json: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe("GET /api/v1/health/live and /ready", () => {
  it("live: 200 while running, 503 once shutting down", async () => {
    const ok = await call(live.GET, "GET", "/api/v1/health/live");
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: "ok" });
    beginShutdown();
    const stopping = await call(live.GET, "GET", "/api/v1/health/live");
    expect(stopping.status).toBe(503);
    expect(stopping.json).toMatchObject({ status: "error", shutdown: "shutting down" });
  });

  it("ready: 200 with every check named, the outbox backlog and the oldest message's age", async () => {
    const empty = await readyAnswer();
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({
      status: "ok",
      checks: { database: "ok", migrations: "ok", shutdown: "ok" },
      outbox: { pending: 0, oldestPendingSeconds: null },
    });
    // This test process runs no outbox worker: said, but not a failure.
    expect(empty.json.checks.outboxWorker).toMatch(/not run/);

    const hourAgo = new Date(Date.now() - 3600_000);
    await writeTransaction(async () => {
      for (const createdAt of [hourAgo, new Date()])
        await getDb()
          .insert(notifications)
          .values({
            requestId: `r-${createdAt.getTime()}`,
            template: "custom",
            subject: "Hello",
            recipientEmails: JSON.stringify(["a@example.test"]),
            requester: "system",
            createdAt,
            updatedAt: createdAt,
          });
    });
    const backlog = await readyAnswer();
    expect(backlog.status).toBe(200);
    expect(backlog.json.outbox.pending).toBe(2);
    expect(backlog.json.outbox.oldestPendingSeconds).toBeGreaterThanOrEqual(3600);
  });

  it("ready: 503 naming the database when it can't be reached", async () => {
    const own = getDb();
    const other = await openDatabase(
      TEST_ENGINE === "sqlite" ? ":memory:" : currentTestDatabaseUrl(),
    );
    await closeDatabase(other);
    setDbForTesting(other);
    try {
      const res = await readyAnswer();
      expect(res.status).toBe(503);
      expect(res.json.status).toBe("error");
      expect(res.json.checks.database).toMatch(/^unreachable/);
      expect(res.json.checks.shutdown).toBe("ok");
    } finally {
      setDbForTesting(own);
    }
  });

  it("ready: 503 naming the migrations when one is not applied", async () => {
    const table =
      engineOfDb() === "sqlite" ? `"__drizzle_migrations"` : `"drizzle"."__drizzle_migrations"`;
    await writeTransaction(() =>
      run(
        sql.raw(`delete from ${table} where created_at = (select max(created_at) from ${table})`),
      ),
    );
    const res = await readyAnswer();
    expect(res.status).toBe(503);
    expect(res.json.checks).toMatchObject({
      database: "ok",
      migrations: "1 migration(s) not applied",
    });
  });

  it("ready: 503 naming the shutdown once it has begun", async () => {
    beginShutdown();
    const res = await readyAnswer();
    expect(res.status).toBe(503);
    expect(res.json.checks).toMatchObject({ database: "ok", shutdown: "shutting down" });
  });
});

async function scrape(headers: Record<string, string>) {
  const res = await metricsRoute.GET(
    new Request("http://localhost/metrics", { headers: { ...headers } }),
  );
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

describe("GET /metrics", () => {
  it("has the request latency by route pattern, the outbox, live listeners, retries and process series", async () => {
    // server.mjs records each answered request this way, with the route's pattern.
    observeRequest({
      method: "GET",
      route: "/api/v1/tickets/[ticketNumber]",
      status: 200,
      seconds: 0.02,
    });
    observeRequest({
      method: "GET",
      route: "/api/v1/tickets/[ticketNumber]",
      status: 404,
      seconds: 0.01,
    });
    const res = await scrape({ "x-caseline-socket-address": "127.0.0.1" });
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(
      /caseline_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/tickets\/\[ticketNumber\]",status_class="2xx"\} [1-9]/,
    );
    expect(res.text).toContain('status_class="4xx"');
    for (const series of [
      "caseline_outbox_pending 0",
      "caseline_outbox_failed 0",
      "caseline_outbox_oldest_pending_age_seconds 0",
      "caseline_outbox_send_failures_total",
      "caseline_live_listeners 0",
      "caseline_db_transaction_retries_total",
      "process_cpu_user_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ])
      expect(res.text).toContain(series);
  });

  it("without METRICS_TOKEN: loopback clients only, and never through a proxy", async () => {
    expect((await scrape({ "x-caseline-socket-address": "::1" })).status).toBe(200);
    expect((await scrape({ "x-caseline-socket-address": "10.1.2.3" })).status).toBe(403);
    const proxied = await scrape({
      "x-caseline-socket-address": "127.0.0.1",
      "x-forwarded-for": "203.0.113.9",
    });
    expect(proxied.status).toBe(403);
    expect(proxied.text).not.toContain("caseline_outbox_pending");
    expect(
      (await scrape({ "x-caseline-socket-address": "127.0.0.1", forwarded: "for=203.0.113.9" }))
        .status,
    ).toBe(403);
    // Through server.mjs, its own mark decides (Next adds X-Forwarded-For to every request).
    expect(
      (
        await scrape({
          "x-caseline-socket-address": "127.0.0.1",
          "x-caseline-proxied": "0",
          "x-forwarded-for": "127.0.0.1",
        })
      ).status,
    ).toBe(200);
    expect(
      (await scrape({ "x-caseline-socket-address": "127.0.0.1", "x-caseline-proxied": "1" }))
        .status,
    ).toBe(403);
  });

  it("with METRICS_TOKEN: exactly that bearer token, from anywhere", async () => {
    const token = "metrics-token-0123456789";
    useEnv({ METRICS_TOKEN: token });
    const from = { "x-caseline-socket-address": "10.1.2.3", "x-forwarded-for": "203.0.113.9" };
    expect((await scrape(from)).status).toBe(401);
    expect((await scrape({ ...from, authorization: "Bearer wrong-token-0123456789" })).status).toBe(
      401,
    );
    // Loopback without the token is not enough once a token is set.
    expect((await scrape({ "x-caseline-socket-address": "127.0.0.1" })).status).toBe(401);
    const ok = await scrape({ ...from, authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("caseline_outbox_pending");
  });
});

describe("route patterns (the latency label and the access log's route)", () => {
  it("replace ids by the route's pattern and never give the raw address", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "caseline-routes-"));
    try {
      writeFileSync(
        path.join(dir, "routes-manifest.json"),
        JSON.stringify({
          staticRoutes: [{ page: "/api/v1/health", regex: "^/api/v1/health(?:/)?$" }],
          dynamicRoutes: [
            { page: "/api/v1/tickets/[ticketNumber]", regex: "^/api/v1/tickets/([^/]+?)(?:/)?$" },
            { page: "/api/v1/[...path]", regex: "^/api/v1/(.+?)(?:/)?$" },
          ],
        }),
      );
      const routeOf = routePatterns(dir);
      expect(routeOf("/api/v1/tickets/1234")).toBe("/api/v1/tickets/[ticketNumber]");
      expect(routeOf("/crm/api/v1/tickets/99")).toBe("/api/v1/tickets/[ticketNumber]");
      expect(routeOf("/api/v1/health")).toBe("/api/v1/health");
      expect(routeOf("/api/v1/no/such/thing")).toBe("/api/v1/[...path]");
      expect(routeOf("/_next/static/chunks/abc123.js")).toBe("/_next/static");
      expect(routeOf("/elsewhere/secret-token-in-path")).toBe(UNMATCHED);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("shutdown and live streams", () => {
  it("ends open streams cleanly when shutdown begins, and refuses new ones with 503", async () => {
    const engineer = await person("ENGINEER");
    const controller = new AbortController();
    const open = () =>
      streamRoute.GET(
        new Request("http://localhost/api/v1/stream", {
          headers: {
            "x-caseline-socket-address": "127.0.0.1",
            authorization: `Bearer ${engineer.token}`,
          },
          signal: controller.signal,
        }),
        noParams,
      );
    try {
      const res = await open();
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      while (!text.includes("event: ready")) {
        const chunk = await reader.read();
        expect(chunk.done).toBe(false);
        text += decoder.decode(chunk.value);
      }
      expect(liveHub().size).toBeGreaterThan(0);

      beginShutdown();
      await runShutdownPhase("streams");
      // The stream ends (done), not errors: the browser's EventSource reconnects elsewhere.
      let chunk = await reader.read();
      while (!chunk.done) chunk = await reader.read();

      const refused = await open();
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("2");
      await refused.body?.cancel();
    } finally {
      controller.abort();
    }
  });
});
