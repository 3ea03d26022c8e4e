import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { engineOf } from "@/db/engine-kind";
import { imapUrlProblem } from "@/lib/validation/imap-url";
import { passwordProblems } from "@/lib/validation/password";

export { passwordProblems };

/**
 * The whole configuration of Caseline (docs/configuration.md), read from the environment once and validated.
 * A bad value stops the process with a message that names the variable.
 */
const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const positiveInt = z.coerce.number().int().positive();
/** An optional setting given as an empty value (`S3_ENDPOINT=` in a compose file) is unset. */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** A SQLite file (path or `file:`) or `postgres://user:password@host:port/database` (docs/configuration.md#database-and-files). */
    DATABASE_URL: z
      .string()
      .trim()
      .min(1)
      .default("./data/caseline.db")
      .superRefine((v, ctx) => {
        const problem = postgresUrlProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .transform((v) => (engineOf(v) === "postgres" ? v : v.replace(/^file:/, ""))),
    /** PostgreSQL: connections each process keeps open at most. */
    DATABASE_POOL_SIZE: positiveInt.max(1000).default(10),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /** Where the generated secret and attachments live; default: the database file's folder. */
    DATA_DIR: z.string().min(1).optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    APP_URL: z.url().optional(),
    ADMIN_USER_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{3,32}$/, "must be 3-32 characters of A-Z a-z 0-9 . _ -")
      .default("admin"),
    ADMIN_EMAIL: z.email().default("admin@caseline.local"),
    ADMIN_PASSWORD: z.string().optional(),
    EMAIL_TRANSPORT: z.enum(["log", "resend", "smtp"]).optional(),
    RESEND_API_KEY: z.string().optional(),
    SMTP_URL: z.url().optional(),
    EMAIL_FROM: z.string().default("Caseline <no-reply@caseline.local>"),
    /** Lets another service post to /api/v1/notifications without an admin account. */
    NOTIFICATION_SERVICE_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
    /** Run the outbox worker inside the web server (turn off when `npm run worker` runs alone). */
    OUTBOX_WORKER: bool.default(true),
    /** Sends tried per message before it is marked FAILED. */
    OUTBOX_MAX_ATTEMPTS: positiveInt.default(6),
    /** First retry delay; each further retry waits twice as long (capped at an hour). */
    OUTBOX_RETRY_BASE_SECONDS: positiveInt.default(30),
    /** How long a claimed message is held by its worker before another may take it over. */
    OUTBOX_LEASE_SECONDS: positiveInt.default(120),
    TRUST_PROXY: bool.default(false),
    REQUIRE_EMAIL_VERIFICATION: bool.default(false),
    TOKEN_TTL_HOURS: positiveInt.default(24),
    SIGNIN_MAX_FAILURES_PER_ACCOUNT: positiveInt.default(5),
    SIGNIN_MAX_FAILURES_PER_CLIENT: positiveInt.default(50),
    SIGNIN_WINDOW_MINUTES: positiveInt.default(15),
    RATE_LIMIT_USER_PER_MINUTE: positiveInt.default(1200),
    RATE_LIMIT_ANON_PER_MINUTE: positiveInt.default(300),
    MAX_BODY_BYTES: positiveInt.default(1_048_576),
    /** Largest customer import file (CSV or JSON, docs/crm.md#import). */
    IMPORT_MAX_BYTES: positiveInt.default(20 * 1_048_576),
    /** Largest attachment; a reply carries at most 5. */
    ATTACHMENT_MAX_BYTES: positiveInt.default(10 * 1_048_576),
    /** Attachments in this S3 (or S3-compatible) bucket instead of DATA_DIR (docs/configuration.md#attachment-storage). */
    S3_BUCKET: unsetIfEmpty(
      z
        .string()
        .regex(
          /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
          "must be a bucket name: 3-63 characters of a-z 0-9 . -",
        ),
    ),
    /** MinIO, R2, Ceph…: the service's URL; unset for AWS itself. */
    S3_ENDPOINT: unsetIfEmpty(
      z
        .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
        .transform((v) => v.replace(/\/$/, "")),
    ),
    S3_REGION: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/, "must be a region name such as us-east-1 (R2: auto)")
      .default("us-east-1"),
    S3_ACCESS_KEY_ID: unsetIfEmpty(z.string()),
    S3_SECRET_ACCESS_KEY: unsetIfEmpty(z.string()),
    /** Bucket in the path (`host/bucket/key`), as MinIO and most self-hosted servers want. */
    S3_FORCE_PATH_STYLE: bool.default(false),
    /** A folder in the bucket for Caseline's objects (`caseline/attachments`). */
    S3_PREFIX: unsetIfEmpty(
      z
        .string()
        .max(200, "must be at most 200 characters")
        .transform((v) => v.replace(/^\/+|\/+$/g, ""))
        .refine(
          (v) => v.split("/").every((part) => part !== "" && part !== "." && part !== ".."),
          "must be folder names separated by / (no empty, . or .. parts)",
        ),
    ),
    /** The address customers write to (docs/email.md); replies thread through its plus-addresses. */
    SUPPORT_EMAIL: unsetIfEmpty(z.email("must be an email address (support@example.com)")),
    /** Caseline's own SMTP receiver (docs/email.md#two-ways-in): off when unset. */
    INBOUND_SMTP_PORT: unsetIfEmpty(z.coerce.number().int().min(1).max(65535)),
    INBOUND_SMTP_HOST: z.string().trim().min(1).default("127.0.0.1"),
    /** A mailbox to read, e.g. imaps://user:password@imap.example.com/INBOX (docs/email.md#mailboxes). */
    INBOUND_IMAP_URL: unsetIfEmpty(
      z.string().superRefine((v, ctx) => {
        const problem = imapUrlProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    ),
    /** Read the IMAP mailboxes in this process (turn off where `npm run worker` does it). */
    INBOUND_WORKER: bool.default(true),
    /** Mail from an address no account has: make a customer account for it, or refuse it politely. */
    INBOUND_UNKNOWN_SENDERS: z.enum(["create", "refuse"]).default("create"),
    /** The largest message taken (bytes, as sent: attachments are base64, a third larger). */
    INBOUND_MAX_BYTES: positiveInt.default(40 * 1_048_576),
    /** More attachments than this and the message is quarantined for an admin to look at. */
    INBOUND_MAX_ATTACHMENTS: positiveInt.max(100).default(10),
    /** Messages one sender may send in an hour before the next are refused (a loop, a flood). */
    INBOUND_MAX_PER_SENDER_PER_HOUR: positiveInt.default(30),
    /** How often a mailbox is checked when IDLE is unavailable or quiet. */
    INBOUND_IMAP_POLL_SECONDS: positiveInt.max(86_400).default(60),
    /** The least severe log line written (docs/operations.md#logs). */
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    /** After SIGTERM, how long requests in flight get to finish (docs/operations.md#shutdown). */
    SHUTDOWN_TIMEOUT_SECONDS: positiveInt.max(3600).default(25),
    /** When set, GET /metrics needs it as a bearer token; otherwise only loopback may read it. */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** log2 of scrypt's cost N: 17 (OWASP's N=2^17) by default; tests lower it. */
    PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(17),
  })
  .superRefine((env, ctx) => {
    if (engineOf(env.DATABASE_URL) === "postgres" && env.AUTH_SECRET === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message:
          "is required with a PostgreSQL DATABASE_URL: each instance would otherwise generate its own, and sessions, API tokens and emailed links made by one would be refused by the others behind a load balancer; set the same secret (32+ characters) on every instance and worker",
      });
    }
    const transport = env.EMAIL_TRANSPORT;
    if (transport === "resend" && !env.RESEND_API_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["RESEND_API_KEY"],
        message: "is required when EMAIL_TRANSPORT=resend",
      });
    }
    if (transport === "smtp" && !env.SMTP_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["SMTP_URL"],
        message: "is required when EMAIL_TRANSPORT=smtp",
      });
    }
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      const [missing, given] = env.S3_ACCESS_KEY_ID
        ? ["S3_SECRET_ACCESS_KEY", "S3_ACCESS_KEY_ID"]
        : ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"];
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: `is required with ${given} (or set neither, for the AWS SDK's default credentials)`,
      });
    }
    if (!env.S3_BUCKET) {
      const stray = (
        ["S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PREFIX"] as const
      ).find((name) => env[name] !== undefined);
      if (stray) {
        ctx.addIssue({
          code: "custom",
          path: ["S3_BUCKET"],
          message: `is required when ${stray} is set (it turns S3 storage for attachments on)`,
        });
      }
    }
    for (const name of ["INBOUND_SMTP_PORT", "INBOUND_IMAP_URL"] as const) {
      if (env[name] !== undefined && !env.SUPPORT_EMAIL) {
        ctx.addIssue({
          code: "custom",
          path: ["SUPPORT_EMAIL"],
          message: `is required when ${name} is set: it is the address customers write to, and what the receiver accepts mail for`,
        });
        break;
      }
    }
    if (env.ADMIN_PASSWORD !== undefined && env.ADMIN_PASSWORD !== "") {
      const problems = passwordProblems(env.ADMIN_PASSWORD);
      if (problems.length) {
        ctx.addIssue({ code: "custom", path: ["ADMIN_PASSWORD"], message: problems.join("; ") });
      }
    }
  });

/** What is wrong with a PostgreSQL URL, or null (a SQLite path is never wrong here). */
function postgresUrlProblem(value: string): string | null {
  if (engineOf(value) !== "postgres") return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a valid URL (postgres://user:password@host:5432/database)";
  }
  if (!url.hostname && !url.searchParams.get("host"))
    return "names no host (postgres://user:password@host:5432/database)";
  if (url.pathname.length <= 1)
    return "names no database (postgres://user:password@host:5432/database)";
  return null;
}

export type Env = z.infer<typeof envSchema> & {
  AUTH_SECRET: string;
  APP_URL: string;
  DATA_DIR: string;
  EMAIL_TRANSPORT: "log" | "resend" | "smtp";
};

export class EnvError extends Error {
  constructor(public readonly issues: string[]) {
    // One problem is one line (a bad DATABASE_URL, say); several are listed one per line.
    super(
      issues.length === 1
        ? `Invalid configuration: ${issues[0]}`
        : `Invalid configuration:\n${issues.map((i) => `  - ${i}`).join("\n")}`,
    );
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`),
    );
  }
  const env = result.data;
  const dataDir = env.DATA_DIR
    ? path.resolve(env.DATA_DIR)
    : env.DATABASE_URL === ":memory:" || engineOf(env.DATABASE_URL) === "postgres"
      ? path.resolve("data")
      : path.dirname(path.resolve(env.DATABASE_URL));
  return {
    ...env,
    DATA_DIR: dataDir,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    AUTH_SECRET: env.AUTH_SECRET ?? persistedSecret(dataDir),
    EMAIL_TRANSPORT:
      env.EMAIL_TRANSPORT ?? (env.RESEND_API_KEY ? "resend" : env.SMTP_URL ? "smtp" : "log"),
  };
}

/**
 * SQLite without AUTH_SECRET: one is generated on first start and kept beside the database (one
 * machine, one secret). PostgreSQL refuses to start without one (see the schema above).
 */
function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, ".auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  } catch {
    // Another process wrote it first: use theirs.
    return readFileSync(file, "utf8").trim();
  }
  return secret;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change the environment between cases. */
export function resetEnvForTesting() {
  cached = undefined;
}
