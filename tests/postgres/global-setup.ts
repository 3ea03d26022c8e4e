/**
 * vitest globalSetup of the `postgres` project (vitest.config.ts): one throwaway PostgreSQL
 * server for the whole run and a migrated template database that every test clones
 * (tests/setup.ts, docs/testing.md#postgresql). Runs only when that project has tests to run.
 */
import os from "node:os";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { closeDatabase, openDatabase } from "@/db/client";
import {
  ADMIN_CONNECTIONS,
  DATABASES_AHEAD,
  TEMPLATE_DATABASE,
  waitUntilUnused,
} from "./databases";
import { startPostgresServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test server's template database URL; tests/setup.ts derives each test's URL from it. */
    postgresTemplateUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const workers =
    Number(project.config.maxWorkers) ||
    Number(project.vitest.config.maxWorkers) ||
    os.availableParallelism();
  const poolSize = Number(process.env.DATABASE_POOL_SIZE) || 10;
  // Per worker: the running test's pool and the previous test's (still open through the next
  // test), the databases cloned ahead (one connection each), the admin connections and a few
  // spares for tests that open a second connection.
  const perWorker = 2 * poolSize + DATABASES_AHEAD + ADMIN_CONNECTIONS + 4;
  const maxConnections = Math.max(100, workers * perWorker + 10);
  const server = await startPostgresServer({ maxConnections });
  try {
    const admin = new pg.Client({ connectionString: server.url("postgres") });
    await admin.connect();
    try {
      await admin.query(`create database ${TEMPLATE_DATABASE}`);
      const db = await openDatabase(server.url(TEMPLATE_DATABASE));
      await closeDatabase(db);
      await waitUntilUnused(admin, TEMPLATE_DATABASE);
      // A connection left on the template would make every clone fail ("source database is
      // being accessed by other users"): none allowed from here on.
      await admin.query(
        `alter database ${TEMPLATE_DATABASE} with is_template true allow_connections false`,
      );
    } finally {
      await admin.end();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide("postgresTemplateUrl", server.url(TEMPLATE_DATABASE));
  return () => server.stop();
}
