import path from "node:path";
import type { Readable } from "node:stream";
import { env, type Env } from "@/lib/env";
import { diskStore } from "./disk-store";
import { s3Store } from "./s3-store";

/**
 * Where attachment bytes live (docs/tickets.md#where-files-are-kept): a folder on local disk (the
 * default) or an S3-compatible bucket. Only bytes: who may upload or download what, and which
 * sizes and kinds are accepted, is decided before a store is called (lib/tickets/attachments.ts).
 */
export interface FileStore {
  /** "disk" or "s3", for health reports and logs. */
  readonly kind: "disk" | "s3";
  /**
   * Stores a finished temp file (an upload under the data directory) as `key`; the temp file is
   * gone afterwards. Throws a 503 AppError when the store doesn't answer.
   */
  put(key: string, tempPath: string, file: { size: number; contentType: string }): Promise<void>;
  /** The stored bytes as a stream and their length, or null when nothing is stored under `key`. */
  open(key: string): Promise<{ body: Readable; size: number } | null>;
  /** Removes keys; a key that isn't stored is no error. Throws a 503 AppError when the store doesn't answer. */
  remove(keys: string[]): Promise<void>;
  /** "ok", or why the store can't be used right now (it is never asked at start). */
  check(): Promise<"ok" | string>;
  /** Lets go of connections (the S3 client's sockets). */
  close(): void;
}

let current: { env: Env; store: FileStore } | undefined;

/** The store the configuration names (S3 when S3_BUCKET is set); made anew when env() changes (tests). */
export function fileStore(): FileStore {
  const e = env();
  if (current?.env === e) return current.store;
  current?.store.close();
  current = { env: e, store: e.S3_BUCKET ? s3Store(e) : diskStore(e.DATA_DIR) };
  return current.store;
}

/** GET /health's `storage`: where files go and whether that answers. */
export async function storageHealth(): Promise<{ kind: "disk" | "s3"; status: "ok" | string }> {
  const store = fileStore();
  return { kind: store.kind, status: await store.check() };
}

/**
 * Where files wait, under the data directory, before a store takes them: uploads as they stream
 * in (lib/http/multipart-upload.ts), an email's attachments and raw message (lib/email/ingest.ts).
 */
export const uploadTempDir = () => path.join(env().DATA_DIR, "attachments", "incoming");
/** Where incoming email is staged on its way to the store: apart from the portal's uploads. */
export const mailTempDir = () => path.join(env().DATA_DIR, "attachments", "incoming-mail");
