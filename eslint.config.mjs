import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Write transactions must take the write lock up front (BEGIN IMMEDIATE) or a second process
    // on the same SQLite file makes them fail: they go through db/client.ts writeTransaction.
    files: ["lib/**", "app/**", "scripts/worker.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message:
            "Use writeTransaction() from @/db/client: it begins IMMEDIATE, so another process's write is waited for instead of failing with SQLITE_BUSY.",
        },
      ],
    },
  },
];

export default config;
