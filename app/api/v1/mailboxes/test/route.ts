import { testMailboxUrl } from "@/lib/email/mailboxes";
import { otherMethods } from "@/lib/http/route-methods";
import { withApi } from "@/lib/http/with-api";
import { testMailboxSchema } from "@/lib/validation/email";

/** "Test connection" for an address before it is saved: 200 either way, `ok` says how it went. */
export const POST = withApi(({ actor, body }) => testMailboxUrl(actor, body.url), {
  body: testMailboxSchema,
  roles: ["ADMIN"],
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
