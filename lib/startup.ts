import {
  closeDatabase,
  connectDatabase,
  DatabaseUnavailableError,
  describeDatabaseUrl,
  getDb,
} from "@/db/client";
import { env, EnvError } from "@/lib/env";
import { logger } from "@/lib/log.mjs";
import { onShutdown } from "@/lib/shutdown.mjs";
import { OutboxWorker } from "@/lib/notifications/worker";
import { startInbound, stopInbound } from "@/lib/email/inbound";
import { bootstrapAdmin } from "@/lib/users/bootstrap-admin";

const holder = globalThis as unknown as { __caselineWorker?: OutboxWorker };

/** One worker per process, sending what the outbox holds (docs/notifications.md#the-worker). */
export function startOutboxWorker() {
  if (holder.__caselineWorker) return holder.__caselineWorker;
  const worker = new OutboxWorker();
  holder.__caselineWorker = worker;
  worker.start();
  logger.info(
    { transport: worker.transportName },
    `outbox worker started (${worker.transportName} transport)`,
  );
  // On shutdown (server.mjs), after the requests in flight: the message being sent is finished.
  onShutdown("worker", () => worker.stop());
  return worker;
}

/** The worker this process runs (OUTBOX_WORKER), if any: readiness asks it how it is doing. */
export function outboxWorkerOfThisProcess(): OutboxWorker | undefined {
  return holder.__caselineWorker;
}

/**
 * Validates the configuration and opens the database, applying pending migrations
 * (docs/operations.md#running-in-production). A bad setting, or a database that can't be reached,
 * has a malformed URL or fails to migrate, stops the process with exit code 1 and a message naming
 * the problem (for the database, one line: `cannot open PostgreSQL host:port/db: <reason>`).
 * The web server and `npm run worker` both start through here.
 */
export async function configureOrExit(): Promise<void> {
  try {
    env();
    await connectDatabase();
  } catch (error) {
    if (error instanceof EnvError) {
      logger.fatal(error.message);
      process.exit(1);
    }
    if (error instanceof DatabaseUnavailableError) {
      const where = describeDatabaseUrl(env().DATABASE_URL);
      logger.fatal(`cannot open ${where}: ${innermostReason(error)}`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * What actually went wrong, on one line: the driver's own words (connection refused, no such
 * database, a failed migration's error) sit under the query wrappers in the cause chain.
 */
function innermostReason(error: Error): string {
  let reason = error.message;
  for (let e: unknown = error.cause; e instanceof Error; e = e.cause) {
    // Node reports a host with several addresses as an AggregateError without a message of its own.
    const own =
      e.message || (e instanceof AggregateError ? String(e.errors[0]?.message ?? "") : "");
    const code = (e as { code?: unknown }).code;
    if (own) reason = own;
    else if (typeof code === "string") reason = code;
  }
  return reason.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** Server start (docs/operations.md#running-in-production): a bad setting stops the process with a message naming it. */
export async function startup() {
  await configureOrExit();
  // Last on shutdown: after the requests in flight and the worker, nothing uses it any more.
  onShutdown("database", () => closeDatabase(getDb()));
  await bootstrapAdmin();
  if (env().OUTBOX_WORKER) startOutboxWorker();
  await startInboundOrExit();
}

/**
 * The ways mail comes in (docs/email.md#where-it-runs): the SMTP receiver when INBOUND_SMTP_PORT
 * is set, and the IMAP readers when INBOUND_WORKER is on. A port that can't be bound stops the
 * process with one line naming it.
 */
export async function startInboundOrExit() {
  const e = env();
  if (!e.INBOUND_WORKER && !e.INBOUND_SMTP_PORT) return;
  try {
    await startInbound({ readers: e.INBOUND_WORKER });
  } catch (error) {
    logger.fatal(
      `cannot start the inbound SMTP receiver on ${e.INBOUND_SMTP_HOST}:${e.INBOUND_SMTP_PORT}: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
  // With the outbox worker: after the requests in flight, before the database closes.
  onShutdown("worker", () => stopInbound());
}
