import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { UserType } from "@/db/enums";
import { homeFor, type Actor } from "./actor";
import { actorFromSessionToken, sessionTokenIn } from "./tokens";

/**
 * One page render asks for its actor from the layout, the page and its metadata: React's `cache`
 * reads it once per render and cookie value (outside a render, in a server action, it reads anew).
 */
const actorOfSession = cache(actorFromSessionToken);

/**
 * The signed-in actor for pages and server actions, re-read from the database for each render.
 * Reads the cookie store rather than the request headers, so a server action that has just
 * renewed the session (a password change) renders with the new cookie.
 */
export async function currentActor(): Promise<Actor | null> {
  const store = await cookies();
  const token = sessionTokenIn((name) => store.get(name)?.value);
  return token ? actorOfSession(token.name, token.value) : null;
}

/** For pages: redirects to sign-in when signed out, and to the actor's own home when the role is wrong. */
export async function requireActor(...roles: UserType[]): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/signin");
  if (roles.length && !roles.includes(actor.userType)) redirect(homeFor(actor.userType));
  return actor;
}
