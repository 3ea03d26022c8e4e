import type { Actor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";
import { findUserByUserId } from "./find-user";
import { toPublicUser } from "./public-user";

/** Admins read anyone; others only themselves. Anyone else's record answers 404 (no probing). */
export async function getUser(actor: Actor, userId: string) {
  const user = await findUserByUserId(userId);
  if (!user || (actor.userType !== "ADMIN" && user.id !== actor.id)) throw notFound("No such user");
  return toPublicUser(user);
}
