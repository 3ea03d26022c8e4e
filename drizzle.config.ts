import { defineConfig } from "drizzle-kit";

/** SQLite migrations: `npm run db:generate` after editing db/sqlite/schema.ts. */
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/sqlite/schema.ts",
  out: "./db/sqlite/migrations",
  dbCredentials: { url: process.env.DATABASE_URL ?? "./data/caseline.db" },
});
