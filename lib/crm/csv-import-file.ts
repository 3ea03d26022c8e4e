import { parse } from "csv-parse";
import { setImmediate as nextTurn } from "node:timers/promises";
import { invalid } from "@/lib/errors";
import { parseJsonOffThread } from "./json-off-thread";
import {
  IGNORED_IMPORT_COLUMNS,
  REQUIRED_IMPORT_COLUMNS,
  type ImportColumn,
} from "@/lib/validation/import";

/** One data row of an import file, before validation. */
export type RawCustomerRow = {
  /** 1-based data row (header excluded); for JSON the array index + 1. */
  row: number;
  values: Partial<Record<ImportColumn, string>>;
  /** Problems found while reading the row (a value of the wrong type, too many values). */
  problems?: { field?: string; value?: string; reason: string }[];
};

export type ImportFormat = "csv" | "json";

/**
 * No customer row comes near this many characters (every field has a short limit). A longer
 * "line" is a file whose rows are not separated by line breaks, or not a customer file at all:
 * refused as soon as the parser passes it, instead of building one enormous record.
 */
export const MAX_LINE_CHARS = 64 * 1024;
/** Characters handed to the CSV parser per turn of the event loop. */
const PARSE_STEP = 256 * 1024;
/** Rows turned into customer rows per turn of the event loop. */
const ROW_STEP = 2_500;

const COLUMN_LIST = "userId, name, email, company, phone (name and email are required)";

/**
 * Header spellings we accept, by their letters and digits only, lower-cased. A Map, not an object
 * literal: a column named "constructor" must be unknown, not found on Object.prototype.
 */
const ALIASES = new Map<string, ImportColumn | "ignored">([
  ["userid", "userId"],
  ["username", "userId"],
  ["login", "userId"],
  ["name", "name"],
  ["fullname", "name"],
  ["email", "email"],
  ["emailaddress", "email"],
  ["company", "company"],
  ["companyname", "company"],
  ["organisation", "company"],
  ["organization", "company"],
  ["phone", "phone"],
  ["phonenumber", "phone"],
  ["telephone", "phone"],
  ["status", "status"],
  ...IGNORED_IMPORT_COLUMNS.map((c) => [c.toLowerCase(), "ignored"] as const),
]);

const BLANK = "blank";
type Column = ImportColumn | "ignored" | typeof BLANK;

const normalise = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");
const PASSWORD_LIKE = /pass(word|wd)?$|^pass|pwd|hash|secret|^pin$|salt/;

/** A file-level problem: 400, nothing imported. `details.file` repeats the message. */
const bad = (message: string) => invalid(message, { file: [message] });

function refusePasswords(headers: string[], where: string) {
  const found = headers.find((h) => PASSWORD_LIKE.test(normalise(h)));
  if (found !== undefined) {
    throw bad(
      `The ${where} has a password column ("${found}"). Caseline never imports passwords or ` +
        "password hashes: remove that column and import again. Each imported customer is " +
        "emailed an invitation to choose their own password.",
    );
  }
}

/**
 * Reads an uploaded customer file (CSV or JSON) into rows. Anything that makes the file as a whole
 * unreadable answers 400 with a message saying what to fix: not UTF-8, empty, the wrong
 * delimiter, no header, unknown or password columns, broken quotes, JSON that isn't an array of
 * objects. Row-level problems are left to validation, which reports them all at once.
 */
export async function readCustomerFile(
  bytes: Uint8Array,
  format: ImportFormat,
): Promise<RawCustomerRow[]> {
  const text = decodeUtf8(bytes);
  if (text.trim() === "") throw bad("The file is empty.");
  return format === "json" ? readJson(text) : readCsv(text);
}

function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.length === 0) throw bad("The file is empty.");
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw bad(
      'The file is saved as UTF-16. Save the file as UTF-8 (in Excel: "CSV UTF-8") and try again.',
    );
  }
  try {
    // A UTF-8 byte-order mark (Excel's "CSV UTF-8") is dropped here.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const at = lenient.indexOf("\uFFFD");
    const line = lenient.slice(0, Math.max(at, 0)).split("\n").length;
    throw bad(
      `The file is not UTF-8: line ${line} has characters in another encoding (such as ` +
        'Windows-1252 or Latin-1). Save the file as UTF-8 (in Excel: "CSV UTF-8") and try again.',
    );
  }
}

const DELIMITERS: [string, string][] = [
  [";", "semicolons (;)"],
  ["\t", "tabs"],
  ["|", "vertical bars (|)"],
];

async function readCsv(text: string): Promise<RawCustomerRow[]> {
  const body = text.trimStart();
  if (body.startsWith("[") || body.startsWith("{")) {
    throw bad("This looks like a JSON file, not CSV: import it as JSON (format=json).");
  }
  const firstLine = body.slice(0, Math.min(body.search(/\r?\n|$/), MAX_LINE_CHARS));
  if (!firstLine.includes(",")) {
    const used = DELIMITERS.find(([d]) => firstLine.includes(d));
    if (used) {
      throw bad(
        `The columns are separated by ${used[1]}, not commas. Save the file as CSV with commas ` +
          "between columns (comma-separated values) and try again.",
      );
    }
  }

  const [header = [], ...rows] = await parseCsvInSteps(body);
  const columns = headerColumns(header);
  if (rows.length === 0) throw bad("The file has a header but no customers below it.");

  const out: RawCustomerRow[] = [];
  for (let index = 0; index < rows.length; index += 1) {
    if (index % ROW_STEP === ROW_STEP - 1) await nextTurn();
    const cells = rows[index];
    // Spreadsheets often save trailing rows of empty cells (",,,,"): not customers.
    if (cells.every((c) => c.trim() === "")) continue;
    const row: RawCustomerRow = { row: index + 1, values: {} };
    columns.forEach((column, i) => {
      if (column === BLANK && cells[i]?.trim()) {
        (row.problems ??= []).push({
          value: cells[i].slice(0, 200),
          reason: `A value in column ${i + 1}, which has no name in the header`,
        });
      } else if (column !== "ignored" && column !== BLANK && cells[i] !== undefined) {
        row.values[column] = unescapeFormula(column, cells[i]);
      }
    });
    const extra = cells.slice(columns.length).filter((c) => c.trim() !== "");
    if (extra.length) {
      (row.problems ??= []).push({
        value: extra.join(",").slice(0, 200),
        reason:
          `This row has ${cells.length} values but the header has ${columns.length} columns ` +
          "(a value containing a comma must be wrapped in quotes)",
      });
    }
    out.push(row);
  }
  return out;
}

/**
 * csv-parse over the text a slice at a time, one slice per turn of the event loop: a 20 MB file
 * is a few hundred short steps instead of one call that holds every other request (the
 * synchronous parse of a whole 8 MB file blocked the server for seconds). A record longer than
 * MAX_LINE_CHARS stops the parse at once.
 */
async function parseCsvInSteps(body: string): Promise<string[][]> {
  const records: string[][] = [];
  let lastLine = 0;
  let failure: unknown;
  const parser = parse({
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_LINE_CHARS,
    on_record: (record: string[], context: { lines: number }) => {
      lastLine = context.lines;
      return record;
    },
  });
  parser.on("data", (record: string[]) => records.push(record));
  parser.on("error", (error) => (failure ??= error));
  const ended = new Promise<void>((resolve) => {
    parser.once("end", resolve);
    parser.once("error", () => resolve());
  });
  for (let at = 0; at < body.length && failure === undefined;) {
    let to = Math.min(at + PARSE_STEP, body.length);
    // Never split a surrogate pair between two slices.
    if (to < body.length && /[\ud800-\udbff]/.test(body[to - 1])) to += 1;
    parser.write(body.slice(at, to));
    at = to;
    await nextTurn();
  }
  if (failure === undefined) parser.end();
  else parser.destroy();
  await (failure === undefined ? ended : Promise.resolve());
  if (failure !== undefined) throw csvError(failure, lastLine);
  return records;
}

function csvError(error: unknown, lastGoodLine: number) {
  const e = error as { code?: string; lines?: number; message?: string };
  const hint = 'Wrap a value in quotes "like this", and double any quote inside it ("").';
  switch (e.code) {
    case "CSV_MAX_RECORD_SIZE":
      return bad(
        `Line ${lastGoodLine + 2} is longer than ${MAX_LINE_CHARS / 1024} KiB, far longer than any ` +
          "customer's row. Put one customer per line (each line ending in a line break), and " +
          "check that no quote is left open.",
      );
    case "CSV_QUOTE_NOT_CLOSED":
      return bad(
        `Broken quotes: a quote opened on line ${lastGoodLine + 1} is never closed. ${hint}`,
      );
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return bad(`Broken quotes on line ${e.lines ?? lastGoodLine + 1}. ${hint}`);
    default:
      return bad(
        `The file can't be read as CSV (near line ${e.lines ?? lastGoodLine + 1}): ${e.message ?? "unknown problem"}`,
      );
  }
}

/** Maps the header to columns, or says what is wrong with it. */
function headerColumns(header: string[]): Column[] {
  refusePasswords(header, "header");
  // A blank header cell (a trailing comma) is a column to ignore, as long as it stays empty.
  const mapped = header.map((h) => (h.trim() === "" ? BLANK : ALIASES.get(normalise(h))));
  if (!mapped.some((m) => m && m !== BLANK)) {
    const shown = header.join(",").slice(0, 120);
    throw bad(
      `The first line must be a header naming the columns: ${COLUMN_LIST}. It reads "${shown}". ` +
        "Add a header line and try again.",
    );
  }
  const unknown = header.filter((_, i) => !mapped[i]);
  if (unknown.length) {
    // A header of thousands of cells is named by its first few, not echoed back whole.
    const names =
      unknown
        .slice(0, 10)
        .map((u) => `"${u.slice(0, 60)}"`)
        .join(", ") + (unknown.length > 10 ? ` and ${unknown.length - 10} more` : "");
    throw bad(
      `Unknown column${unknown.length > 1 ? "s" : ""} ${names} in the header. The columns are ${COLUMN_LIST}.`,
    );
  }
  const seen = new Set<string>();
  for (const column of mapped as Column[]) {
    if (column !== "ignored" && column !== BLANK && seen.has(column)) {
      throw bad(`The header names the ${column} column twice.`);
    }
    seen.add(column);
  }
  const missing = REQUIRED_IMPORT_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length) {
    throw bad(`The header has no ${missing.join(" or ")} column. The columns are ${COLUMN_LIST}.`);
  }
  return mapped as Column[];
}

/**
 * Exports guard free text that a spreadsheet would run as a formula with a leading apostrophe
 * (export-customers.ts); it is taken off again here so an export imports back unchanged.
 */
function unescapeFormula(column: ImportColumn, value: string) {
  return (column === "name" || column === "company") && /^'[=+\-@\t\r]/.test(value)
    ? value.slice(1)
    : value;
}

async function readJson(text: string): Promise<RawCustomerRow[]> {
  const parsed = await parseJsonOffThread(text);
  if (parsed.kind === "invalid") {
    const looksCsv = /^[^[{"\s]/.test(text.trimStart());
    throw bad(
      `The file is not valid JSON (${parsed.message}).` +
        (looksCsv ? " It looks like CSV: import it as CSV (format=csv)." : ""),
    );
  }
  const example = '[{"name": "Ann Lee", "email": "ann@example.com"}]';
  if (parsed.kind === "not-array") {
    throw bad(`The JSON must be an array of customer objects, like ${example}.`);
  }
  const data = parsed.items;
  if (data.length === 0) throw bad("The file has no customers in it (the array is empty).");
  const out: RawCustomerRow[] = [];
  for (let index = 0; index < data.length; index += 1) {
    if (index % ROW_STEP === ROW_STEP - 1) await nextTurn();
    out.push(readJsonItem(data[index], index, example));
  }
  return out;
}

function readJsonItem(item: unknown, index: number, example: string): RawCustomerRow {
  const row: RawCustomerRow = { row: index + 1, values: {} };
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw bad(
      `Item ${index + 1} of the array is not an object. The JSON must be an array of customer objects, like ${example}.`,
    );
  }
  const keys = Object.keys(item);
  refusePasswords(keys, `object at item ${index + 1}`);
  for (const key of keys) {
    const column = ALIASES.get(normalise(key));
    if (!column) {
      throw bad(`Unknown field "${key}" in item ${index + 1}. The fields are ${COLUMN_LIST}.`);
    }
    if (column === "ignored") continue;
    const value = (item as Record<string, unknown>)[key];
    if (value === null || value === undefined) row.values[column] = "";
    else if (typeof value === "string") row.values[column] = value;
    else if (typeof value === "number") row.values[column] = String(value);
    else {
      (row.problems ??= []).push({
        field: column,
        value: JSON.stringify(value).slice(0, 200),
        reason: "Must be text",
      });
    }
  }
  return row;
}
