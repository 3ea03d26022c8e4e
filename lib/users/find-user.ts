import { and, count, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { sameText } from "@/db/dialect";
import { users, type User } from "@/db/schema";

/** A live (not deleted) user by login handle, case-insensitively (off the unique index on the folded handle). */
export async function findUserByUserId(userId: string): Promise<User | undefined> {
  const [user] = await getDb()
    .select()
    .from(users)
    .where(and(sameText(users.userId, userId), isNull(users.deletedAt)))
    .limit(1);
  return user;
}

export async function findUserByEmail(email: string): Promise<User | undefined> {
  const [user] = await getDb()
    .select()
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.deletedAt)))
    .limit(1);
  return user;
}

/** Sign-in accepts the userId or the email in one field. */
export function findUserByLogin(login: string): Promise<User | undefined> {
  return login.includes("@") ? findUserByEmail(login) : findUserByUserId(login);
}

export async function findUserById(id: number): Promise<User | undefined> {
  const [user] = await getDb()
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt)))
    .limit(1);
  return user;
}

export async function userIdTaken(userId: string): Promise<boolean> {
  // Deleted users keep their handle reserved so history never points at a stranger.
  const [row] = await getDb()
    .select({ id: users.id })
    .from(users)
    .where(sameText(users.userId, userId))
    .limit(1);
  return !!row;
}

export async function emailTaken(email: string, exceptId?: number): Promise<boolean> {
  const row = await findUserByEmail(email);
  return !!row && row.id !== exceptId;
}

export async function approvedAdminCount(): Promise<number> {
  const [row] = await getDb()
    .select({ n: count() })
    .from(users)
    .where(
      and(eq(users.userType, "ADMIN"), eq(users.userStatus, "APPROVED"), isNull(users.deletedAt)),
    );
  return row?.n ?? 0;
}
