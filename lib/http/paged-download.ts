import { stringify } from "csv-stringify/sync";

/** One page of a keyset walk: its rows, and where the next page starts (none: this was the last). */
export type DownloadPage<Row, Cursor> = { rows: Row[]; next?: Cursor };

/** Reads the page after `after` (undefined: the first page). The domain checks who may read. */
export type PageReader<Row, Cursor> = (
  after: Cursor | undefined,
) => Promise<DownloadPage<Row, Cursor>>;

/** A table the domain offers as a file: its columns, its pages, and how it is named. */
export type PagedFile<Row extends Record<string, unknown>, Cursor> = {
  format: "csv" | "json";
  filename: string;
  /** The CSV's columns, in order (keys of Row). JSON items are the rows as they are. */
  columns: readonly (keyof Row & string)[];
  /** Columns people type free text into: guarded against spreadsheet formulas in CSV. */
  freeText?: readonly (keyof Row & string)[];
  page: PageReader<Row, Cursor>;
};

/**
 * A download pulled page by page as the client reads it: one page of rows is in memory at a time,
 * whatever the total, and a client that goes away stops the walk (no page is read for it).
 */
export function pagedTextStream<Row, Cursor>(
  page: PageReader<Row, Cursor>,
  render: { head: string; page: (rows: Row[]) => string; tail: () => string },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  let done = false;
  let after: Cursor | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = started ? "" : render.head;
      started = true;
      if (!done) {
        const { rows, next } = await page(after);
        if (rows.length) text += render.page(rows);
        after = next;
        done = next === undefined;
      }
      if (done) {
        text += render.tail();
        if (text) controller.enqueue(encoder.encode(text));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(text));
    },
  });
}

/** CSV with a header row; the BOM lets spreadsheets read it as UTF-8 (Caseline's import accepts it). */
export function pagedCsvStream<Row extends Record<string, unknown>, Cursor>(
  columns: readonly (keyof Row & string)[],
  page: PageReader<Row, Cursor>,
  freeText: readonly (keyof Row & string)[] = [],
) {
  const guarded = new Set<string>(freeText);
  const record = (row: Row) =>
    columns.map((c) => (guarded.has(c) ? spreadsheetSafe(row[c] as string | null) : row[c]));
  return pagedTextStream(page, {
    head: stringify([[...columns]], { bom: true }),
    page: (rows) => stringify(rows.map(record)),
    tail: () => "",
  });
}

/** A JSON array, one item a line, written as the pages arrive. */
export function pagedJsonStream<Row, Cursor>(page: PageReader<Row, Cursor>) {
  let first = true;
  return pagedTextStream(page, {
    head: "[",
    page: (rows) =>
      rows
        .map((row) => {
          const item = `${first ? "\n" : ",\n"}${JSON.stringify(row)}`;
          first = false;
          return item;
        })
        .join(""),
    tail: () => (first ? "]\n" : "\n]\n"),
  });
}

/** The file as an attachment, streamed (docs/crm.md#export, docs/reports.md#resolved-tickets-csv). */
export function pagedDownload<Row extends Record<string, unknown>, Cursor>(
  file: PagedFile<Row, Cursor>,
): Response {
  const csv = file.format === "csv";
  const body = csv
    ? pagedCsvStream(file.columns, file.page, file.freeText)
    : pagedJsonStream(file.page);
  return new Response(body, {
    headers: {
      "Content-Type": csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

/**
 * A spreadsheet runs a cell starting with = + - @ as a formula, and people type free text: such a
 * value gets a leading apostrophe (the customer import takes it off again).
 */
export const spreadsheetSafe = <T extends string | null>(value: T): T =>
  value && /^[=+\-@\t\r]/.test(value) ? (`'${value}` as T) : value;
