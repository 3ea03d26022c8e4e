/**
 * Attachments against a real S3-protocol server (docs/testing.md#attachment-storage): s3rver,
 * started by the test file on 127.0.0.1 on a port the system picks, its data in a temp folder,
 * one bucket per test, stopped and removed after the file. `useAttachmentStore("disk" | "s3")`
 * in a describe block runs its tests against that store.
 */
import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { getDb } from "@/db/client";
import { attachments } from "@/db/schema";
import { env, resetEnvForTesting } from "@/lib/env";
import { s3Environment, startS3Server, type S3TestServer } from "./s3-server";
import { TEST_ENGINE } from "./test-database";

export { startS3Server, type S3TestServer };

export type StoreKind = "disk" | "s3";

/**
 * The stores the attachment suites run against: both on SQLite; on PostgreSQL the disk only (the
 * store is the same code whichever engine holds the rows).
 */
export const ATTACHMENT_STORES: StoreKind[] = TEST_ENGINE === "sqlite" ? ["disk", "s3"] : ["disk"];

const S3_VARIABLES = [
  "S3_BUCKET",
  "S3_ENDPOINT",
  "S3_REGION",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "S3_FORCE_PATH_STYLE",
  "S3_PREFIX",
];

/** Points Caseline at a bucket of `server` (env() is read afresh from here on). */
export function configureS3(server: Pick<S3TestServer, "endpoint">, bucket: string, prefix = "") {
  Object.assign(process.env, s3Environment(server, bucket, prefix));
  resetEnvForTesting();
}

/** Back to the disk store. */
export function clearS3() {
  for (const name of S3_VARIABLES) delete process.env[name];
  resetEnvForTesting();
}

/**
 * Runs the enclosing describe block's tests against `kind`: for S3 a server for the block and a
 * fresh bucket for each test. Answers what a test needs to look into the store itself.
 */
export function useAttachmentStore(kind: StoreKind) {
  let server: S3TestServer | undefined;
  let bucket = "";
  if (kind === "s3") {
    beforeAll(async () => {
      server = await startS3Server();
    });
    beforeEach(async () => {
      bucket = await server!.createBucket();
      configureS3(server!, bucket);
    });
    afterAll(async () => {
      clearS3();
      await server?.stop();
    });
  }
  const onDisk = (key: string) => existsSync(path.join(env().DATA_DIR, "attachments", key));
  return {
    kind,
    /** Is something stored under this key (a file under DATA_DIR, or an object in the bucket)? */
    async isStored(key: string): Promise<boolean> {
      if (kind === "disk") return onDisk(key);
      try {
        await server!.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (
          (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
        )
          return false;
        throw error;
      }
    },
    /** Every key in this test's bucket (S3 only). */
    async bucketKeys(): Promise<string[]> {
      const listed = await server!.client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listed.Contents ?? []).map((o) => o.Key!);
    },
    /** Is there a file under DATA_DIR for this key (whichever store is in use)? */
    onDisk,
    get server() {
      return server!;
    },
    get bucket() {
      return bucket;
    },
  };
}

/** The storage key behind an attachment id (what the store files it under). */
export async function storageKeyOf(attachmentId: number): Promise<string> {
  const [row] = await getDb()
    .select({ key: attachments.storageKey })
    .from(attachments)
    .where(eq(attachments.id, attachmentId));
  if (!row) throw new Error(`No attachment ${attachmentId}`);
  return row.key;
}
