import { created, withApi } from "@/lib/http/with-api";
import { addReply, assertMayPostOn, listReplies } from "@/lib/tickets/replies";
import { replySchema } from "@/lib/validation/tickets";

/** The whole conversation in one page (nextCursor is always null). */
export const GET = withApi(({ actor, params }) => ({
  data: listReplies(actor, String(params.id)),
  nextCursor: null,
}));

/**
 * JSON, or multipart/form-data with `body`, `internal` and up to five `files`. Whether the caller
 * may post on the ticket is checked before the body is read.
 */
export const POST = withApi(
  ({ actor, params, body, files }) => {
    const reply = addReply(actor, String(params.id), body, files);
    return created({ message: reply.internal ? "Note added" : "Reply sent", reply });
  },
  {
    body: replySchema,
    multipart: true,
    authorize: ({ actor, params }) => assertMayPostOn(actor, String(params.id)),
  },
);
