import { Readable } from "node:stream";
import { parseRowId } from "@/lib/validation/ids";
import { AppError } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { openAttachment } from "@/lib/tickets/attachments";
import { otherMethods } from "@/lib/http/route-methods";

/**
 * Downloads a file for someone who may see its ticket (404 otherwise). Served as an attachment
 * with a sandboxing CSP, so nothing uploaded ever runs in Caseline's origin.
 */
export const GET = withApi(async ({ req, actor, params }) => {
  const id = parseRowId(params.id);
  if (id === undefined) throw new AppError("NOT_FOUND", "No such attachment");
  const file = await openAttachment(actor, id);
  // HEAD answers the headers only: the stream (a file, or the bucket's response) is let go at once.
  if (req.method === "HEAD") file.body.destroy();
  // Streamed from the store (disk or bucket), never read whole into memory.
  const body =
    req.method === "HEAD" ? null : (Readable.toWeb(file.body) as ReadableStream<Uint8Array>);
  const inline = file.contentType.startsWith("image/") || file.contentType === "application/pdf";
  return new Response(body, {
    headers: {
      "content-type":
        file.contentType === "text/plain" ? "text/plain; charset=utf-8" : file.contentType,
      "content-length": String(file.size),
      // The detected type is the only one: a browser must never guess another from the bytes.
      "x-content-type-options": "nosniff",
      "content-disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "content-security-policy":
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      "cache-control": "private, max-age=0, must-revalidate",
    },
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
