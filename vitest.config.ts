import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Test files that are about SQLite itself and have no PostgreSQL counterpart: the postgres
 * project skips them (docs/testing.md#postgresql).
 */
const SQLITE_ONLY = [
  // Two processes sharing one SQLite file (busy_timeout, BEGIN IMMEDIATE): tests/fixtures/sqlite-writer.ts.
  "tests/unit/two-processes.test.ts",
];

const DATA_DIR = path.join(os.tmpdir(), `caseline-test-${process.pid}`);

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
    // Room for a loaded 2-core machine: no test is about speed (that is npm run bench), so a
    // timeout only catches a hang. A test that times out cannot touch the next one's database
    // (tests/setup.ts).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // next-auth imports "next/server" without an extension; let vite resolve it (Auth.js handler tests).
    server: { deps: { inline: ["next-auth", "@auth/core"] } },
    env: {
      NODE_ENV: "test",
      DATABASE_URL: ":memory:",
      AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
      PASSWORD_HASH_COST: "10",
      ADMIN_PASSWORD: "",
      DATA_DIR,
    },
    // The whole suite runs once per engine: `npx vitest run --project sqlite` (or postgres) runs one.
    projects: [
      // Each project keeps its files (attachments, the generated secret) in a folder of its own:
      // the two run at once, and a test that checks its folder is clean must not see the other's.
      {
        extends: true,
        test: { name: "sqlite", env: { DATA_DIR: `${DATA_DIR}-sqlite` } },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          exclude: SQLITE_ONLY,
          // Starts a throwaway PostgreSQL server and migrates the template every test clones.
          globalSetup: ["tests/postgres/global-setup.ts"],
          env: {
            // db/engine-kind.ts fixes the engine from DATABASE_URL when it is first imported, so
            // the worker must carry a postgres:// URL from its start; tests/setup.ts replaces it
            // with each test's own database.
            DATABASE_URL: "postgres://postgres@127.0.0.1/caseline_pending",
            DATA_DIR: `${DATA_DIR}-postgres`,
          },
        },
      },
    ],
  },
});
