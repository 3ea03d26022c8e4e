/**
 * npm run db:move -- --to postgres://… [--from data/caseline.db]: copies a Caseline SQLite
 * database into an empty PostgreSQL database, all or nothing, verified before it commits
 * (docs/operations.md#moving-from-sqlite-to-postgresql; the work is db/move.ts). Exits 0 when
 * moved, 1 when refused or undone (the target left as it was), 2 for bad arguments.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeDatabaseUrl } from "@/db/client";
import { engineOf } from "@/db/engine-kind";
import { messageOf, moveDatabase, MoveError } from "@/db/move";
import { EnvError, parseEnv } from "@/lib/env";

const USAGE = `Usage: npm run db:move -- --to postgres://user@host:5432/database [--from FILE]

Copies a Caseline SQLite database into an empty PostgreSQL database, all or nothing.
  --to URL     the PostgreSQL database to fill (required; it must hold no Caseline rows)
  --from FILE  the SQLite database (default: DATABASE_URL, else ./data/caseline.db)
  --help       this text
Give the password in PGPASSWORD rather than in the URL: npm prints the command it runs.`;

/** A URL with its password replaced, safe to print. */
function withoutPassword(url: string) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(the --to URL)";
  }
}

let secrets: string[] = [];
/** Every line printed goes through here: no password of the target URL is ever shown. */
function scrub(text: string) {
  let out = text.replace(/(\b[a-z][\w+.-]*:\/\/[^\s:/@]*:)[^\s@]*@/gi, "$1***@");
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join("***");
  return out;
}
const say = (line = "") => console.log(scrub(line));

function usageError(problem: string): never {
  console.error(scrub(`db:move: ${problem}`));
  console.error(USAGE);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: { to: { type: "string" }, from: { type: "string" }, help: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Node's messages quote the argument, which may be a URL with a password: our own words.
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      usageError("unexpected argument (name the target with --to and the source with --from)");
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      usageError("--to and --from each need a value");
    }
    const option = /'(--?[\w-]+)/.exec((error as Error).message)?.[1];
    usageError(option ? `unknown option ${option}` : "bad arguments");
  }
}

/** Given to parseEnv so that it never generates a secret file as a side effect. */
const PLACEHOLDER = "x".repeat(32);

/** parseEnv's answer, or its problem as a usage error ("DATABASE_URL names no database" → "--to names no database"). */
function parsed<T>(fn: () => T, what: string): T {
  try {
    return fn();
  } catch (error) {
    const issue = error instanceof EnvError ? error.issues[0] : String(error);
    usageError(`${what} ${issue.replace(/^DATABASE_URL /, "")}`);
  }
}

async function main() {
  const args = parse();
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (!args.to) usageError("--to postgres://… is required (the empty PostgreSQL database to fill)");
  const to = args.to.trim();
  try {
    const u = new URL(to);
    secrets = [u.password, decodeURIComponent(u.password)].filter(Boolean);
  } catch {
    // reported just below
  }
  if (engineOf(to) !== "postgres") usageError("--to must be a postgres:// or postgresql:// URL");
  const from = args.from ?? process.env.DATABASE_URL;
  if (from !== undefined && engineOf(from) === "postgres") {
    usageError("DATABASE_URL names PostgreSQL: name the SQLite file to move with --from");
  }
  // The source as the app would find it (lib/env.ts): the file, and the data directory beside it
  // that holds the generated secret and the attachments.
  const source = parsed(
    () =>
      parseEnv({ DATABASE_URL: from, DATA_DIR: process.env.DATA_DIR, AUTH_SECRET: PLACEHOLDER }),
    "the source:",
  );
  const target = parsed(() => parseEnv({ DATABASE_URL: to, AUTH_SECRET: PLACEHOLDER }), "--to");
  const file = path.resolve(source.DATABASE_URL);
  if (source.DATABASE_URL === ":memory:") usageError("--from must be a SQLite file");

  say(`Moving SQLite ${file} into ${describeDatabaseUrl(target.DATABASE_URL)}…`);
  const result = await moveDatabase({ sourceFile: file, targetUrl: target.DATABASE_URL, log: say });
  say(
    `  ${"ticket_search".padEnd(18)} ${result.searchDocuments.toLocaleString("en").padStart(12)} search documents, rebuilt`,
  );
  const total = result.tables.reduce((sum, t) => sum + t.rows, 0);
  say(
    `Moved ${total.toLocaleString("en")} rows of ${result.tables.length} tables in ${result.seconds.toFixed(1)} s, verified: row counts, working counts and id sequences match.`,
  );
  say();
  say("Next:");
  say("  1. Leave Caseline stopped on SQLite: anything written there from now on is not moved.");
  say(
    `  2. Set DATABASE_URL=${withoutPassword(target.DATABASE_URL)}${secrets.length ? " (with your password)" : ""}`,
  );
  const secretFile = path.join(source.DATA_DIR, ".auth-secret");
  if (process.env.AUTH_SECRET) {
    say(
      "  3. Keep AUTH_SECRET set to the same value, so sessions and links already sent keep working.",
    );
  } else if (existsSync(secretFile)) {
    say(`  3. Set AUTH_SECRET to the secret SQLite generated, kept in ${secretFile}:`);
    say(`     AUTH_SECRET="$(cat ${secretFile})"   (sessions and links already sent keep working)`);
  } else {
    say(
      `  3. Set AUTH_SECRET (no generated secret found in ${secretFile}): openssl rand -base64 48.`,
    );
    say("     Everyone signs in again, and links already sent stop working.");
  }
  say(
    `  4. Attachment files stay where they are, in ${path.join(source.DATA_DIR, "attachments")}: start Caseline with DATA_DIR=${source.DATA_DIR}, or copy that folder into its DATA_DIR.`,
  );
  say("  5. npm start (the worker too, if you run it alone).");
}

main().catch((error) => {
  if (error instanceof MoveError) console.error(scrub(`db:move: ${error.message}`));
  else console.error(scrub(`db:move failed, nothing was moved: ${messageOf(error)}`));
  process.exitCode = 1;
});
