import { or, type SQL } from "drizzle-orm";
import { likeText } from "@/db/dialect";
import { users } from "@/db/schema";

/**
 * The users and customers lists' text search (and the customer export's): a case-insensitive
 * substring of the user ID, name, email or company. The users table stays small next to tickets,
 * so LIKE is fine here (tickets use full-text search). `%`, `_` and `\` in the query are matched
 * literally.
 */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function userTextMatch(q: string): SQL {
  const pattern = likePattern(q);
  return or(
    ...[users.userId, users.name, users.email, users.company].map((col) => likeText(col, pattern)),
  )!;
}
