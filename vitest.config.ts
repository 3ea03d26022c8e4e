import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
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
      DATA_DIR: path.join(os.tmpdir(), `caseline-test-${process.pid}`),
    },
  },
});
