import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { asc, count, eq, getTableColumns, getTableName, is, sql, type Table } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as signinRoute from "@/app/api/v1/auth/signin/route";
import * as repliesRoute from "@/app/api/v1/tickets/[id]/replies/route";
import * as ticketRoute from "@/app/api/v1/tickets/[id]/route";
import * as ticketsRoute from "@/app/api/v1/tickets/route";
import { getDb } from "@/db/client";
import { tablesToMove } from "@/db/move";
import * as pgSchema from "@/db/postgres/schema";
import * as sqliteSchema from "@/db/sqlite/schema";
import { call, makeUser } from "../helpers";
import { currentTestDatabaseUrl, TEST_ENGINE } from "../test-database";

/**
 * npm run db:move (docs/operations.md#moving-from-sqlite-to-postgresql), run as users run it: a
 * child process with tsx, from a SQLite file built by the demo seeder plus rows of every table,
 * into the test's own PostgreSQL database (migrated and empty), which getDb() then serves.
 */
const TSX = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
const ROOT = mkdtempSync(path.join(os.tmpdir(), "caseline-move-"));
const SOURCE = path.join(ROOT, "caseline.db");
/** Something we never listen on (this file's port range is 4300–4399). */
const DEAD_PORT = 4399;

type Run = { code: number | null; stdout: string; stderr: string };

function run(script: string, args: string[], env: Record<string, string | undefined> = {}) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, script, ...args], {
      cwd: process.cwd(),
      env: { ...process.env, AUTH_SECRET: undefined, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 50_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const move = (args: string[], env: Record<string, string | undefined> = {}) =>
  run("scripts/db-move.ts", args, { DATABASE_URL: undefined, DATA_DIR: undefined, ...env });

/** A copy of the source to spoil for one test. */
function sourceCopy(name: string) {
  const file = path.join(ROOT, `${name}.db`);
  copyFileSync(SOURCE, file);
  return file;
}

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.UTC(2026, 10, 1) + days * DAY);

/** Rows of every table the seeder leaves empty, with the values a conversion could get wrong. */
function addRowsOfEveryTable(file: string) {
  const sqlite = new Database(file);
  const db = drizzle(sqlite, { schema: sqliteSchema });
  const s = sqliteSchema;
  const id = (userId: string) =>
    db.select().from(s.users).where(eq(s.users.userId, userId)).get()!.id;
  const [eve, carol, admin] = [id("eve"), id("carol"), id("admin")];
  sqlite.transaction(() => {
    const gone = db
      .insert(s.users)
      .values({
        userId: "gone",
        name: "Gone Customer",
        email: "gone@example.test",
        passwordHash: "x",
        userType: "CUSTOMER",
        userStatus: "APPROVED",
        deletedAt: at(2),
        deactivatedAt: at(1),
        sessionVersion: 3,
        createdAt: at(0),
        updatedAt: at(2),
      })
      .returning()
      .get();
    // A gap in the numbers: the next ticket must come after the highest, not after the count.
    db.insert(s.tickets)
      .values({
        number: 1000,
        id: "t-zanzibar",
        title: "Zanzibar gateway certificate expired",
        description: "Café ☕ users can't reach the portal",
        ticketPriority: 1,
        status: "IN_PROGRESS",
        reporterId: carol,
        assigneeId: eve,
        category: "network",
        createdAt: at(3),
        updatedAt: at(4),
        acceptedAt: at(3),
        firstStaffReplyAt: at(4),
      })
      .run();
    const reply = db
      .insert(s.ticketReplies)
      .values({
        ticketNumber: 1000,
        authorId: eve,
        body: "Renewing it",
        internal: true,
        createdAt: at(4),
      })
      .returning()
      .get();
    db.insert(s.ticketEvents)
      .values({
        ticketNumber: 1000,
        actorId: null,
        type: "assigned",
        newValue: "eve",
        internal: false,
        createdAt: at(3),
      })
      .run();
    db.insert(s.attachments)
      .values({
        ticketNumber: 1000,
        replyId: reply.id,
        uploaderId: eve,
        filename: "cert.pem",
        contentType: "application/x-pem-file",
        size: 1234,
        storageKey: "abc123",
        createdAt: at(4),
      })
      .run();
    db.insert(s.savedViews)
      .values({ userId: eve, name: "Mine", query: "assignee=me&status=OPEN" })
      .run();
    db.insert(s.notifications)
      .values({
        requestId: "req-failed",
        template: "custom",
        subject: "Failed one",
        textBody: "body",
        recipientEmails: JSON.stringify(["carol@acme.test"]),
        requester: "service",
        ticketNumber: 1000,
        status: "FAILED",
        attempts: 6,
        lastError: "550 mailbox unavailable",
        nextAttemptAt: at(5),
        createdAt: at(4),
        updatedAt: at(5),
      })
      .run();
    db.insert(s.userTokens)
      .values({
        userId: carol,
        purpose: "reset-password",
        tokenHash: "f".repeat(64),
        email: "carol@acme.test",
        expiresAt: at(6),
        usedAt: at(5),
      })
      .run();
    db.insert(s.revokedSessions)
      .values({ sid: "sid-signed-out", userId: carol, expiresAt: at(30) })
      .run();
    db.insert(s.interactions)
      .values({
        kind: "CALL",
        title: "Certificate call",
        scheduledAt: at(5),
        status: "DONE",
        ownerId: eve,
        customerId: carol,
        createdById: admin,
        completedAt: at(5),
      })
      .run();
    db.insert(s.userEvents)
      .values({ userId: gone.id, actorId: admin, type: "deactivated", createdAt: at(1) })
      .run();
    const mailbox = db
      .insert(s.mailboxes)
      .values({ name: "Front desk", kind: "admin", sealedUrl: "sealed-elsewhere", moveTo: "Done" })
      .returning()
      .get();
    db.insert(s.inboundMessages)
      .values({
        messageId: "first@customer.test",
        channel: "imap",
        mailboxId: mailbox.id,
        fromAddress: "carol@acme.test",
        subject: "[#1000] Re: Certificate",
        size: 2048,
        rawKey: "inbound-abc",
        status: "THREADED",
        reason: "matched by In-Reply-To",
        ticketNumber: 1000,
        replyId: reply.id,
        attempts: 1,
        receivedAt: at(5),
        updatedAt: at(5),
      })
      .run();
  })();
  const empty = (Object.values(sqliteSchema) as unknown[])
    .filter((v): v is SQLiteTable => is(v, SQLiteTable))
    .filter((t) => db.select({ n: count() }).from(t).get()!.n === 0)
    .map((t) => getTableName(t));
  sqlite.close();
  // A table with no rows here would be "moved" even if the mover skipped it.
  expect(empty, "give these tables rows in addRowsOfEveryTable").toEqual([]);
}

beforeAll(async () => {
  if (TEST_ENGINE !== "postgres") return;
  const seeded = await run("scripts/seed.ts", [], { DATABASE_URL: SOURCE, DATA_DIR: undefined });
  expect(seeded.code, seeded.stderr).toBe(0);
  addRowsOfEveryTable(SOURCE);
});

afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

/** A table's primary-key columns, to read its rows in order. */
const keyColumns = (table: Table, names: string[]) =>
  names.map((name) => asc(Object.values(getTableColumns(table)).find((c) => c.name === name)!));

async function targetCounts() {
  const out: Record<string, number> = {};
  for (const t of tablesToMove()) {
    out[t.name] = (await getDb().select({ n: count() }).from(t.target))[0].n;
  }
  const search = await getDb().execute(sql`select count(*)::int as n from ticket_search`);
  out.ticket_search = (search.rows[0] as { n: number }).n;
  return out;
}

const emptyCounts = () =>
  Object.fromEntries([...tablesToMove().map((t) => [t.name, 0]), ["ticket_search", 0]]);

async function signIn(userId: string, password: string) {
  const res = await call(signinRoute.POST, "POST", "/api/v1/auth/signin", {
    body: { userId, password },
  });
  expect(res.status).toBe(200);
  return res.json.userDetails.token as string;
}

describe.runIf(TEST_ENGINE === "postgres")("npm run db:move", () => {
  it("copies every row of every table, and the help desk goes on from there", async () => {
    const result = await move(["--from", SOURCE, "--to", currentTestDatabaseUrl()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/tickets\s+5 rows/);
    // Where the generated secret is, never the secret itself.
    const secretFile = path.join(ROOT, ".auth-secret");
    expect(result.stdout).toContain(secretFile);
    expect(result.stdout).not.toContain(readFileSync(secretFile, "utf8").trim());
    expect(result.stdout).toContain(path.join(ROOT, "attachments"));

    // Every column of every row, as the SQLite schema reads it and the PostgreSQL one does.
    const sqlite = new Database(SOURCE, { readonly: true });
    const source = drizzle(sqlite, { schema: sqliteSchema });
    try {
      for (const t of tablesToMove()) {
        const expected = source
          .select()
          .from(t.source)
          .orderBy(...keyColumns(t.source, t.primaryKey))
          .all();
        const moved = await getDb()
          .select()
          .from(t.target)
          .orderBy(...keyColumns(t.target, t.primaryKey));
        expect(moved, t.name).toEqual(expected);
      }
    } finally {
      sqlite.close();
    }

    // The journey, on the moved data through the real route handlers.
    const carol = await signIn("carol", "Customer#2026");
    const eve = await signIn("eve", "Engineer#2026");
    const list = await call(ticketsRoute.GET, "GET", "/api/v1/tickets", { token: eve });
    expect(list.status).toBe(200);
    expect(list.json.data.map((t: { number: number }) => t.number)).toContain(1000);
    const one = await call(
      ticketRoute.GET,
      "GET",
      "/api/v1/tickets/1",
      { token: carol },
      { id: "1" },
    );
    expect(one.status).toBe(200);
    expect(one.json.title).toBe("VPN drops every hour");

    const eveRow = async () =>
      (await getDb().select().from(pgSchema.users).where(eq(pgSchema.users.userId, "eve")))[0];
    const before = (await eveRow()).workingCount;
    const created = await call(ticketsRoute.POST, "POST", "/api/v1/tickets", {
      token: carol,
      body: { title: "Kiosk printer offline", description: "The lobby kiosk can't print badges" },
    });
    expect(created.status).toBe(201);
    expect(created.json.ticket.number).toBe(1001);
    // The only approved engineer gets it, by the usual rule, and their count follows.
    expect(created.json.ticket.assignee).toBe("eve");
    expect((await eveRow()).workingCount).toBe(before + 1);
    const reply = await call(
      repliesRoute.POST,
      "POST",
      "/x",
      { token: eve, body: { body: "On my way with toner" } },
      { id: "1001" },
    );
    expect(reply.status).toBe(201);

    const numbers = async (q: string, token: string) =>
      (await call(ticketsRoute.GET, "GET", `/api/v1/tickets?q=${q}`, { token })).json.data.map(
        (t: { number: number }) => t.number,
      );
    expect(await numbers("zanzibar", eve)).toEqual([1000]);
    expect(await numbers("vpn", carol)).toEqual([1]);
    // New writes keep the search document: the triggers are back on.
    expect(await numbers("kiosk", carol)).toEqual([1001]);
    expect(await numbers("toner", carol)).toEqual([1001]);
  });

  it("refuses a target that has rows, and leaves it as it was", async () => {
    const { userId } = await makeUser("CUSTOMER");
    const before = await targetCounts();
    const result = await move(["--from", SOURCE, "--to", currentTestDatabaseUrl()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The target is not empty: .*\busers\b.* rows/);
    expect(await targetCounts()).toEqual(before);
    const [user] = await getDb().select().from(pgSchema.users);
    expect(user.userId).toBe(userId);
  });

  it("undoes everything when PostgreSQL refuses a row midway, and names the row", async () => {
    const file = sourceCopy("bad-row");
    const sqlite = new Database(file);
    // PostgreSQL text can't hold a NUL character; SQLite's can.
    const replyId = sqlite
      .prepare(
        "insert into ticket_replies (ticket_number, author_id, body) values (1000, (select id from users where user_id = 'eve'), ?)",
      )
      .run("broken\u0000text").lastInsertRowid;
    sqlite.close();
    const result = await move(["--from", file, "--to", currentTestDatabaseUrl()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`ticket_replies: PostgreSQL refused the row id ${replyId}`);
    expect(await targetCounts()).toEqual(emptyCounts());
    // Its triggers are still on: a move that failed changes nothing at all.
    const triggers = await getDb().execute(
      sql`select count(*)::int as n from pg_trigger
        where tgname in ('tickets_working_insert', 'ticket_search_insert', 'ticket_search_reply_insert')
          and tgenabled = 'O'`,
    );
    expect((triggers.rows[0] as { n: number }).n).toBe(3);
  });

  it("undoes everything when verification finds a difference", async () => {
    const file = sourceCopy("bad-count");
    const sqlite = new Database(file);
    sqlite.prepare("update users set working_count = 7 where user_id = 'eve'").run();
    sqlite.close();
    const result = await move(["--from", file, "--to", currentTestDatabaseUrl()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Verification failed.*working count of eve: 7 moved, 7 in the source, \d+ open/,
    );
    expect(await targetCounts()).toEqual(emptyCounts());
  });

  it("refuses a source with migrations not applied, naming them", async () => {
    const file = sourceCopy("behind");
    const sqlite = new Database(file);
    sqlite
      .prepare(
        "delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)",
      )
      .run();
    sqlite.close();
    const result = await move(["--from", file, "--to", currentTestDatabaseUrl()]);
    expect(result.code).toBe(1);
    // The newest migration, by the journal drizzle-kit writes (not a name that goes stale).
    const journal = JSON.parse(readFileSync("db/sqlite/migrations/meta/_journal.json", "utf8")) as {
      entries: { tag: string }[];
    };
    expect(result.stderr).toContain(`lacks migrations ${journal.entries.at(-1)!.tag}`);
    expect(result.stderr).toContain("start Caseline once on it first");
    expect(await targetCounts()).toEqual(emptyCounts());
  });

  it("answers bad arguments with one line and the usage, and never prints a password", async () => {
    const secretUrl = `postgres://mover:Sup3rSecret@127.0.0.1:${DEAD_PORT}/caseline`;
    for (const args of [
      [],
      ["--from", SOURCE],
      ["--to", "mysql://db/caseline"],
      ["--to", "postgres://127.0.0.1/"],
      ["--bogus"],
      [secretUrl],
      ["--to"],
    ]) {
      const result = await move(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(/^db:move: .+\nUsage: npm run db:move/);
      expect(result.stderr + result.stdout).not.toContain("Sup3rSecret");
    }
    const unreachable = await move(["--from", SOURCE, "--to", secretUrl]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain("Can't connect to the target");
    expect(unreachable.stderr + unreachable.stdout).not.toContain("Sup3rSecret");
  });

  it("needs no superuser: the database's owner can move into it", async () => {
    // Managed PostgreSQL gives an owner, never a superuser (no session_replication_role).
    const admin = new pg.Client({ connectionString: currentTestDatabaseUrl() });
    await admin.connect();
    const name = `caseline_mover_${process.pid}_${Date.now()}`;
    try {
      await admin.query(`create role ${name} login nosuperuser`);
      await admin.query(`create database ${name} owner ${name}`);
      const url = new URL(currentTestDatabaseUrl());
      url.username = name;
      url.pathname = `/${name}`;
      const result = await move(["--from", SOURCE, "--to", url.toString()]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/ticket_search\s+5 search documents/);
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`drop role if exists ${name}`);
      await admin.end();
    }
  });

  it("derives every table from the schema, parents first", () => {
    const names = tablesToMove().map((t) => t.name);
    const pgTables = Object.values(pgSchema).filter((v) => is(v, PgTable));
    expect([...names].sort()).toEqual(pgTables.map((t) => getTableName(t as PgTable)).sort());
    expect(names.indexOf("users")).toBeLessThan(names.indexOf("tickets"));
    expect(names.indexOf("ticket_replies")).toBeLessThan(names.indexOf("attachments"));
  });
});
