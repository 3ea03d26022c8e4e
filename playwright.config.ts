import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * Browser tests run in real Chromium against the production build, served by server.mjs on a
 * fresh database. Debian's Chromium is used where it is installed (Playwright can't download its
 * own browser on machines without internet); elsewhere Playwright's own.
 */
// E2E_PORT / E2E_SMTP_PORT let two checkouts run their browser tests side by side.
const PORT = Number(process.env.E2E_PORT || 3210);
/** The PostgreSQL server (project `postgres`): the next port. */
const PG_PORT = PORT + 1;
/** The server e2e/isolated/outbox-restart.spec.ts starts and kills itself: the one after. */
export const E2E_RESTART_PORT = PORT + 2;
/** The SQLite server's own SMTP receiver (e2e/email-channel.spec.ts mails the support address there). */
export const E2E_INBOUND_SMTP_PORT = PORT + 3;
export const E2E_SUPPORT_EMAIL = "support@e2e.test";
/**
 * The two app instances e2e/multi-instance.spec.ts starts on its own PostgreSQL: this port and the
 * next (E2E_MULTI_PORT, like E2E_PORT, lets two checkouts run side by side).
 */
export const E2E_MULTI_PORT = Number(process.env.E2E_MULTI_PORT || 4500);
/**
 * e2e/reverse-proxy.spec.ts: two instances on this port and the next, nginx on the two after
 * (HTTPS, HTTP), Caddy on the one after that.
 */
export const E2E_PROXY_PORT = E2E_MULTI_PORT + 10;
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT || 2526);
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

function chromiumLaunch() {
  if (!chromium) return {};
  return {
    executablePath: chromium,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  };
}

export const E2E_ADMIN = { userId: "admin", password: "E2e-Admin#2026" };

/** What both servers under test share: all but the port and the database. */
const APP_ENV = {
  HOST: "127.0.0.1",
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
  ADMIN_USER_ID: E2E_ADMIN.userId,
  ADMIN_PASSWORD: E2E_ADMIN.password,
  ADMIN_EMAIL: "admin@e2e.test",
  // One mail sink for both servers (e2e/global-setup.ts): tests tell mails apart by recipient.
  EMAIL_TRANSPORT: "smtp",
  SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
  OUTBOX_RETRY_BASE_SECONDS: "1",
  SUPPORT_EMAIL: E2E_SUPPORT_EMAIL,
  // Production hashes at scrypt N=2^17 (~128 MiB, slow by design); browser tests sign up and in
  // often on a shared machine, so they hash cheaper, as the unit tests do (same code path).
  PASSWORD_HASH_COST: "12",
};

export default defineConfig({
  testDir: "e2e",
  // A local SMTP server: the app's emails leave over real SMTP and tests read them.
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Room for a loaded 2-core machine; no test is about speed (that is npm run bench).
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      // Tests that reason about every engineer's load run first, alone.
      name: "isolated",
      testMatch: /isolated\/.*\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunch() },
    },
    {
      // Two instances on one PostgreSQL (docs/testing.md#several-instances-on-one-postgresql): its
      // own servers, database and mail sink, no browser. No dependency: it runs beside the others.
      name: "multi-instance",
      testMatch: /multi-instance\.spec\.ts/,
    },
    {
      // The sample nginx and Caddy configs in front of two instances on one PostgreSQL
      // (docs/deployment.md#the-reverse-proxy): its own servers and database, beside the others.
      name: "reverse-proxy",
      testMatch: /reverse-proxy\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunch() },
    },
    {
      name: "chromium",
      testIgnore: [/isolated\//, /multi-instance\.spec\.ts/, /reverse-proxy\.spec\.ts/],
      dependencies: ["isolated"],
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: chromiumLaunch(),
      },
    },
    {
      // The whole ticket life cycle again, on PostgreSQL (docs/testing.md#browser-tests-on-postgresql).
      name: "postgres",
      testMatch: /lifecycle\.spec\.ts/,
      // Only this project's one test uses that database: its engineer is the only one free, so
      // auto-assignment must choose them (e2e/lifecycle.spec.ts; not so under --repeat-each with
      // several workers, where two life cycles' engineers may be free at once).
      metadata: { ownDatabase: true },
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: chromiumLaunch(),
        baseURL: `http://127.0.0.1:${PG_PORT}`,
      },
    },
  ],
  webServer: [
    {
      // E2E_SKIP_BUILD=1 reuses the last build (while iterating on specs); CI always builds.
      command: `rm -rf data/e2e && ${process.env.E2E_SKIP_BUILD ? "" : "npx next build && "}node server.mjs`,
      url: `http://127.0.0.1:${PORT}/api/v1/health`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        ...APP_ENV,
        PORT: String(PORT),
        DATABASE_URL: "data/e2e/caseline.db",
        INBOUND_SMTP_PORT: String(E2E_INBOUND_SMTP_PORT),
      },
    },
    {
      // The same build on a throwaway PostgreSQL cluster (e2e/postgres-app.ts). Started after the
      // server above answers (Playwright starts web servers one after the other), so it never
      // builds; it adds DATABASE_URL itself, as the cluster's port is chosen when it starts.
      command: "npx tsx e2e/postgres-app.ts",
      url: `http://127.0.0.1:${PG_PORT}/api/v1/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      // SIGTERM lets the script stop the cluster itself; if it takes too long Playwright kills
      // the process group and the cluster's watchdog stops it.
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      env: {
        ...APP_ENV,
        PORT: String(PG_PORT),
        DATA_DIR: "data/e2e-pg",
        E2E_BUILT_URL: `http://127.0.0.1:${PORT}/api/v1/health`,
      },
    },
  ],
});
