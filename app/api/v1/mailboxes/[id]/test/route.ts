import { testMailbox } from "@/lib/email/mailboxes";
import { otherMethods } from "@/lib/http/route-methods";
import { withApi } from "@/lib/http/with-api";
import { rowIdOrNotFound } from "@/lib/validation/ids";

/** "Test connection" with the stored address: 200 either way, `ok` says how it went. */
export const POST = withApi(
  ({ actor, params }) => testMailbox(actor, rowIdOrNotFound(params.id, "mailbox")),
  { roles: ["ADMIN"] },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
