import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { UserType } from "@/db/enums";
import { homeFor, type Actor } from "./actor";
import { actorFromSessionCookies } from "./tokens";

/**
 * The signed-in actor for pages and server actions, re-read from the database on every call.
 * Reads the cookie store rather than the request headers, so a server action that has just
 * renewed the session (a password change) renders with the new cookie.
 */
export async function currentActor(): Promise<Actor | null> {
  const store = await cookies();
  return actorFromSessionCookies((name) => store.get(name)?.value);
}

/** For pages: redirects to sign-in when signed out, and to the actor's own home when the role is wrong. */
export async function requireActor(...roles: UserType[]): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/signin");
  if (roles.length && !roles.includes(actor.userType)) redirect(homeFor(actor.userType));
  return actor;
}
