import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import { USER_STATUSES, USER_TYPES } from "@/lib/users/roles";

export { USER_STATUSES, USER_TYPES };
export type { UserStatus, UserType } from "@/lib/users/roles";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The login handle (SPEC §2), unique regardless of case. */
    userId: text("user_id").notNull(),
    name: text("name").notNull(),
    /** Stored lower-case. */
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    userType: text("user_type", { enum: USER_TYPES }).notNull(),
    userStatus: text("user_status", { enum: USER_STATUSES }).notNull(),
    company: text("company"),
    phone: text("phone"),
    emailVerifiedAt: integer("email_verified_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
    lastActiveAt: integer("last_active_at", { mode: "timestamp_ms" }),
    /** Set when an admin deletes the user: the row stays so their tickets and history keep a name. */
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    /** Bumped on password change and deletion: every token issued before stops working. */
    sessionVersion: integer("session_version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("users_user_id_unique").on(sql`${t.userId} collate nocase`),
    uniqueIndex("users_email_unique").on(t.email),
    index("users_type_status_idx").on(t.userType, t.userStatus, t.id),
    index("users_status_idx").on(t.userStatus, t.id),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
