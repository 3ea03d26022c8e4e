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
    // The domain is async on both engines: a query or use-case that isn't awaited is a lost write
    // or a race, so every promise must be awaited, returned or explicitly voided.
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
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
