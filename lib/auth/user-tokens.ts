import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { UserTokenPurpose } from "@/db/enums";
import { userTokens, users, type User } from "@/db/schema";
import { invalid } from "@/lib/errors";

/**
 * Single-use links sent by email (docs/roles-and-accounts.md#single-use-links): verification and password reset. The raw token goes
 * only into the email; the database keeps its SHA-256, so a leaked database opens no account.
 */
export const TOKEN_LIFETIME_MS: Record<UserTokenPurpose, number> = {
  "verify-email": 48 * 3_600_000,
  "reset-password": 60 * 60_000,
  /** An imported customer's first password. */
  invite: 7 * 24 * 3_600_000,
};

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Earlier unused tokens of this purpose stop working (a new link replaces the old). */
export async function revokeUserTokens(userId: number, purpose: UserTokenPurpose) {
  await getDb()
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(userTokens.userId, userId),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
      ),
    );
}

/** Issues a fresh token; earlier unused ones of the same purpose stop working. Call in a transaction. */
export async function issueUserToken(
  user: Pick<User, "id" | "email">,
  purpose: UserTokenPurpose,
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = Date.now();
  await revokeUserTokens(user.id, purpose);
  await getDb()
    .insert(userTokens)
    .values({
      userId: user.id,
      purpose,
      tokenHash: hash(token),
      email: user.email,
      expiresAt: new Date(now + TOKEN_LIFETIME_MS[purpose]),
    });
  return token;
}

/** Was a token of this purpose issued to the user within `ms`? (Keeps a mailbox from being flooded.) */
export async function issuedWithin(
  userId: number,
  purpose: UserTokenPurpose,
  ms: number,
): Promise<boolean> {
  const [row] = await getDb()
    .select({ id: userTokens.id })
    .from(userTokens)
    .where(
      and(
        eq(userTokens.userId, userId),
        eq(userTokens.purpose, purpose),
        gt(userTokens.createdAt, new Date(Date.now() - ms)),
      ),
    )
    .limit(1);
  return !!row;
}

export const BAD_LINK_MESSAGE =
  "This link is invalid, has expired or was already used. Ask for a new one.";

/**
 * Spends a token: it must exist, be of this purpose, unused, unexpired, and its user must still
 * exist. Marked used in the same statement that checks it, so it works exactly once. Call inside
 * the transaction that acts on it.
 */
export async function consumeUserToken(
  token: string,
  purpose: UserTokenPurpose | readonly UserTokenPurpose[],
): Promise<{ user: User; email: string }> {
  const purposes = typeof purpose === "string" ? [purpose] : [...purpose];
  const db = getDb();
  const now = new Date();
  const [row] = await db
    .update(userTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(userTokens.tokenHash, hash(token)),
        inArray(userTokens.purpose, purposes),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, now),
      ),
    )
    .returning();
  const [user] = row
    ? await db
        .select()
        .from(users)
        .where(and(eq(users.id, row.userId), isNull(users.deletedAt)))
        .limit(1)
    : [];
  if (!row || !user) throw invalid(BAD_LINK_MESSAGE, { token: [BAD_LINK_MESSAGE] });
  return { user, email: row.email };
}
