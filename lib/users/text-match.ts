import { or, type SQL } from "drizzle-orm";
import { likeText } from "@/db/dialect";
import { users } from "@/db/schema";

/**
 * The users and customers lists' text search: a case-insensitive substring of the user ID, name,
 * email or company. The users table stays small next to tickets, so LIKE is fine here (tickets use
 * full-text search). `%`, `_` and `\` in the query are matched literally; likeText ignores case on
 * both engines (docs/operations.md#two-engines).
 */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The same columns as raw SQL, for prepared statements (the streamed export). */
export const USER_TEXT_COLUMNS = ["user_id", "name", "email", "company"] as const;

export function userTextMatch(q: string): SQL {
  const pattern = likePattern(q);
  return or(
    ...[users.userId, users.name, users.email, users.company].map((col) => likeText(col, pattern)),
  )!;
}
