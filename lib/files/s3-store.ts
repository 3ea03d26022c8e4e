import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { Env } from "@/lib/env";
import { unavailable } from "@/lib/errors";
import type { FileStore } from "./store";

/**
 * Bytes held in memory per upload: lib-storage reads the temp file a part at a time (S3's
 * smallest part is 5 MiB) and sends at most QUEUE_SIZE parts at once, so a file never sits in
 * memory whole unless it is smaller than one part.
 */
const PART_SIZE = 5 * 1_048_576;
const QUEUE_SIZE = 2;
/** Keys DeleteObject removes at once (one request each: not every S3-compatible store has DeleteObjects). */
const DELETE_CONCURRENCY = 8;

/** Objects `<S3_PREFIX>/<key>` in S3_BUCKET, on AWS or any S3-compatible endpoint (MinIO, R2, …). */
export function s3Store(e: Env): FileStore {
  const bucket = e.S3_BUCKET!;
  const client = new S3Client({
    region: e.S3_REGION,
    endpoint: e.S3_ENDPOINT,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    // Without keys, the SDK's default chain (AWS_* variables, ~/.aws, an instance or task role).
    credentials:
      e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
        : undefined,
    // Checksums only where S3 requires them: the SDK's default (a CRC32 trailer on every upload,
    // aws-chunked) is refused by many S3-compatible servers. Parts are still signed.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // A store that is down answers a request within seconds (a 503 to the uploader), not minutes.
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
  const prefix = e.S3_PREFIX ? `${e.S3_PREFIX}/` : "";
  const objectKey = (key: string) => `${prefix}${key}`;

  return {
    kind: "s3",
    async put(key, tempPath, file) {
      try {
        await new Upload({
          client,
          params: {
            Bucket: bucket,
            Key: objectKey(key),
            Body: createReadStream(tempPath),
            ContentType: file.contentType,
          },
          partSize: PART_SIZE,
          queueSize: QUEUE_SIZE,
        }).done();
      } catch (error) {
        throw storageDown("store an attachment", error, "nothing was saved");
      }
      await rm(tempPath, { force: true });
    },
    async open(key) {
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }),
        );
        // In Node the body is the HTTP response itself: streamed through, never read whole.
        return { body: object.Body as Readable, size: object.ContentLength ?? 0 };
      } catch (error) {
        if (isMissing(error)) return null;
        throw storageDown("read an attachment", error, "the file is safe");
      }
    },
    async remove(keys) {
      for (let start = 0; start < keys.length; start += DELETE_CONCURRENCY) {
        const batch = keys.slice(start, start + DELETE_CONCURRENCY);
        try {
          await Promise.all(
            batch.map((key) =>
              client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) })),
            ),
          );
        } catch (error) {
          throw storageDown("remove attachments", error, "some files may remain");
        }
      }
    },
    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }), {
          abortSignal: AbortSignal.timeout(5_000),
        });
        return "ok";
      } catch (error) {
        return describe(error);
      }
    },
    close() {
      client.destroy();
    },
  };
}

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404);

/** The cause in a line (the SDK's service error names, or the socket's code), without credentials. */
function describe(error: unknown): string {
  if (error instanceof S3ServiceException) {
    return `${error.name} (HTTP ${error.$metadata.httpStatusCode ?? "?"})`;
  }
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}

/** A failure of the bucket is Caseline's, never the caller's: logged, and a 503 to try later. */
function storageDown(what: string, error: unknown, outcome: string) {
  console.error(`[caseline] object storage: could not ${what}: ${describe(error)}`);
  return unavailable(`Attachment storage is not answering; ${outcome}. Try again shortly.`);
}
