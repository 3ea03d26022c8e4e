-- Rate-limit counters (docs/api.md#rate-limits, docs/roles-and-accounts.md#sign-in-limits), shared
-- by every instance on this database. Columns are rate-limiter-flexible's RateLimiterPostgres
-- layout, in its order (it inserts without naming them); key is text because a sign-in key holds
-- the typed email address. Per-minute request budgets are written by every API request: UNLOGGED
-- (no WAL; emptied only by a PostgreSQL crash, which forgets at most a minute's counts). Failed
-- sign-ins are a security control: a normal table, so a lockout survives any restart.
CREATE UNLOGGED TABLE "rate_limit_requests" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
--> statement-breakpoint
CREATE TABLE "rate_limit_signin_failures" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
