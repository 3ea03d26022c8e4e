import { MAX_ROW_ID } from "@/db/enums";
import { notFound } from "@/lib/errors";

/**
 * A row id from a path or a form (an interaction, an attachment…): a whole number from 1 to
 * MAX_ROW_ID, or undefined when the text can't be one (callers answer 404: nothing has that id).
 */
export function parseRowId(text: unknown): number | undefined {
  if (typeof text !== "string" || !/^\d{1,10}$/.test(text)) return undefined;
  const id = Number(text);
  return id >= 1 && id <= MAX_ROW_ID ? id : undefined;
}

/** A row id from the path, or the 404 a client gets for one that can't exist. */
export function rowIdOrNotFound(text: unknown, what: string): number {
  const id = parseRowId(text);
  if (id === undefined) throw notFound(`No such ${what}`);
  return id;
}
