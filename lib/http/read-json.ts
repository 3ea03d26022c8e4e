import { AppError } from "@/lib/errors";

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
  const bytes = await readBodyCapped(req, maxBytes, () => tooLarge(maxBytes));
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION", "The body is not valid JSON", { _: ["Malformed JSON"] });
  }
}

/**
 * The raw body, refused with `tooLarge()` as soon as it passes `cap` bytes: by Content-Length
 * first, then by counting what actually arrives (a chunked body declares no length). A client that
 * goes away mid-body is a 400, never a 500.
 */
export async function readBodyCapped(
  req: Request,
  cap: number,
  tooLarge: () => AppError,
): Promise<Uint8Array> {
  if (Number(req.headers.get("content-length") ?? "0") > cap) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new AppError("VALIDATION", "The request body could not be read", {
        _: ["Incomplete body"],
      });
    });
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Parses a multipart body already read (and size-capped) into its form. */
export async function parseMultipart(bytes: Uint8Array, contentType: string): Promise<FormData> {
  try {
    return await new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": contentType },
    }).formData();
  } catch {
    throw new AppError("VALIDATION", "The multipart body could not be read", {
      _: ["Malformed multipart body"],
    });
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
