/**
 * Moving a SQLite database into an empty PostgreSQL one (`npm run db:move`,
 * docs/operations.md#moving-from-sqlite-to-postgresql): every table of the schema, in foreign-key
 * order, ids kept, in one PostgreSQL transaction that is verified before it commits. Rows are
 * read through the SQLite schema's column mappings and written through the PostgreSQL schema's,
 * so timestamps and booleans arrive as the PostgreSQL tables declare them.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { getTableColumns, getTableName, is, type Column } from "drizzle-orm";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { MIGRATIONS, migratePostgres } from "./client";
import { describeRollupDifferences, ROLLUP_DIFFERENCES_SQL } from "./rollups";
import * as postgresSchema from "./postgres/schema";
import * as sqliteSchema from "./sqlite/schema";

/** Why the move was refused or undone: one line for the operator; the target is left as it was. */
export class MoveError extends Error {}

export type TableToMove = {
  name: string;
  source: SQLiteTable;
  target: PgTable;
  /** The columns as [JS key, SQLite column], in the order they are selected. */
  columns: [string, Column][];
  /** The primary key's column names: rows are read, and failures named, by it. */
  primaryKey: string[];
};

/**
 * Every table both schemas declare, parents before children (foreign keys), derived from the
 * schema files so that a new table is moved without anyone remembering to add it here.
 */
export function tablesToMove(): TableToMove[] {
  const sqliteTables = new Map<string, SQLiteTable>();
  for (const value of Object.values(sqliteSchema)) {
    if (is(value, SQLiteTable)) sqliteTables.set(getTableName(value), value);
  }
  const pgTables = new Map<string, PgTable>();
  for (const value of Object.values(postgresSchema)) {
    if (is(value, PgTable)) pgTables.set(getTableName(value), value);
  }
  const names = [...pgTables.keys()];
  const unmatched = [
    ...names.filter((n) => !sqliteTables.has(n)),
    ...[...sqliteTables.keys()].filter((n) => !pgTables.has(n)),
  ];
  if (unmatched.length)
    throw new Error(`The two schemas differ in tables: ${unmatched.join(", ")}`);

  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (ordered.includes(name)) return;
    if (visiting.has(name)) throw new Error(`Foreign keys form a cycle through ${name}`);
    visiting.add(name);
    for (const fk of getTableConfig(pgTables.get(name)!).foreignKeys) {
      const parent = getTableName(fk.reference().foreignTable);
      if (parent !== name) visit(parent);
    }
    visiting.delete(name);
    ordered.push(name);
  };
  names.forEach(visit);

  return ordered.map((name) => {
    const source = sqliteTables.get(name)!;
    const target = pgTables.get(name)!;
    const columns = Object.entries(getTableColumns(source)) as [string, Column][];
    const keys = columns.map(([key]) => key).sort();
    if (keys.join() !== Object.keys(getTableColumns(target)).sort().join()) {
      throw new Error(`The two schemas differ in the columns of ${name}`);
    }
    const config = getSqliteTableConfig(source);
    const primaryKey = [
      ...config.columns.filter((c) => c.primary).map((c) => c.name),
      ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
    ];
    return { name, source, target, columns, primaryKey };
  });
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The source, opened read-only: the move never writes to it. */
export function openSource(file: string): Database.Database {
  if (!existsSync(file)) throw new MoveError(`There is no SQLite database at ${file}.`);
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    sqlite.pragma("busy_timeout = 15000");
    sqlite.prepare("select count(*) from sqlite_master").get();
    return sqlite;
  } catch (error) {
    sqlite?.close();
    throw new MoveError(`${file} can't be read as a SQLite database: ${messageOf(error)}`);
  }
}

/** Refuses a source whose migrations differ from this version's (its tables would differ too). */
export function checkSourceMigrations(sqlite: Database.Database, file: string) {
  const journal = JSON.parse(
    readFileSync(path.join(MIGRATIONS.sqlite, "meta", "_journal.json"), "utf8"),
  ) as { entries: { tag: string; when: number }[] };
  const recorded = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  const last = recorded
    ? Number(
        (
          sqlite.prepare("select max(created_at) as last from __drizzle_migrations").get() as {
            last: number | null;
          }
        ).last ?? 0,
      )
    : 0;
  const pending = journal.entries.filter((e) => e.when > last).map((e) => e.tag);
  if (pending.length === journal.entries.length) {
    throw new MoveError(
      `${file} is not a Caseline database (no migration is applied): start Caseline once on it first, or check the path.`,
    );
  }
  if (pending.length) {
    throw new MoveError(
      `${file} lacks migrations ${pending.join(", ")}: start Caseline once on it first (this version), then move it.`,
    );
  }
  if (last > journal.entries[journal.entries.length - 1].when) {
    throw new MoveError(
      `${file} was migrated by a newer Caseline than this one: move it with that version.`,
    );
  }
}

/**
 * The PostgreSQL triggers that fire on insert, and what the move does about each: off during
 * the copy (per-row trigger work over a whole database inside one transaction is slow), their
 * results rebuilt or checked afterwards, back on before the commit. A trigger not listed here
 * makes the move refuse, so a new one can't be skipped unnoticed.
 */
const INSERT_TRIGGERS: Record<string, string> = {
  "tickets.tickets_working_insert": "working counts: copied, then checked against fresh counts",
  "tickets.ticket_search_insert": "search documents: rebuilt from the copied rows",
  "tickets.tickets_rollup_insert": "overview rollups: copied, then checked against a recount",
  "tickets.tickets_count_insert": "active ticket counts: copied, then checked against a recount",
  "users.users_count_insert": "user counts: copied, then checked against a recount",
  "ticket_replies.ticket_search_reply_insert": "search documents: rebuilt from the copied rows",
};

/** Largest number of rows per INSERT: PostgreSQL takes at most 65,535 parameters. */
const BATCH_ROWS = 1000;

export type MoveResult = {
  tables: { name: string; rows: number }[];
  searchDocuments: number;
  seconds: number;
};

export type MoveOptions = {
  sourceFile: string;
  targetUrl: string;
  /** Called as each step finishes, for progress lines. */
  log?: (line: string) => void;
};

/** Copies the source into the target, or throws MoveError with the target left as it was. */
export async function moveDatabase({
  sourceFile,
  targetUrl,
  log = () => {},
}: MoveOptions): Promise<MoveResult> {
  const started = Date.now();
  const sqlite = openSource(sourceFile);
  const pool = new pg.Pool({
    connectionString: targetUrl,
    max: 1,
    connectionTimeoutMillis: 10_000,
  });
  pool.on("error", () => {}); // a lost idle connection: the next query reports it
  try {
    checkSourceMigrations(sqlite, sourceFile);
    const tables = tablesToMove();
    await prepareTarget(pool);
    const client = await pool.connect().catch((error) => {
      throw new MoveError(`Can't connect to the target: ${messageOf(error)}`);
    });
    try {
      // One read transaction: every table is read from the same snapshot, even if something
      // still writes to the file meanwhile.
      sqlite.exec("begin");
      await client.query("begin");
      try {
        const result = await copyAndVerify(sqlite, client, tables, log);
        await client.query("commit");
        await client.query("analyze").catch(() => {}); // planner statistics; autovacuum would do it later
        return { ...result, seconds: (Date.now() - started) / 1000 };
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      } finally {
        sqlite.exec("rollback");
      }
    } finally {
      client.release();
    }
  } finally {
    sqlite.close();
    await pool.end();
  }
}

/** Refuses a database that holds something other than Caseline; migrates the rest. */
async function prepareTarget(pool: pg.Pool) {
  let state;
  try {
    state = (
      await pool.query<{ tables: string[]; migrated: boolean }>(
        `select coalesce(array_agg(table_name::text order by table_name), '{}') as tables,
           to_regclass('drizzle.__drizzle_migrations') is not null as migrated
         from information_schema.tables
         where table_schema = current_schema() and table_type = 'BASE TABLE'`,
      )
    ).rows[0];
  } catch (error) {
    throw new MoveError(`Can't connect to the target: ${messageOf(error)}`);
  }
  if (!state.migrated && state.tables.length) {
    throw new MoveError(
      `The target is not empty and not a Caseline database (it has tables ${state.tables.slice(0, 5).join(", ")}): give db:move an empty database.`,
    );
  }
  try {
    await migratePostgres(pool);
  } catch (error) {
    throw new MoveError(`Migrating the target failed: ${messageOf(error)}`);
  }
}

async function copyAndVerify(
  sqlite: Database.Database,
  client: pg.PoolClient,
  tables: TableToMove[],
  log: (line: string) => void,
) {
  const target = drizzlePg(client);
  const names = tables.map((t) => quote(t.name)).join(", ");
  // Nobody else writes to these tables until the move commits or rolls back.
  await client.query(`lock table ${names} in exclusive mode`);
  const filled: string[] = [];
  for (const table of tables) {
    const { rows } = await client.query(
      `select exists (select 1 from ${quote(table.name)}) as has`,
    );
    if (rows[0].has) filled.push(table.name);
  }
  if (filled.length) {
    throw new MoveError(
      `The target is not empty: ${filled.join(", ")} ${filled.length === 1 ? "has" : "have"} rows. db:move only fills an empty database (left as it was).`,
    );
  }

  const triggers = await insertTriggers(client);
  const unknown = triggers.filter((t) => !(`${t.table}.${t.name}` in INSERT_TRIGGERS));
  if (unknown.length) {
    throw new MoveError(
      `The target has insert triggers db:move doesn't know: ${unknown.map((t) => `${t.table}.${t.name}`).join(", ")} (db/move.ts must learn what they maintain).`,
    );
  }
  for (const t of triggers) {
    await client.query(`alter table ${quote(t.table)} disable trigger ${quote(t.name)}`);
  }

  const sourceCounts = new Map<string, number>();
  for (const table of tables) {
    const { n } = sqlite.prepare(`select count(*) as n from ${quote(table.name)}`).get() as {
      n: number;
    };
    sourceCounts.set(table.name, n);
  }

  const copied: { name: string; rows: number }[] = [];
  for (const table of tables) {
    const rows = await copyTable(sqlite, client, target, table);
    copied.push({ name: table.name, rows });
    log(`  ${table.name.padEnd(18)} ${rows.toLocaleString("en").padStart(12)} rows`);
  }

  await client.query("do $$ begin perform ticket_search_refresh(number) from tickets; end $$");
  for (const t of triggers) {
    await client.query(`alter table ${quote(t.table)} enable trigger ${quote(t.name)}`);
  }
  await setSequences(sqlite, client, tables);

  const searchDocuments = await verify(sqlite, client, tables, sourceCounts, copied);
  return { tables: copied, searchDocuments };
}

async function insertTriggers(client: pg.PoolClient) {
  const { rows } = await client.query<{ table: string; name: string }>(
    `select c.relname as "table", t.tgname as name
     from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where not t.tgisinternal
       and c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
       and (t.tgtype::int & 4) <> 0
     order by 1, 2`,
  );
  return rows;
}

/** Streams one table from SQLite into PostgreSQL, BATCH_ROWS rows per INSERT. */
async function copyTable(
  sqlite: Database.Database,
  client: pg.PoolClient,
  target: NodePgDatabase,
  table: TableToMove,
) {
  const select = sqlite
    .prepare(
      `select ${table.columns.map(([, c]) => quote(c.name)).join(", ")} from ${quote(table.name)}
       order by ${table.primaryKey.map(quote).join(", ")}`,
    )
    .raw(true);
  const perInsert = Math.min(BATCH_ROWS, Math.floor(60_000 / table.columns.length));
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  for (const values of select.iterate() as Iterable<unknown[]>) {
    const row: Record<string, unknown> = {};
    table.columns.forEach(([key, column], i) => {
      row[key] = values[i] === null ? null : column.mapFromDriverValue(values[i]);
    });
    batch.push(row);
    if (batch.length === perInsert) {
      await insertBatch(client, target, table, batch);
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length) await insertBatch(client, target, table, batch);
  return count + batch.length;
}

/** One multi-row INSERT; if PostgreSQL refuses it, the row it refuses is named. */
async function insertBatch(
  client: pg.PoolClient,
  target: NodePgDatabase,
  table: TableToMove,
  batch: Record<string, unknown>[],
) {
  await client.query("savepoint batch");
  try {
    await target.insert(table.target).values(batch);
    await client.query("release savepoint batch");
    return;
  } catch (error) {
    await client.query("rollback to savepoint batch");
    for (const row of batch) {
      try {
        await target.insert(table.target).values([row]);
      } catch (rowError) {
        throw new MoveError(
          `Copying ${table.name}: PostgreSQL refused the row ${rowName(table, row)}: ${messageOf(rowError)}. Nothing was moved.`,
        );
      }
    }
    throw new MoveError(`Copying ${table.name}: ${messageOf(error)}. Nothing was moved.`);
  }
}

function rowName(table: TableToMove, row: Record<string, unknown>) {
  return table.primaryKey
    .map((name) => {
      const key = table.columns.find(([, c]) => c.name === name)![0];
      return `${name} ${JSON.stringify(row[key])}`;
    })
    .join(", ");
}

/** Every identity/serial sequence past its column's highest value (and SQLite's AUTOINCREMENT high-water mark). */
async function setSequences(
  sqlite: Database.Database,
  client: pg.PoolClient,
  tables: TableToMove[],
) {
  const highWater = new Map<string, number>();
  const hasSequenceTable = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = 'sqlite_sequence'")
    .get();
  if (hasSequenceTable) {
    for (const { name, seq } of sqlite.prepare("select name, seq from sqlite_sequence").all() as {
      name: string;
      seq: number;
    }[]) {
      highWater.set(name, Number(seq));
    }
  }
  for (const s of await sequences(client, tables)) {
    const { rows } = await client.query<{ max: number | null }>(
      `select max(${quote(s.column)})::bigint as max from ${quote(s.table)}`,
    );
    // A ticket number once used (and its row deleted since) is never handed out again, as on SQLite.
    const past = Math.max(Number(rows[0].max ?? 0), highWater.get(s.table) ?? 0);
    if (past > 0) await client.query("select setval($1, $2, true)", [s.sequence, past]);
    else await client.query("select setval($1, 1, false)", [s.sequence]);
  }
}

async function sequences(client: pg.PoolClient, tables: TableToMove[]) {
  const { rows } = await client.query<{ table: string; column: string; sequence: string }>(
    `select table_name as "table", column_name as "column",
       pg_get_serial_sequence(quote_ident(table_name), column_name) as sequence
     from information_schema.columns
     where table_schema = current_schema() and table_name = any($1)
       and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null
     order by 1, 2`,
    [tables.map((t) => t.name)],
  );
  return rows;
}

/** Checks, before the commit, that the target holds what the source does. */
async function verify(
  sqlite: Database.Database,
  client: pg.PoolClient,
  tables: TableToMove[],
  sourceCounts: Map<string, number>,
  copied: { name: string; rows: number }[],
) {
  const problems: string[] = [];
  for (const table of tables) {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from ${quote(table.name)}`,
    );
    const source = sourceCounts.get(table.name)!;
    const moved = copied.find((c) => c.name === table.name)!.rows;
    if (rows[0].n !== source || moved !== source) {
      problems.push(`${table.name} has ${rows[0].n} rows, the source ${source}`);
    }
  }

  const { rows: search } = await client.query<{ docs: number; tickets: number }>(
    "select (select count(*) from ticket_search)::int as docs, (select count(*) from tickets)::int as tickets",
  );
  if (search[0].docs !== search[0].tickets) {
    problems.push(`${search[0].docs} search documents for ${search[0].tickets} tickets`);
  }

  // Working counts (docs/tickets.md#working-counts): each equal to a fresh count of the
  // engineer's OPEN and IN_PROGRESS tickets, and to the source's.
  const { rows: counts } = await client.query<{
    id: number;
    userId: string;
    stored: number;
    fresh: number;
  }>(
    `select u.id, u.user_id as "userId", u.working_count as stored, count(t.number)::int as fresh
     from users u left join tickets t on t.assignee_id = u.id and t.status in ('OPEN', 'IN_PROGRESS')
     group by u.id
     having u.user_type = 'ENGINEER' or u.working_count <> 0 or count(t.number) <> 0`,
  );
  const sourceStored = new Map(
    (
      sqlite
        .prepare(
          "select id, working_count as stored from users where user_type = 'ENGINEER' or working_count <> 0",
        )
        .all() as { id: number; stored: number }[]
    ).map((r) => [r.id, r.stored]),
  );
  for (const c of counts) {
    const source = sourceStored.get(c.id) ?? 0;
    if (c.stored !== c.fresh || c.stored !== source) {
      problems.push(
        `working count of ${c.userId}: ${c.stored} moved, ${source} in the source, ${c.fresh} open or in-progress tickets`,
      );
    }
  }

  // The overview's rollups (db/rollups.ts): what was copied equals a recount of the copied tickets.
  const rollups = describeRollupDifferences(
    (await client.query(ROLLUP_DIFFERENCES_SQL.days)).rows,
    (await client.query(ROLLUP_DIFFERENCES_SQL.waits)).rows,
    (await client.query(ROLLUP_DIFFERENCES_SQL.counts)).rows,
    (await client.query(ROLLUP_DIFFERENCES_SQL.users)).rows,
  );
  problems.push(...rollups.slice(0, 3).map((r) => `overview rollups: ${r}`));

  for (const s of await sequences(client, tables)) {
    const { rows } = await client.query<{ next: string; max: string | null }>(
      `select (select case when is_called then last_value + 1 else last_value end from ${s.sequence}) as next,
         (select max(${quote(s.column)})::bigint from ${quote(s.table)}) as max`,
    );
    if (rows[0].max !== null && Number(rows[0].next) <= Number(rows[0].max)) {
      problems.push(
        `${s.table}.${s.column} would next be ${rows[0].next}, not past ${rows[0].max}`,
      );
    }
  }

  if (problems.length) {
    const shown = problems.slice(0, 5).join("; ") + (problems.length > 5 ? "; …" : "");
    throw new MoveError(`Verification failed, nothing was moved: ${shown}.`);
  }
  return search[0].docs;
}

/** An error's own message: the driver's (with its detail), not Drizzle's wrapper with the SQL and parameters. */
export function messageOf(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const wrapped = error instanceof Error && error.message.startsWith("Failed query");
  const base = wrapped && cause instanceof Error ? cause : error;
  if (!(base instanceof Error)) return String(base);
  const detail = (base as { detail?: string }).detail;
  return detail ? `${base.message} (${detail})` : base.message;
}
