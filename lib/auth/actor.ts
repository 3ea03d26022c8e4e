import type { UserType } from "@/db/enums";
import { forbidden } from "@/lib/errors";

/** Who is acting: always an approved, existing user (resolved fresh from the database per request). */
export type Actor = {
  id: number;
  userId: string;
  name: string;
  email: string;
  userType: UserType;
  /** Whether the email address is confirmed (the portal asks until it is). */
  emailVerified: boolean;
};

export function requireRole(actor: Actor, ...roles: UserType[]) {
  if (!roles.includes(actor.userType)) {
    throw forbidden(`This needs the ${roles.join(" or ")} role`);
  }
}

export const isAdmin = (actor: Actor) => actor.userType === "ADMIN";

/** Each role's home in the portal. */
export function homeFor(role: UserType) {
  return role === "ADMIN" ? "/admin" : role === "ENGINEER" ? "/engineer" : "/customer";
}
