import { stringify } from "csv-stringify/sync";

/**
 * A download pulled page by page as the client reads it: one page of rows is in memory at a time,
 * whatever the total, and a client that goes away stops the walk. `pages` is a keyset walk.
 */
export function pagedTextStream<Row>(
  pages: Generator<Row[]>,
  render: { head: string; page: (rows: Row[]) => string; tail: () => string },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let text = started ? "" : render.head;
      started = true;
      const page = pages.next();
      if (page.done) {
        text += render.tail();
        if (text) controller.enqueue(encoder.encode(text));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(text + render.page(page.value)));
    },
    cancel() {
      pages.return(undefined);
    },
  });
}

/** CSV with a header row; the BOM lets spreadsheets read it as UTF-8 (Caseline's import accepts it). */
export function pagedCsvStream<Row>(
  columns: readonly string[],
  pages: Generator<Row[]>,
  record: (row: Row) => unknown[],
) {
  return pagedTextStream(pages, {
    head: stringify([[...columns]], { bom: true }),
    page: (rows) => stringify(rows.map(record)),
    tail: () => "",
  });
}

/**
 * A spreadsheet runs a cell starting with = + - @ as a formula, and people type free text: such a
 * value gets a leading apostrophe (the customer import takes it off again).
 */
export const spreadsheetSafe = <T extends string | null>(value: T): T =>
  value && /^[=+\-@\t\r]/.test(value) ? (`'${value}` as T) : value;
