/**
 * npm run worker: the outbox worker on its own (docs/operations.md#running-the-worker-alone), for when the web server runs with
 * OUTBOX_WORKER=false, or beside it (claims are atomic, so two workers never send one message).
 */
import { closeDatabase, getDb } from "@/db/client";
import { OutboxWorker } from "@/lib/notifications/worker";
import { configureOrExit } from "@/lib/startup";
import { startInbound, stopInbound } from "@/lib/email/inbound";
import { env } from "@/lib/env";
import { logger } from "@/lib/log.mjs";

// Exits 1 with one line naming the problem when the settings or the database are not usable.
await configureOrExit();
const worker = new OutboxWorker();
worker.start();
logger.info(
  { transport: worker.transportName },
  `outbox worker running (${worker.transportName} transport)`,
);

// The ways mail comes in run here too (docs/email.md#where-it-runs).
if (env().INBOUND_WORKER || env().INBOUND_SMTP_PORT)
  await startInbound({ readers: env().INBOUND_WORKER });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // After the round in flight: its outcomes are written before the connection closes.
    void Promise.all([worker.stop(), stopInbound()])
      .then(() => closeDatabase(getDb()))
      .finally(() => process.exit(0));
  });
}
