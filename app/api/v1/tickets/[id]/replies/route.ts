import { created, withApi } from "@/lib/http/with-api";
import { addReply, listReplies } from "@/lib/tickets/replies";
import { replySchema } from "@/lib/validation/tickets";

/** The whole conversation in one page (nextCursor is always null). */
export const GET = withApi(({ actor, params }) => ({
  data: listReplies(actor, String(params.id)),
  nextCursor: null,
}));

export const POST = withApi(
  ({ actor, params, body }) => {
    const reply = addReply(actor, String(params.id), body);
    return created({ message: reply.internal ? "Note added" : "Reply sent", reply });
  },
  { body: replySchema },
);
