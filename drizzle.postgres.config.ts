import { defineConfig } from "drizzle-kit";

/** PostgreSQL migrations: `npm run db:generate` after editing db/postgres/schema.ts. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/postgres/schema.ts",
  out: "./db/postgres/migrations",
});
