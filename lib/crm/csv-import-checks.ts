import { inArray } from "drizzle-orm";
import { setImmediate as nextTurn } from "node:timers/promises";
import { getDb } from "@/db/client";
import { foldedText } from "@/db/dialect";
import { users } from "@/db/schema";
import { IMPORT_COLUMNS, importRowSchema, type ImportRowError } from "@/lib/validation/import";
import { userIdBase, userIdCandidate } from "./customer-changes";
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
      await lookup([...firstEmail.keys()], (chunk) =>
        getDb()
          .select({ email: users.email, type: users.userType })
          .from(users)
          .where(inArray(users.email, chunk)),
      )
    ).map((r) => [r.email, r.type]),
  );
  // Deleted users keep their handle reserved, so they count here too (as in userIdTaken).
  const takenIds = await takenUserIds([...firstUserId.keys()]);
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
 * of the file's own IDs and of the database. The database is asked only about candidates the rows
 * can reach: for a base that `count` rows share, its first `count` candidates, then (only where
 * some were taken) as many more as it still lacks, one bulk lookup per round. Each free candidate
 * goes to one base only ("ann" + 2 and "ann2" are the same ID).
 */
export async function deriveUserIds(rows: CheckedRow[]) {
  const taken = new Set(rows.flatMap((r) => (r.userId ? [r.userId.toLowerCase()] : [])));
  const needing = rows.filter((r) => !r.userId);
  type Base = { count: number; tried: number; free: string[] };
  const bases = new Map<string, Base>();
  for (const [i, r] of needing.entries()) {
    if (i % STEP === STEP - 1) await nextTurn();
    const base = userIdBase(r.email!);
    const entry = bases.get(base);
    if (entry) entry.count += 1;
    else bases.set(base, { count: 1, tried: 0, free: [] });
  }

  let short = [...bases.entries()];
  while (short.length) {
    const round: [Base, string][] = [];
    for (const [base, entry] of short) {
      const want = entry.count - entry.free.length;
      for (let n = entry.tried + 1; n <= entry.tried + want; n++) {
        round.push([entry, userIdCandidate(base, n)]);
      }
      entry.tried += want;
    }
    for (const id of await takenUserIds(round.map(([, id]) => id.toLowerCase()))) taken.add(id);
    for (const [i, [entry, id]] of round.entries()) {
      if (i % STEP === STEP - 1) await nextTurn();
      if (taken.has(id.toLowerCase())) continue;
      taken.add(id.toLowerCase());
      entry.free.push(id);
    }
    short = short.filter(([, entry]) => entry.free.length < entry.count);
  }
  // In file order, each row takes its base's next free candidate (the lowest numbers first).
  const next = new Map([...bases].map(([base, entry]) => [base, entry.free.values()]));
  for (const [i, r] of needing.entries()) {
    if (i % STEP === STEP - 1) await nextTurn();
    r.userId = next.get(userIdBase(r.email!))!.next().value!;
    r.derivedUserId = true;
  }
}

/** Bind parameters per IN (…) lookup, far under either engine's limit. */
const IN_CHUNK = 500;
/** Rows handled per turn of the event loop: a few milliseconds of work. */
const STEP = 5_000;

/**
 * Which of these user IDs (lower-case) are taken, ignoring case, by anyone (deleted users too):
 * `foldedText(user_id) in (…)` reads the case-insensitive unique index on both engines.
 */
async function takenUserIds(ids: string[]): Promise<Set<string>> {
  const found = await lookup(ids, (chunk) =>
    getDb()
      .select({ id: users.userId })
      .from(users)
      .where(inArray(foldedText(users.userId), chunk)),
  );
  return new Set(found.map((r) => r.id.toLowerCase()));
}

/**
 * Runs a `select … in (…)` over values a chunk at a time, with a turn of the event loop every few
 * chunks.
 */
async function lookup<T>(values: string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += IN_CHUNK) {
    for (const r of await query(values.slice(i, i + IN_CHUNK))) out.push(r);
    if ((i / IN_CHUNK) % 10 === 9) await nextTurn();
  }
  return out;
}
