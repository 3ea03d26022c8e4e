import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { MAX_FILES_PER_REPLY, type IncomingFile } from "@/lib/tickets/attachments";

/**
 * Reads a JSON body with a size cap: 415 for another content type, 413 past the cap (by header or
 * by counting a streamed body), 400 for malformed JSON. Never a 500.
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (!req.body && declared === 0) return {};
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the body as JSON with Content-Type: application/json",
    );
  }
  if (declared > maxBytes) throw tooLarge(maxBytes);

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read().catch(() => {
        // The client went away mid-body (a closed connection): nothing to act on.
        throw new AppError("VALIDATION", "The request body could not be read", {
          _: ["Incomplete body"],
        });
      });
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION", "The body is not valid JSON", { _: ["Malformed JSON"] });
  }
}

function tooLarge(maxBytes: number) {
  return new AppError(
    "PAYLOAD_TOO_LARGE",
    `The body is larger than the ${Math.round(maxBytes / 1024)} KiB limit`,
  );
}

export const isMultipart = (req: Request) =>
  /^multipart\/form-data\b/i.test(req.headers.get("content-type") ?? "");

/** A multipart body (replies with attachments): string fields, and the files to check and store. */
export async function readMultipart(
  req: Request,
): Promise<{ fields: Record<string, string>; files: IncomingFile[] }> {
  const e = env();
  const cap = e.ATTACHMENT_MAX_BYTES * MAX_FILES_PER_REPLY + e.MAX_BODY_BYTES;
  if (Number(req.headers.get("content-length") ?? "0") > cap) throw tooLarge(cap);
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new AppError("VALIDATION", "The multipart body could not be read", {
      _: ["Malformed multipart body"],
    });
  }
  const fields: Record<string, string> = {};
  const files: IncomingFile[] = [];
  for (const [key, value] of form) {
    if (typeof value === "string") fields[key] = value;
    else if (value.size > 0 || value.name) {
      files.push({
        name: value.name,
        type: value.type,
        bytes: new Uint8Array(await value.arrayBuffer()),
      });
    }
  }
  return { fields, files };
}
