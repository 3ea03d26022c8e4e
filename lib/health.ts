import { getDb } from "@/db/client";

/** GET /health: the app answers and the database reads. */
export function databaseHealth() {
  try {
    getDb().$client.prepare("select 1").get();
    return { status: "ok" as const, database: "ok" as const, time: new Date().toISOString() };
  } catch (error) {
    return { status: "error" as const, database: String(error), time: new Date().toISOString() };
  }
}
