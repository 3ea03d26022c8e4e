import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users, type User } from "@/db/schema";

/** A live (not deleted) user by login handle, case-insensitively (uses the nocase unique index). */
export function findUserByUserId(userId: string): User | undefined {
  return getDb()
    .select()
    .from(users)
    .where(and(sql`${users.userId} = ${userId} collate nocase`, isNull(users.deletedAt)))
    .get();
}

export function findUserByEmail(email: string): User | undefined {
  return getDb()
    .select()
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.deletedAt)))
    .get();
}

/** Sign-in accepts the userId or the email in one field. */
export function findUserByLogin(login: string): User | undefined {
  return login.includes("@") ? findUserByEmail(login) : findUserByUserId(login);
}

export function findUserById(id: number): User | undefined {
  return getDb()
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt)))
    .get();
}

export function userIdTaken(userId: string): boolean {
  // Deleted users keep their handle reserved so history never points at a stranger.
  return !!getDb()
    .select({ id: users.id })
    .from(users)
    .where(sql`${users.userId} = ${userId} collate nocase`)
    .get();
}

export function emailTaken(email: string, exceptId?: number): boolean {
  const row = findUserByEmail(email);
  return !!row && row.id !== exceptId;
}

export function approvedAdminCount(): number {
  const row = getDb()
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(
      and(eq(users.userType, "ADMIN"), eq(users.userStatus, "APPROVED"), isNull(users.deletedAt)),
    )
    .get();
  return row?.n ?? 0;
}
