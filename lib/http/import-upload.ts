import { AppError } from "@/lib/errors";
import { parseMultipart, readBodyCapped } from "@/lib/http/read-json";
import type { ImportFormat } from "@/lib/crm/import-customers";

/** Room for the multipart envelope around the file itself. */
const MULTIPART_SLACK = 64 * 1024;

const tooLarge = (maxBytes: number) =>
  new AppError(
    "PAYLOAD_TOO_LARGE",
    `The file is larger than the ${Math.round(maxBytes / 1_048_576)} MiB import limit; split it into smaller files`,
  );

const formatOfType = (type: string): ImportFormat | undefined =>
  /^application\/([\w.+-]*\+)?json\b/i.test(type)
    ? "json"
    : /^(text\/(csv|plain|comma-separated-values)|application\/(csv|vnd\.ms-excel))\b/i.test(type)
      ? "csv"
      : undefined;

const formatOfName = (name: string): ImportFormat | undefined =>
  /\.json$/i.test(name) ? "json" : /\.(csv|txt)$/i.test(name) ? "csv" : undefined;

/**
 * The uploaded import file, from a raw body (text/csv, application/json) or a multipart form's
 * `file` field (what the browser sends). The size is capped while reading (413), whatever the
 * Content-Length says. The format is `?format=` if given, else the file's type or name, else CSV.
 */
export async function readUpload(
  req: Request,
  maxBytes: number,
  format: ImportFormat | undefined,
): Promise<{ bytes: Uint8Array; format: ImportFormat }> {
  const type = req.headers.get("content-type") ?? "";
  const multipart = /^multipart\/form-data\b/i.test(type);
  const typed = formatOfType(type);
  if (!multipart && !typed && type && !/^application\/octet-stream\b/i.test(type)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the file as text/csv, application/json, or multipart/form-data with a field named file",
    );
  }
  const cap = maxBytes + (multipart ? MULTIPART_SLACK : 0);
  const bytes = await readBodyCapped(req, cap, () => tooLarge(maxBytes)).catch((error) => {
    // The report names the file, not the body, for a broken upload.
    if (error instanceof AppError && error.code === "VALIDATION") {
      throw new AppError("VALIDATION", "The upload was interrupted; nothing was imported", {
        file: ["Incomplete upload"],
      });
    }
    throw error;
  });
  if (!multipart) return { bytes, format: format ?? typed ?? "csv" };

  const form = await parseMultipart(bytes, type).catch(() => {
    throw new AppError("VALIDATION", "The multipart body could not be read", {
      file: ["Malformed multipart body"],
    });
  });
  const file = form.get("file");
  if (!file || typeof file === "string") {
    throw new AppError("VALIDATION", "Choose a file to import (a form field named file)", {
      file: ["Choose a CSV or JSON file"],
    });
  }
  if (file.size > maxBytes) throw tooLarge(maxBytes);
  return {
    bytes: new Uint8Array(await file.arrayBuffer()),
    format: format ?? formatOfName(file.name) ?? formatOfType(file.type) ?? "csv",
  };
}
