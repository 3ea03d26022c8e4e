import { getDb, writeTransaction } from "@/db/client";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { NO_PASSWORD_YET } from "@/lib/auth/password";
import { invalid } from "@/lib/errors";
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
 * Reads an uploaded file (SPEC §6, admins only). A file that can't be read as a whole throws a
 * 400 AppError saying what to fix; nothing is checked or written yet.
 */
export function prepareCustomerImport(
  actor: Actor,
  file: { bytes: Uint8Array; format: ImportFormat },
): PreparedImport {
  requireRole(actor, "ADMIN");
  return { rows: readCustomerFile(file.bytes, file.format), format: file.format };
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
  const checked: CheckedRow[] = [];
  for (let start = 0; start < total; start += CHUNK) {
    for (const raw of rows.slice(start, start + CHUNK)) checked.push(checkRow(raw, errors));
    options.onProgress?.({ phase: "checking", done: Math.min(start + CHUNK, total), total });
    // Lets the progress line out, and other requests in, between chunks.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw invalid("The upload was abandoned; nothing was imported");
  }
  checkDuplicates(checked, errors);
  if (options.dryRun || errors.length) return reportOf(options.dryRun, total, errors, 0, 0);

  options.onProgress?.({ phase: "importing", done: 0, total });
  try {
    const invited = insertCustomers(actor, checked, prepared.format);
    options.onProgress?.({ phase: "importing", done: total, total });
    return reportOf(false, total, errors, total, invited);
  } catch (error) {
    // Someone added one of these emails or user IDs since the check: say which, import nothing.
    if ((error as { code?: string })?.code !== "SQLITE_CONSTRAINT_UNIQUE") throw error;
    const again = rows.map((raw) => checkRow(raw, errors));
    checkDuplicates(again, errors);
    if (!errors.length) throw error;
    return reportOf(false, total, errors, 0, 0);
  }
}

/** Both steps at once. */
export function importCustomers(
  actor: Actor,
  file: { bytes: Uint8Array; format: ImportFormat },
  options: ImportOptions,
) {
  return runCustomerImport(actor, prepareCustomerImport(actor, file), options);
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
 * The write: one synchronous transaction over statements prepared once. Returns how many were
 * invited. A unique-index violation (a race with another writer) rolls it all back.
 */
function insertCustomers(actor: Actor, rows: CheckedRow[], format: ImportFormat): number {
  const db = getDb();
  const insertUser = db.$client.prepare<
    [string, string, string, string, string | null, string | null, number | null],
    { id: number }
  >(
    `insert into users (user_id, name, email, password_hash, user_type, user_status, company,
       phone, deactivated_at)
     values (?, ?, ?, ?, 'CUSTOMER', 'APPROVED', ?, ?, ?)
     returning id`,
  );
  const insertEvent = db.$client.prepare<[number, number, string, string | null], void>(
    `insert into user_events (user_id, actor_id, type, new_value) values (?, ?, ?, ?)`,
  );
  const invitations = invitationWriter(actor.userId);
  const source = format === "json" ? "JSON file" : "CSV file";
  const invited = writeTransaction(() => {
    deriveUserIds(rows);
    const now = Date.now();
    let count = 0;
    for (const r of rows) {
      const userId = r.userId!;
      const email = r.email!;
      const { id } = insertUser.get(
        userId,
        r.name,
        email,
        NO_PASSWORD_YET,
        r.company,
        r.phone,
        r.deactivated ? now : null,
      )!;
      insertEvent.run(id, actor.id, "imported", source);
      // A deactivated customer can't sign in, so there is nothing to invite them to yet.
      if (r.deactivated) continue;
      invitations.invite({ id, userId, name: r.name, email });
      insertEvent.run(id, actor.id, "invited", email);
      count += 1;
    }
    return count;
  });
  invitations.done();
  return invited;
}

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
