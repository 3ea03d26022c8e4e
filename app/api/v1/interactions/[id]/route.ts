import { deleteInteraction, getInteraction, updateInteraction } from "@/lib/crm/interactions";
import { notFound } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { updateInteractionSchema } from "@/lib/validation/crm";
import { parseRowId } from "@/lib/validation/ids";
import { otherMethods } from "@/lib/http/route-methods";

const idOf = (raw: unknown) => {
  const id = parseRowId(raw);
  if (id === undefined) throw notFound("No such interaction");
  return id;
};

export const GET = withApi(({ actor, params }) => getInteraction(actor, idOf(params.id)), {
  roles: ["ADMIN", "ENGINEER"],
});

/** Edit, reschedule, or set status DONE / CANCELLED / PLANNED. Its owner or an admin. */
const update = withApi(
  ({ actor, params, body }) => updateInteraction(actor, idOf(params.id), body),
  { body: updateInteractionSchema, roles: ["ADMIN", "ENGINEER"] },
);
export const PUT = update;
export const PATCH = update;

export const DELETE = withApi(({ actor, params }) => deleteInteraction(actor, idOf(params.id)), {
  roles: ["ADMIN", "ENGINEER"],
});

export const { HEAD, POST, OPTIONS } = otherMethods({ GET, PUT, PATCH, DELETE });
