import { deleteMailbox, getMailbox, updateMailbox } from "@/lib/email/mailboxes";
import { otherMethods } from "@/lib/http/route-methods";
import { withApi } from "@/lib/http/with-api";
import { updateMailboxSchema } from "@/lib/validation/email";
import { rowIdOrNotFound } from "@/lib/validation/ids";

export const GET = withApi(
  ({ actor, params }) => getMailbox(actor, rowIdOrNotFound(params.id, "mailbox")),
  { roles: ["ADMIN"] },
);

export const PATCH = withApi(
  ({ actor, params, body }) => updateMailbox(actor, rowIdOrNotFound(params.id, "mailbox"), body),
  { body: updateMailboxSchema, roles: ["ADMIN"] },
);

export const DELETE = withApi(
  async ({ actor, params }) => {
    const name = await deleteMailbox(actor, rowIdOrNotFound(params.id, "mailbox"));
    return { message: `Mailbox ${name} removed: it is no longer read` };
  },
  { roles: ["ADMIN"] },
);

export const { HEAD, POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
