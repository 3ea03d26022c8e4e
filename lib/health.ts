import { sql } from "drizzle-orm";
import { run } from "@/db/client";

/** GET /health: the app answers and the database reads. */
export async function databaseHealth() {
  try {
    await run(sql`select 1`);
    return { status: "ok" as const, database: "ok" as const, time: new Date().toISOString() };
  } catch (error) {
    return { status: "error" as const, database: String(error), time: new Date().toISOString() };
  }
}
