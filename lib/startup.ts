import { getDb } from "@/db/client";
import { env, EnvError } from "@/lib/env";
import { bootstrapAdmin } from "@/lib/users/bootstrap-admin";

/** Server start (SPEC §8): a bad setting stops the process with a message naming it. */
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
}
