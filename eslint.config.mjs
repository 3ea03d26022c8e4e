import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Layering (README.md#how-the-code-is-laid-out): each rule below names who may not import what.
// ESLint applies one config of a rule per file (the last that matches), so each folder's rule
// lists every restriction that folder has.

/** components/ are used by app/, never the other way: a form gets its server actions as props. */
const NOT_APP = {
  group: ["@/app", "@/app/**", "**/app/*/**"],
  message:
    "components/ never import from app/: let the page that renders this pass its server actions (or data) in as props.",
};

/** The domain knows no framework and no request: pages, actions and routes adapt it to HTTP. */
const NOT_NEXT = {
  group: ["next", "next/*"],
  message:
    "The domain never imports Next: return data or throw an AppError, and let the page, action or route (app/, lib/http) redirect, read cookies or answer.",
};
const NOT_HTTP = {
  group: ["@/lib/http/*", "**/http/*"],
  message:
    "The domain never imports lib/http (the HTTP edge: routes, actions, uploads, streams): hand the HTTP layer plain data, or pages as an async iterable, and let it build the response.",
};

/**
 * db/ is the data layer under the domain: it reads its configuration and writes to the one logger
 * (both leaves that import nothing of the app), nothing else of lib/.
 */
const DB_ONLY_ENV = {
  group: ["@/lib/*", "!@/lib/env", "!@/lib/log.mjs", "**/lib/*", "!**/lib/env", "!**/lib/log.mjs"],
  message:
    "db/ imports nothing from lib/ but @/lib/env and @/lib/log.mjs: the domain calls the data layer, never the other way.",
};

const DOMAIN = [
  "lib/tickets/**",
  "lib/users/**",
  "lib/auth/**",
  "lib/assignment/**",
  "lib/notifications/**",
  "lib/crm/**",
  "lib/reports/**",
  "lib/live/**",
  "lib/validation/**",
  "lib/rich-text/**",
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "data/**",
      "db/sqlite/migrations/**",
      "db/postgres/migrations/**",
      "next-env.d.ts",
      "tests/generated/**",
    ],
  },
  {
    // The domain is async on both engines: a query or use-case that isn't awaited is a lost write
    // or a race, so every promise must be awaited, returned or explicitly voided.
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Write transactions go through db/client.ts writeTransaction: on SQLite it takes the write
    // lock up front (BEGIN IMMEDIATE), or a second process on the same file makes them fail; on
    // PostgreSQL it retries serialization failures and, with `assigns`, takes the assignment lock.
    // db/client.ts opens the one Drizzle transaction, with the rule disabled on that line.
    files: ["lib/**", "app/**", "db/**", "scripts/worker.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message:
            "Use `await writeTransaction(async () => …, { assigns })` from @/db/client: it is async, begins IMMEDIATE on SQLite (another process's write is waited for instead of failing with SQLITE_BUSY), retries serialization failures on PostgreSQL, and with `assigns: true` takes PostgreSQL's assignment lock first (any transaction that chooses an assignee or changes who can be assigned).",
        },
      ],
    },
  },
  {
    files: ["components/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [NOT_APP] }] },
  },
  {
    files: DOMAIN,
    rules: { "no-restricted-imports": ["error", { patterns: [NOT_NEXT, NOT_HTTP] }] },
  },
  {
    // The exceptions, each the one place where authentication meets the framework.
    // session.ts is how pages and actions find the signed-in actor: Next's cookies() and, when
    // there is none, redirect() to sign-in. It may import Next, still not lib/http.
    files: ["lib/auth/session.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [NOT_HTTP] }] },
  },
  {
    // auth.ts is Auth.js's configuration: its authorize() gets the sign-in request and spends
    // the client address's rate-limit budget, read the same way as every route reads it.
    files: ["lib/auth/auth.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            NOT_NEXT,
            { ...NOT_HTTP, group: [...NOT_HTTP.group, "!@/lib/http/client-address"] },
          ],
        },
      ],
    },
  },
  {
    files: ["db/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [DB_ONLY_ENV] }] },
  },
];

export default config;
