import { createInteraction, listInteractions } from "@/lib/crm/interactions";
import { created, withApi } from "@/lib/http/with-api";
import { createInteractionSchema, listInteractionsQuery } from "@/lib/validation/crm";
import { otherMethods } from "@/lib/http/route-methods";

export const GET = withApi(({ actor, query }) => listInteractions(actor, query), {
  query: listInteractionsQuery,
  roles: ["ADMIN", "ENGINEER"],
});

export const POST = withApi(
  async ({ actor, body }) => created(await createInteraction(actor, body)),
  {
    body: createInteractionSchema,
    roles: ["ADMIN", "ENGINEER"],
  },
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
