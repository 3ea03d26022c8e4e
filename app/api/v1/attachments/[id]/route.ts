import { readFile } from "node:fs/promises";
import { AppError } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { openAttachment } from "@/lib/tickets/attachments";
import { otherMethods } from "@/lib/http/route-methods";

/**
 * Downloads a file for someone who may see its ticket (404 otherwise). Served as an attachment
 * with a sandboxing CSP, so nothing uploaded ever runs in Caseline's origin.
 */
export const GET = withApi(async ({ actor, params }) => {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new AppError("NOT_FOUND", "No such attachment");
  const file = openAttachment(actor, id);
  const bytes = await readFile(file.path).catch(() => {
    throw new AppError("NOT_FOUND", "The file is no longer stored");
  });
  const inline = file.contentType.startsWith("image/") || file.contentType === "application/pdf";
  return new Response(bytes, {
    headers: {
      "content-type":
        file.contentType === "text/plain" ? "text/plain; charset=utf-8" : file.contentType,
      "content-length": String(bytes.byteLength),
      "content-disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "content-security-policy":
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      "cache-control": "private, max-age=0, must-revalidate",
    },
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
