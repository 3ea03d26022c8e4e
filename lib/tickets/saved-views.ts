import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, writeTransaction } from "@/db/client";
import { isUniqueViolation } from "@/db/dialect";
import { savedViews } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/errors";
import { listTicketsQuery } from "@/lib/validation/tickets";

export const saveViewSchema = z.object({
  name: z.string().trim().min(1, "Name the view").max(60, "Use at most 60 characters"),
  query: z.string().max(2000),
});

/** Keeps only the list's own filters (never a cursor), validated like the list itself. */
export function normalizeViewQuery(query: string): string {
  const params = new URLSearchParams(query);
  params.delete("cursor");
  const kept = new URLSearchParams();
  const known = Object.keys(listTicketsQuery.shape);
  for (const [k, v] of params) if (v && known.includes(k)) kept.append(k, v);
  listTicketsQuery.parse(Object.fromEntries(kept));
  return kept.toString();
}

export async function listSavedViews(actor: Actor) {
  return getDb()
    .select({ id: savedViews.id, name: savedViews.name, query: savedViews.query })
    .from(savedViews)
    .where(eq(savedViews.userId, actor.id))
    .orderBy(asc(savedViews.name));
}

export async function saveView(actor: Actor, input: z.infer<typeof saveViewSchema>) {
  const query = normalizeViewQuery(input.query);
  try {
    return await writeTransaction(async () => {
      const [view] = await getDb()
        .insert(savedViews)
        .values({ userId: actor.id, name: input.name, query })
        .returning();
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`You have a view named "${input.name}" already`, {
        name: ["Pick another name"],
      });
    }
    throw error;
  }
}

export async function deleteSavedView(actor: Actor, id: number) {
  // Awaited inside: a query runs when awaited, and it must run in the transaction's context.
  const deleted = await writeTransaction(
    async () =>
      await getDb()
        .delete(savedViews)
        .where(and(eq(savedViews.id, id), eq(savedViews.userId, actor.id)))
        .returning({ id: savedViews.id }),
  );
  if (deleted.length === 0) throw notFound("No such view");
}
