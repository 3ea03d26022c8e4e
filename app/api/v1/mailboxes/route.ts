import { createMailbox, listMailboxes } from "@/lib/email/mailboxes";
import { otherMethods } from "@/lib/http/route-methods";
import { withApi } from "@/lib/http/with-api";
import { createMailboxSchema } from "@/lib/validation/email";

/** The IMAP mailboxes Caseline reads (docs/email.md#mailboxes). Admins. */
export const GET = withApi(async ({ actor }) => ({ data: await listMailboxes(actor) }), {
  roles: ["ADMIN"],
});

export const POST = withApi(
  async ({ actor, body }) => Response.json(await createMailbox(actor, body), { status: 201 }),
  { body: createMailboxSchema, roles: ["ADMIN"] },
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
