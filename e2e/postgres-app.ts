/**
 * The browser tests' second server (playwright.config.ts, docs/testing.md#browser-tests-on-postgresql):
 * the same production build as the SQLite server, on a throwaway PostgreSQL cluster. Run by
 * Playwright as a webServer with `npx tsx e2e/postgres-app.ts`, with the app's environment
 * (PORT, DATA_DIR, ...) already set; this script adds DATABASE_URL.
 *
 * It starts the cluster (tests/postgres/server.ts: its exit handler and detached watchdog stop
 * the cluster however this process ends, even by SIGKILL, which is how Playwright ends a
 * webServer that doesn't close in time), creates the database, waits until the SQLite server
 * answers (that webServer builds; this one never does), then runs `node server.mjs` until it
 * exits, passes SIGTERM and SIGINT on to it, and stops the cluster after it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fstatSync, rmSync } from "node:fs";
import { createDatabase } from "./support/servers";
import { startPostgresServer, type PostgresServer } from "../tests/postgres/server";

const DATABASE = "caseline_e2e";
/** The SQLite server's health URL: its webServer runs `next build` before it answers. */
const BUILT_URL = process.env.E2E_BUILT_URL;
const BUILD_TIMEOUT_MS = 10 * 60_000;

const log = (line: string) => console.log(`[e2e-postgres] ${line}`);

let server: PostgresServer | undefined;
let app: ChildProcess | undefined;
/** Told to stop (a signal, or the runner gone): the app's exit is then no failure. */
let stopping = false;

async function stopCluster(code: number): Promise<never> {
  await server?.stop();
  process.exit(code);
}

function shutdown(signal: NodeJS.Signals) {
  stopping = true;
  // A signal to Playwright's process group reaches the app too; then this second one only ends it
  // sooner. The cluster stops once the app has exited (see "exit" below).
  if (app && app.exitCode === null && app.signalCode === null) app.kill(signal);
  else void stopCluster(0);
}

for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => shutdown(signal));

// Playwright gives a web server a stdin pipe, which closes however the runner ends, even by
// SIGKILL (no signal reaches us then): stop as if told to. Only a pipe: a terminal or /dev/null
// says nothing about the runner.
if (fstatSync(0).isFIFO()) {
  process.stdin.once("end", () => shutdown("SIGTERM"));
  process.stdin.resume();
}

async function waitForBuild(url: string) {
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (!stopping) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within the build timeout`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main() {
  // A fresh folder for attachments and the like, as the SQLite server gets a fresh data/e2e.
  if (process.env.DATA_DIR) rmSync(process.env.DATA_DIR, { recursive: true, force: true });
  // Two workers' pages and API contexts against one app pool (DATABASE_POOL_SIZE, 10 by default)
  // and the admin connection: 50 leaves room.
  server = await startPostgresServer({ maxConnections: 50 });
  const url = await createDatabase(server, DATABASE);
  log(`PostgreSQL ${server.host}:${server.port}, database ${DATABASE}`);

  if (BUILT_URL) await waitForBuild(BUILT_URL);
  if (stopping) return stopCluster(0);

  app = spawn(process.execPath, ["server.mjs"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "inherit",
  });
  app.once("error", (error) => {
    console.error(`[e2e-postgres] could not start the app: ${error.message}`);
    void stopCluster(1);
  });
  app.once("exit", (code, signal) => {
    if (!stopping) log(`the app exited (${signal ?? `code ${code}`})`);
    void stopCluster(stopping ? 0 : (code ?? 1));
  });
}

main().catch((error: unknown) => {
  console.error(`[e2e-postgres] ${error instanceof Error ? error.message : String(error)}`);
  void stopCluster(1);
});
