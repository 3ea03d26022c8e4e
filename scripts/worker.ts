/**
 * npm run worker: the outbox worker on its own (docs/operations.md#running-the-worker-alone), for when the web server runs with
 * OUTBOX_WORKER=false, or beside it (claims are atomic, so two workers never send one message).
 */
import { getDb } from "@/db/client";
import { env, EnvError } from "@/lib/env";
import { OutboxWorker } from "@/lib/notifications/worker";

try {
  env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`[caseline] ${error.message}`);
    process.exit(1);
  }
  throw error;
}
getDb();
const worker = new OutboxWorker();
worker.start();
console.info(`[caseline] outbox worker running (${worker.transportName} transport)`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void worker.stop().then(() => process.exit(0));
  });
}
