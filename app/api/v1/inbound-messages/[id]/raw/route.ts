import { Readable } from "node:stream";
import { inboundRaw } from "@/lib/email/inbound-log";
import { otherMethods } from "@/lib/http/route-methods";
import { withApi } from "@/lib/http/with-api";
import { rowIdOrNotFound } from "@/lib/validation/ids";

/** The email as it came in, as a .eml download (never shown inline: it is the sender's content). */
export const GET = withApi(
  async ({ req, actor, params }) => {
    const id = rowIdOrNotFound(params.id, "incoming email");
    const raw = await inboundRaw(actor, id);
    if (req.method === "HEAD") raw.body.destroy();
    const body =
      req.method === "HEAD" ? null : (Readable.toWeb(raw.body) as ReadableStream<Uint8Array>);
    return new Response(body, {
      headers: {
        "content-type": "message/rfc822",
        "content-length": String(raw.size),
        "x-content-type-options": "nosniff",
        "content-disposition": `attachment; filename="email-${id}.eml"`,
        "content-security-policy": "sandbox; default-src 'none'",
        "cache-control": "private, no-store",
      },
    });
  },
  { roles: ["ADMIN"] },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
