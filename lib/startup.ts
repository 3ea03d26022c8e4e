import { getDb } from "@/db/client";
import { env, EnvError } from "@/lib/env";
import { OutboxWorker } from "@/lib/notifications/worker";
import { bootstrapAdmin } from "@/lib/users/bootstrap-admin";

const holder = globalThis as unknown as { __caselineWorker?: OutboxWorker };

/** One worker per process, sending what the outbox holds (docs/notifications.md#the-worker). */
export function startOutboxWorker() {
  if (holder.__caselineWorker) return holder.__caselineWorker;
  const worker = new OutboxWorker();
  holder.__caselineWorker = worker;
  worker.start();
  console.info(`[caseline] outbox worker started (${worker.transportName} transport)`);
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => void worker.stop());
  return worker;
}

/** Server start (docs/operations.md#running-in-production): a bad setting stops the process with a message naming it. */
export async function startup() {
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`[caseline] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  getDb(); // opens the database and applies pending migrations
  await bootstrapAdmin();
  if (env().OUTBOX_WORKER) startOutboxWorker();
}
