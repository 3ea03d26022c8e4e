// Caseline's HTTP server: Next.js behind a plain node:http server, so the client's address comes
// from the socket (docs/api.md#client-addresses). Any copy of the address header a client sends is dropped first; the
// app reads X-Forwarded-For only when TRUST_PROXY is set (lib/http/client-address.ts).
// Here, too: each request's id and access log line, its latency metric, and graceful shutdown
// (docs/operations.md#logs, #metrics, #shutdown).
import { createServer } from "node:http";
import next from "next";
import {
  answerClientError,
  frontDoor,
  refuseConnect,
  refuseUpgrade,
} from "./lib/http/front-door.mjs";
import { routePatterns } from "./lib/http/route-pattern.mjs";
import { logLines, logger, requestContext, requestIdFor, trustProxyFromEnv } from "./lib/log.mjs";
import { observeRequest } from "./lib/metrics.mjs";
import { beginShutdown, isShuttingDown, runShutdownPhase } from "./lib/shutdown.mjs";
import { closeWhenAnsweredEarly } from "./lib/http/early-answer.mjs";

const SOCKET_ADDRESS_HEADER = "x-caseline-socket-address";
const PROXIED_HEADER = "x-caseline-proxied";
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || "127.0.0.1";
const dev = process.argv.includes("--dev");
const trustProxy = trustProxyFromEnv();
/** How long in-flight requests get to finish after SIGTERM (lib/env.ts validates it at start). */
const shutdownTimeoutMs = (Number(process.env.SHUTDOWN_TIMEOUT_SECONDS) || 25) * 1000;

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
const routeOf = routePatterns();
const warn = logLines("warn");

// The port is bound before Next prepares, because preparing runs instrumentation (migrations, the
// first admin, the outbox worker): a server that can't listen must stop before any of that starts.
// Requests that arrive meanwhile wait for Next to be ready.
let markReady = () => {};
const ready = new Promise((resolve) => (markReady = resolve));

const server = createServer((req, res) => {
  const started = process.hrtime.bigint();
  req.headers[SOCKET_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
  // Whether a proxy forwarded the request, as the client sent it: Next adds X-Forwarded-For to
  // every request it hands a route, so the app can't tell from that header (GET /metrics asks).
  req.headers[PROXIED_HEADER] =
    req.headers["x-forwarded-for"] !== undefined || req.headers.forwarded !== undefined ? "1" : "0";
  // The id a trusted proxy gave the request, or a new one; the app sees only the chosen one.
  const store = { id: requestIdFor(req.headers["x-request-id"], trustProxy) };
  req.headers["x-request-id"] = store.id;
  res.setHeader("X-Request-Id", store.id);
  // While shutting down, each answer closes its connection: nothing new arrives on it.
  if (isShuttingDown()) res.setHeader("Connection", "close");
  closeWhenAnsweredEarly(req, res);
  res.once("close", () => accessLog(req, res, store, started));
  // Every log line written while serving the request (here, in routes, in the domain) carries its id.
  requestContext.run(store, () => {
    if (frontDoor(req, res, warn)) return;
    void ready.then(() => handle(req, res));
  });
});
// Idle keep-alive connections stay open longer than clients and load balancers keep theirs (60 s
// is common), so a client never sends a request on a socket the server is just closing (ECONNRESET).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.on("clientError", answerClientError);
server.on("connect", refuseConnect);
// In development Next adds its own upgrade handler (hot reload); in production no route switches
// protocols, and without a listener Node would drop the connection unanswered.
if (!dev) server.on("upgrade", refuseUpgrade);

/**
 * One line per request: method, route pattern (never the address, which may carry a token),
 * status, duration, request id, and the signed-in user when an API route knew them.
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {{ id: string, userId?: string }} store
 * @param {bigint} started
 */
function accessLog(req, res, store, started) {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const route = routeOf(query === -1 ? url : url.slice(0, query));
  const method = req.method ?? "GET";
  const status = res.statusCode;
  observeRequest({ method, route, status, seconds });
  logger.info(
    {
      requestId: store.id,
      method,
      route,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
      ...(store.userId ? { userId: store.userId } : {}),
      // The client left before the answer was complete (a closed live stream, a cancelled download).
      ...(res.writableFinished ? {} : { aborted: true }),
    },
    "request",
  );
}

try {
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve(undefined);
    });
  });
} catch (error) {
  const reason =
    error?.code === "EADDRINUSE" ? "the port is already in use" : String(error?.message ?? error);
  logger.fatal({ host: hostname, port }, `cannot listen on ${hostname}:${port}: ${reason}`);
  process.exit(1);
}
server.on("error", (error) => {
  logger.fatal({ err: error }, `server error: ${error?.message ?? error}`);
  process.exit(1);
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting at once");
      process.exit(1);
    }
    stopping = true;
    shutdown(signal).then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}

/**
 * SIGTERM/SIGINT: stop accepting connections, readiness turns 503, live streams end (their clients
 * reconnect, to another instance behind a balancer), requests in flight finish (up to
 * SHUTDOWN_TIMEOUT_SECONDS), then the outbox worker finishes its message and stops and the
 * database closes. A second signal exits at once.
 * @param {string} signal
 */
async function shutdown(signal) {
  logger.info({ signal, timeoutSeconds: shutdownTimeoutMs / 1000 }, "shutting down");
  beginShutdown();
  const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
  // Keep-alive connections without a request in flight close now, and as soon as others go idle.
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  await runShutdownPhase("streams");
  let timer;
  const finished = await Promise.race([
    closed.then(() => true),
    new Promise((resolve) => (timer = setTimeout(() => resolve(false), shutdownTimeoutMs))),
  ]);
  clearTimeout(timer);
  clearInterval(idle);
  if (!finished) {
    logger.warn("requests still in flight at the shutdown timeout: closing their connections");
    server.closeAllConnections();
  }
  await runShutdownPhase("worker");
  await runShutdownPhase("database");
  logger.info("stopped");
}

await app.prepare();
markReady();
logger.info(
  { host: hostname, port, mode: dev ? "development" : "production" },
  `ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (${dev ? "development" : "production"})`,
);
