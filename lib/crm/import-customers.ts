import { inArray } from "drizzle-orm";
import { setImmediate as nextTurn } from "node:timers/promises";
import { getDb, writeTransaction } from "@/db/client";
import { isUniqueViolation } from "@/db/dialect";
import { userEvents, users } from "@/db/schema";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { NO_PASSWORD_YET } from "@/lib/auth/password";
import { AppError, invalid } from "@/lib/errors";
import { IMPORT_COLUMNS, type ImportReport, type ImportRowError } from "@/lib/validation/import";
import { checkDuplicates, checkRow, deriveUserIds, type CheckedRow } from "./csv-import-checks";
import { invitationWriter } from "@/lib/notifications/invitations";
import { readCustomerFile, type ImportFormat, type RawCustomerRow } from "./csv-import-file";

export type { ImportFormat };

export type ImportProgress = {
  /** "checking": rows validated so far; "importing": the single all-or-nothing write. */
  phase: "checking" | "importing";
  done: number;
  total: number;
};

export type ImportOptions = {
  dryRun: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Aborted (the client went away) before the write: stop, and import nothing. */
  signal?: AbortSignal;
};

/** A file that was read, ready to check. */
export type PreparedImport = { rows: RawCustomerRow[]; format: ImportFormat };

/** The report lists at most this many problems (then `errorsTruncated`); its counts are whole. */
export const MAX_REPORTED_ERRORS = 10_000;
/** Rows checked between two progress reports (and two turns of the event loop). */
const CHUNK = 2_500;
/**
 * Rows written per transaction, as one multi-row insert per table (250 rows bind a few thousand
 * parameters: far under PostgreSQL's 65,535 and SQLite's 32,766 a statement). Each write
 * transaction is a few tens of milliseconds, then other requests get their turn: one transaction
 * over a whole file held the server for 10–20 s on a large import.
 */
const WRITE_CHUNK = 250;

/**
 * Reads an uploaded file (docs/crm.md#import, admins only). A file that can't be read as a whole throws a
 * 400 AppError saying what to fix; nothing is checked or written yet.
 */
export async function prepareCustomerImport(
  actor: Actor,
  file: { bytes: Uint8Array; format: ImportFormat },
): Promise<PreparedImport> {
  requireRole(actor, "ADMIN");
  return { rows: await readCustomerFile(file.bytes, file.format), format: file.format };
}

/**
 * Checks every row and then, unless it's a dry run or any row is bad, imports them all in one
 * transaction: all-or-nothing per file. Each imported customer is APPROVED with no password, gets
 * an "imported" history event and (unless deactivated in the file) an emailed invitation to
 * choose a password, all written with the rows. Answers the report either way.
 */
export async function runCustomerImport(
  actor: Actor,
  prepared: PreparedImport,
  options: ImportOptions,
): Promise<ImportReport> {
  requireRole(actor, "ADMIN");
  const { rows } = prepared;
  const total = rows.length;
  const errors: ImportRowError[] = [];
  const checked = await checkRows(rows, errors, options);
  await checkDuplicates(checked, errors);
  if (options.dryRun || errors.length) return reportOf(options.dryRun, total, errors, 0, 0);

  options.onProgress?.({ phase: "importing", done: 0, total });
  const onWritten = (done: number) => options.onProgress?.({ phase: "importing", done, total });
  for (let attempt = 1; ; attempt += 1) {
    const written = await insertCustomers(actor, checked, prepared.format, onWritten);
    if (written.ok) return reportOf(false, total, errors, total, written.invited);
    // Someone added one of these emails or user IDs since the check: say which, import nothing.
    const again = await checkRows(rows, errors, {});
    await checkDuplicates(again, errors);
    if (errors.length) return reportOf(false, total, errors, 0, 0);
    // Only a derived user ID was taken meanwhile: derive again, once.
    if (attempt === 2) {
      throw new AppError(
        "CONFLICT",
        "Customers were added while the file was imported; nothing was imported. Import it again.",
      );
    }
    for (const row of checked) if (row.derivedUserId) row.userId = undefined;
  }
}

/** Every row's own fields, CHUNK rows per turn of the event loop. */
async function checkRows(
  rows: RawCustomerRow[],
  errors: ImportRowError[],
  options: Pick<ImportOptions, "onProgress" | "signal">,
): Promise<CheckedRow[]> {
  const checked: CheckedRow[] = [];
  const total = rows.length;
  for (let start = 0; start < total; start += CHUNK) {
    for (const raw of rows.slice(start, start + CHUNK)) checked.push(checkRow(raw, errors));
    options.onProgress?.({ phase: "checking", done: Math.min(start + CHUNK, total), total });
    // Lets the progress line out, and other requests in, between chunks.
    await nextTurn();
    if (options.signal?.aborted) throw invalid("The upload was abandoned; nothing was imported");
  }
  return checked;
}

/** Both steps at once. */
export async function importCustomers(
  actor: Actor,
  file: { bytes: Uint8Array; format: ImportFormat },
  options: ImportOptions,
) {
  return runCustomerImport(actor, await prepareCustomerImport(actor, file), options);
}

function reportOf(
  dryRun: boolean,
  total: number,
  errors: ImportRowError[],
  imported: number,
  invited: number,
): ImportReport {
  // By row, then in the file's column order.
  const order = (e: ImportRowError) => (e.field ? IMPORT_COLUMNS.indexOf(e.field as never) : -1);
  errors.sort((a, b) => a.row - b.row || order(a) - order(b));
  const invalid = new Set(errors.map((e) => e.row)).size;
  return {
    dryRun,
    total,
    valid: total - invalid,
    invalid,
    imported,
    invited,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    errorsTruncated: errors.length > MAX_REPORTED_ERRORS,
  };
}

/**
 * The write, all-or-nothing for the file but in short steps: the customers and their "imported"
 * events go in WRITE_CHUNK rows per transaction, with a turn of the event loop between two. If a
 * chunk meets a unique-index violation (a race with another writer), the chunks already written
 * are deleted again and `{ok: false}` is answered. Only once every customer is in are the
 * invitations written (again in chunks): no email is queued for an import that is then undone.
 */
async function insertCustomers(
  actor: Actor,
  rows: CheckedRow[],
  format: ImportFormat,
  onWritten: (done: number) => void,
): Promise<{ ok: true; invited: number } | { ok: false }> {
  await deriveUserIds(rows);
  const source = format === "json" ? "JSON file" : "CSV file";
  const now = new Date();
  const ids: number[] = [];
  try {
    for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
      const chunk = rows.slice(start, start + WRITE_CHUNK);
      const chunkIds = await writeTransaction(async () => {
        const db = getDb();
        const inserted = await db
          .insert(users)
          .values(
            chunk.map((r) => ({
              userId: r.userId!,
              name: r.name,
              email: r.email!,
              passwordHash: NO_PASSWORD_YET,
              userType: "CUSTOMER" as const,
              userStatus: "APPROVED" as const,
              company: r.company,
              phone: r.phone,
              deactivatedAt: r.deactivated ? now : null,
            })),
          )
          .returning({ id: users.id, email: users.email });
        // RETURNING promises no order on SQLite: match the ids back by email (unique, lower-case).
        const idOf = new Map(inserted.map((u) => [u.email, u.id]));
        const written = chunk.map((r) => idOf.get(r.email!)!);
        await db.insert(userEvents).values(
          written.map((id) => ({
            userId: id,
            actorId: actor.id,
            type: "imported" as const,
            newValue: source,
          })),
        );
        return written;
      });
      ids.push(...chunkIds);
      onWritten(Math.floor(ids.length / 2));
      await nextTurn();
    }
  } catch (error) {
    await removeCustomers(ids);
    if (!isUniqueViolation(error)) throw error;
    return { ok: false };
  }

  let invited = 0;
  for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
    const chunk = rows.slice(start, start + WRITE_CHUNK);
    const invitations = await writeTransaction(async () => {
      // Made inside the transaction, so its writes join it.
      const writer = invitationWriter(actor.userId);
      const events: (typeof userEvents.$inferInsert)[] = [];
      const invitees: { id: number; userId: string; name: string; email: string }[] = [];
      for (const [i, r] of chunk.entries()) {
        // A deactivated customer can't sign in, so there is nothing to invite them to yet.
        if (r.deactivated) continue;
        const id = ids[start + i];
        invitees.push({ id, userId: r.userId!, name: r.name, email: r.email! });
        events.push({ userId: id, actorId: actor.id, type: "invited", newValue: r.email! });
      }
      // The whole chunk's tokens and emails in two statements (lib/notifications/invitations.ts).
      await writer.inviteAll(invitees);
      if (events.length) await getDb().insert(userEvents).values(events);
      return { writer, count: events.length };
    });
    invitations.writer.done();
    invited += invitations.count;
    onWritten(Math.floor((rows.length + Math.min(start + WRITE_CHUNK, rows.length)) / 2));
    await nextTurn();
  }
  return { ok: true, invited };
}

/** Undoes the chunks of an import that could not finish (the customers are minutes old at most). */
async function removeCustomers(ids: number[]) {
  for (let start = 0; start < ids.length; start += REMOVE_CHUNK) {
    const chunk = ids.slice(start, start + REMOVE_CHUNK);
    await writeTransaction(async () => {
      const db = getDb();
      await db.delete(userEvents).where(inArray(userEvents.userId, chunk));
      await db.delete(users).where(inArray(users.id, chunk));
    });
    await nextTurn();
  }
}

/** Customers deleted per statement when an import is undone. */
const REMOVE_CHUNK = 500;

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** What the report means, in a sentence for the admin. */
export function describeImport(report: ImportReport): string {
  const { dryRun, total, invalid, imported, invited } = report;
  if (invalid > 0) {
    const which = `${plural(invalid, "row")} of ${total.toLocaleString("en-US")} ${invalid === 1 ? "has" : "have"} problems`;
    return dryRun
      ? `${which}. Fix them and check again: nothing is imported until every row is valid.`
      : `${which}, so nothing was imported. Fix them and import the file again.`;
  }
  if (dryRun) {
    const valid = total === 1 ? "The row is valid" : `All ${plural(total, "row")} are valid`;
    return `${valid}. Importing adds ${plural(total, "customer")} and emails each an invitation to choose a password.`;
  }
  const notInvited = imported - invited;
  return (
    `Imported ${plural(imported, "customer")} and emailed ${plural(invited, "invitation")} to choose a password.` +
    (notInvited
      ? ` ${plural(notInvited, "customer")} marked DEACTIVATED in the file ${notInvited === 1 ? "was" : "were"} not invited.`
      : "")
  );
}
