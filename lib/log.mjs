// Caseline's one logger (docs/operations.md#logs): JSON lines on stdout through pino, each line
// written while a request is served carrying that request's id. Plain JavaScript, because
// server.mjs runs without a build step and shares it with the app (Next bundles its own copy of
// this module: the logger and the request context live on globalThis, so both copies use one).
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino from "pino";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/**
 * @typedef {{ id: string, userId?: string }} RequestContext
 * What is known of the request being served: its id, and the signed-in user once withApi knows
 * them (the access log line shows it).
 */

/** @type {{ __caselineRequestContext?: AsyncLocalStorage<RequestContext>, __caselineLogger?: import("pino").Logger }} */
const holder = /** @type {never} */ (globalThis);

/** The request being served, for every log line written while serving it. */
export const requestContext = (holder.__caselineRequestContext ??= new AsyncLocalStorage());

/**
 * LOG_LEVEL as given, or info. A bad value is reported by lib/env.ts at start (the process then
 * exits naming it); until then this logger must not throw.
 */
function levelFromEnv() {
  const level = (process.env.LOG_LEVEL ?? "").trim().toLowerCase();
  return LOG_LEVELS.includes(level) ? level : "info";
}

/**
 * Where lines go: stdout, unless a test listens (captureLogsForTesting).
 * @type {{ __caselineLogSink?: { target: { write(line: string): unknown } | undefined } }}
 */
const sinkHolder = /** @type {never} */ (globalThis);
const sink = (sinkHolder.__caselineLogSink ??= { target: undefined });

/** @returns {import("pino").Logger} */
function createLogger() {
  const stdout = pino.destination({ dest: 1, sync: false });
  const destination = {
    /** @param {string} line */
    write: (line) => (sink.target ?? stdout).write(line),
    flush: () => stdout.flush(),
  };
  return pino(
    {
      name: "caseline",
      level: levelFromEnv(),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Whatever a caller passes as fields, these never reach the log.
      redact: {
        paths: [
          "password",
          "token",
          "authorization",
          "cookie",
          "*.password",
          "*.token",
          "*.authorization",
          "*.cookie",
          "headers.authorization",
          "headers.cookie",
        ],
        censor: "[redacted]",
      },
      mixin() {
        const store = requestContext.getStore();
        return store ? { requestId: store.id } : {};
      },
    },
    destination,
  );
}

export const logger = (holder.__caselineLogger ??= createLogger());

/**
 * A `(line) => void` for code that takes a line writer (the worker, the log transport, the admin
 * bootstrap): the line becomes the message, without the old `[caseline] ` prefix (every line
 * carries `"name":"caseline"`).
 * @param {"error" | "warn" | "info" | "debug"} level
 * @returns {(line: string) => void}
 */
export function logLines(level) {
  return (line) => logger[level](String(line).replace(/^\[caseline\] /, ""));
}

/** An incoming X-Request-Id is used only when it looks like one: no spaces, quotes or controls. */
export const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,127}$/;

/**
 * The id of a request: the one a trusted proxy sent (only with TRUST_PROXY, and only when well
 * formed), otherwise a fresh UUID.
 * @param {string | string[] | null | undefined} incoming
 * @param {boolean} trustProxy
 */
export function requestIdFor(incoming, trustProxy) {
  const given = Array.isArray(incoming) ? incoming[0] : incoming;
  if (trustProxy && typeof given === "string" && REQUEST_ID.test(given.trim())) return given.trim();
  return randomUUID();
}

/** TRUST_PROXY as lib/env.ts reads it, for server.mjs (which runs before the app's settings load). */
export function trustProxyFromEnv() {
  return ["true", "1", "yes"].includes((process.env.TRUST_PROXY ?? "").trim());
}

/**
 * Tests only: the parsed lines logged from now on, until `stop()`.
 * @returns {{ lines: Record<string, unknown>[], stop(): void }}
 */
export function captureLogsForTesting() {
  /** @type {Record<string, unknown>[]} */
  const lines = [];
  const target = { write: (/** @type {string} */ line) => lines.push(JSON.parse(line)) };
  sink.target = target;
  return {
    lines,
    stop() {
      if (sink.target === target) sink.target = undefined;
    },
  };
}
