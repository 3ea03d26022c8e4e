import { created, withApi } from "@/lib/http/with-api";
import { addReply, assertMayPostOn, listRepliesPage } from "@/lib/tickets/replies";
import { pageQuery } from "@/lib/validation/common";
import { replySchema } from "@/lib/validation/tickets";
import { otherMethods } from "@/lib/http/route-methods";

/** The conversation, oldest first, a page at a time (`limit`, `cursor`). */
export const GET = withApi(
  ({ actor, params, query }) => listRepliesPage(actor, String(params.id), query),
  { query: pageQuery },
);

/**
 * JSON, or multipart/form-data with `body`, `internal` and up to five `files`. Whether the caller
 * may post on the ticket is checked before the body is read.
 */
export const POST = withApi(
  async ({ actor, params, body, files }) => {
    const reply = await addReply(actor, String(params.id), body, files);
    return created({ message: reply.internal ? "Note added" : "Reply sent", reply });
  },
  {
    body: replySchema,
    multipart: true,
    authorize: ({ actor, params }) => assertMayPostOn(actor, String(params.id)),
  },
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
