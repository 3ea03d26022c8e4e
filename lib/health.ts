import { and, asc, eq, sql } from "drizzle-orm";
import { getDb, pendingMigrations, run } from "@/db/client";
import { notifications } from "@/db/schema";
import { isShuttingDown } from "@/lib/shutdown.mjs";
import { outboxWorkerOfThisProcess } from "@/lib/startup";

/** GET /health: the app answers and the database reads. */
export async function databaseHealth() {
  try {
    await run(sql`select 1`);
    return { status: "ok" as const, database: "ok" as const, time: new Date().toISOString() };
  } catch (error) {
    return { status: "error" as const, database: String(error), time: new Date().toISOString() };
  }
}

/** GET /health/live: the process runs and is not shutting down. */
export function liveness() {
  const shuttingDown = isShuttingDown();
  return {
    status: shuttingDown ? ("error" as const) : ("ok" as const),
    shutdown: shuttingDown ? "shutting down" : "ok",
    time: new Date().toISOString(),
  };
}

/** PENDING emails and the age of the oldest (null when none). */
export async function outboxBacklog(now = Date.now()) {
  const [counted] = await getDb()
    .select({ n: sql<number | string>`count(*)` })
    .from(notifications)
    .where(eq(notifications.status, "PENDING"));
  const [oldest] = await getDb()
    .select({ createdAt: notifications.createdAt })
    .from(notifications)
    .where(and(eq(notifications.status, "PENDING")))
    .orderBy(asc(notifications.createdAt))
    .limit(1);
  return {
    pending: Number(counted?.n ?? 0),
    oldestPendingSeconds: oldest
      ? Math.max(0, Math.round((now - oldest.createdAt.getTime()) / 1000))
      : null,
  };
}

/**
 * GET /health/ready (docs/operations.md#health-checks): whether a load balancer should send this
 * instance traffic. Every check is "ok" or says what is wrong; any that isn't makes it 503.
 */
export async function readiness(now = Date.now()) {
  const checks: Record<"database" | "migrations" | "outboxWorker" | "shutdown", string> = {
    database: "ok",
    migrations: "ok",
    outboxWorker: "ok",
    shutdown: isShuttingDown() ? "shutting down" : "ok",
  };
  let outbox: Awaited<ReturnType<typeof outboxBacklog>> | null = null;
  try {
    await run(sql`select 1`);
    const pending = await pendingMigrations();
    if (pending > 0) checks.migrations = `${pending} migration(s) not applied`;
    outbox = await outboxBacklog(now);
  } catch (error) {
    checks.database = `unreachable: ${error instanceof Error ? error.message : String(error)}`;
  }
  const worker = outboxWorkerOfThisProcess();
  if (!worker) checks.outboxWorker = "not run by this instance (OUTBOX_WORKER=false)";
  else {
    const { running, idleMs, leaseMs } = worker.health(now);
    if (!running) checks.outboxWorker = "stopped";
    // It polls every couple of seconds: silent for a whole lease, it is stuck.
    else if (idleMs > leaseMs)
      checks.outboxWorker = `stuck: no progress for ${Math.round(idleMs / 1000)} s`;
  }
  const failing = Object.entries(checks).filter(
    ([name, value]) => value !== "ok" && !(name === "outboxWorker" && value.startsWith("not run")),
  );
  return {
    status: failing.length ? ("error" as const) : ("ok" as const),
    checks,
    outbox,
    time: new Date(now).toISOString(),
  };
}
