import { redirect } from "next/navigation";
import type { UserType } from "@/db/schema";
import { homeFor, type Actor } from "./actor";
import { auth } from "./auth";
import { actorFromClaims, type TokenClaims } from "./tokens";

/** The signed-in actor for pages and server actions, re-read from the database on every call. */
export async function currentActor(): Promise<Actor | null> {
  const session = (await auth()) as { claims?: TokenClaims } | null;
  return actorFromClaims(session?.claims ?? null);
}

/** For pages: redirects to sign-in when signed out, and to the actor's own home when the role is wrong. */
export async function requireActor(...roles: UserType[]): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/signin");
  if (roles.length && !roles.includes(actor.userType)) redirect(homeFor(actor.userType));
  return actor;
}
