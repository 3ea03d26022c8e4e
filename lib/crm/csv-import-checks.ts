import type { Statement } from "better-sqlite3";
import { setImmediate as nextTurn } from "node:timers/promises";
import { getDb } from "@/db/client";
import { IMPORT_COLUMNS, importRowSchema, type ImportRowError } from "@/lib/validation/import";
import { userIdFromEmail } from "./customer-changes";
import type { RawCustomerRow } from "./csv-import-file";

/** A row after its own fields were checked: what parsed, and whether anything didn't. */
export type CheckedRow = {
  row: number;
  ok: boolean;
  /** Given in the file; otherwise derived from the email just before the insert. */
  userId?: string;
  /** The userId was derived (not given): it may be derived again after a race. */
  derivedUserId?: boolean;
  name: string;
  /** Lower-case; undefined when missing or not an email address. */
  email?: string;
  company: string | null;
  phone: string | null;
  deactivated: boolean;
};

const shape = importRowSchema.shape;
const REQUIRED = new Set<string>(["name", "email"]);

/** One row's own fields, by the app's own field rules. Its problems are added to `errors`. */
export function checkRow(raw: RawCustomerRow, errors: ImportRowError[]): CheckedRow {
  const before = errors.length;
  for (const p of raw.problems ?? []) errors.push({ row: raw.row, ...p });
  const out: Partial<Record<(typeof IMPORT_COLUMNS)[number], unknown>> = {};
  for (const column of IMPORT_COLUMNS) {
    const value = raw.values[column] ?? "";
    if (REQUIRED.has(column) && value.trim() === "") {
      errors.push({ row: raw.row, field: column, reason: `Missing ${column}` });
      continue;
    }
    const parsed = shape[column].safeParse(value);
    if (parsed.success) {
      out[column] = parsed.data;
      continue;
    }
    const issue = parsed.error.issues[0];
    const reason =
      column === "email" && issue.code === "invalid_format"
        ? "Not an email address"
        : issue.message;
    errors.push({ row: raw.row, field: column, value: value.slice(0, 200), reason });
  }
  return {
    row: raw.row,
    ok: errors.length === before,
    userId: out.userId as string | undefined,
    name: (out.name as string | undefined) ?? "",
    email: out.email as string | undefined,
    company: (out.company as string | null | undefined) ?? null,
    phone: (out.phone as string | null | undefined) ?? null,
    deactivated: out.status === "DEACTIVATED",
  };
}

/**
 * Duplicates within the file (the later row names the first), then emails and user IDs already
 * in use. The database is asked in bulk (IN lists of a few hundred), never row by row.
 */
export async function checkDuplicates(rows: CheckedRow[], errors: ImportRowError[]) {
  const firstEmail = new Map<string, number>();
  const firstUserId = new Map<string, number>();
  const flag = (row: CheckedRow, field: "email" | "userId", value: string, reason: string) => {
    row.ok = false;
    errors.push({ row: row.row, field, value, reason });
  };
  for (const [i, row] of rows.entries()) {
    if (i % STEP === STEP - 1) await nextTurn();
    if (row.email) {
      const first = firstEmail.get(row.email);
      if (first === undefined) firstEmail.set(row.email, row.row);
      else flag(row, "email", row.email, `Duplicate email in this file (row ${first})`);
    }
    if (row.userId) {
      const key = row.userId.toLowerCase();
      const first = firstUserId.get(key);
      if (first === undefined) firstUserId.set(key, row.row);
      else flag(row, "userId", row.userId, `Duplicate user ID in this file (row ${first})`);
    }
  }

  const takenEmails = new Map(
    (
      await lookup<{ email: string; type: string }>(
        [...firstEmail.keys()],
        (marks) => `select email, user_type as type from users where email in (${marks})`,
      )
    ).map((r) => [r.email, r.type]),
  );
  // Deleted users keep their handle reserved, so they count here too (as in userIdTaken).
  const takenIds = new Set(
    (
      await lookup<{ id: string }>(
        [...firstUserId.keys()],
        (marks) => `select user_id as id from users where user_id collate nocase in (${marks})`,
      )
    ).map((r) => r.id.toLowerCase()),
  );
  for (const [i, row] of rows.entries()) {
    if (i % STEP === STEP - 1) await nextTurn();
    const type = row.email && firstEmail.get(row.email) === row.row && takenEmails.get(row.email);
    if (type) {
      const reason =
        type === "CUSTOMER"
          ? "A customer with this email exists"
          : "An engineer or admin account has this email";
      flag(row, "email", row.email!, reason);
    }
    const key = row.userId?.toLowerCase();
    if (key && firstUserId.get(key) === row.row && takenIds.has(key)) {
      flag(row, "userId", row.userId!, "This user ID is taken");
    }
  }
}

/**
 * Gives every row without a user ID a free one from its email ("ann.lee", "ann.lee2", …), clear
 * of the file's own IDs and of the database. Only prefixes that can collide are looked up.
 */
export async function deriveUserIds(rows: CheckedRow[]) {
  const taken = new Set(rows.flatMap((r) => (r.userId ? [r.userId.toLowerCase()] : [])));
  const needing = rows.filter((r) => !r.userId);
  const baseOf = (r: CheckedRow) => userIdFromEmail(r.email!, () => false).toLowerCase();
  const bases = new Map<string, number>();
  for (const [i, r] of needing.entries()) {
    if (i % STEP === STEP - 1) await nextTurn();
    const base = baseOf(r);
    bases.set(base, (bases.get(base) ?? 0) + 1);
  }

  const inDb = new Set(
    (
      await lookup<{ id: string }>(
        [...bases.keys()],
        (marks) => `select user_id as id from users where user_id collate nocase in (${marks})`,
      )
    ).map((r) => r.id.toLowerCase()),
  );
  // A base in use (in the database, or twice in the file) is numbered: load every ID it could
  // collide with. "~" sorts after every character a user ID may hold, without regard to case.
  const range = getDb().$client.prepare<[string, string], { id: string }>(
    `select user_id as id from users
     where user_id collate nocase >= ? and user_id collate nocase < ?`,
  );
  let step = 0;
  for (const [base, count] of bases) {
    if (++step % STEP === 0) await nextTurn();
    if (count > 1 || inDb.has(base) || taken.has(base)) {
      for (const { id } of range.all(base, `${base}~`)) taken.add(id.toLowerCase());
    }
  }
  for (const [i, r] of needing.entries()) {
    if (i % STEP === STEP - 1) await nextTurn();
    r.userId = userIdFromEmail(r.email!, (id) => taken.has(id.toLowerCase()));
    r.derivedUserId = true;
    taken.add(r.userId.toLowerCase());
  }
}

/** Host parameters per IN (…) lookup, well under SQLite's limit. */
const IN_CHUNK = 500;
/** Rows handled per turn of the event loop: a few milliseconds of work. */
const STEP = 5_000;

/**
 * Runs `select … in (…)` over values a chunk at a time, one prepared statement per chunk size,
 * with a turn of the event loop every few chunks.
 */
async function lookup<T>(values: string[], sql: (marks: string) => string): Promise<T[]> {
  const client = getDb().$client;
  const statements = new Map<number, Statement<string[], T>>();
  const out: T[] = [];
  for (let i = 0; i < values.length; i += IN_CHUNK) {
    const chunk = values.slice(i, i + IN_CHUNK);
    let statement = statements.get(chunk.length);
    if (!statement) {
      statement = client.prepare<string[], T>(sql(chunk.map(() => "?").join(", ")));
      statements.set(chunk.length, statement);
    }
    for (const r of statement.all(...chunk)) out.push(r);
    if ((i / IN_CHUNK) % 10 === 9) await nextTurn();
  }
  return out;
}
