import { withApi } from "@/lib/http/with-api";
import { listAttachments } from "@/lib/tickets/attachments";
import { otherMethods } from "@/lib/http/route-methods";

/** Every attachment of the ticket the caller may see (those on internal notes only for staff). */
export const GET = withApi(async ({ actor, params }) => ({
  data: await listAttachments(actor, String(params.id)),
  nextCursor: null,
}));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
