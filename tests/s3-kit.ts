/**
 * Attachments against a real S3-protocol server (docs/testing.md#attachment-storage): s3rver,
 * started by the test file on 127.0.0.1 on a port the system picks, its data in a temp folder,
 * one bucket per test, stopped and removed after the file. `useAttachmentStore("disk" | "s3")`
 * in a describe block runs its tests against that store.
 */
import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { getDb } from "@/db/client";
import { attachments } from "@/db/schema";
import { env, resetEnvForTesting } from "@/lib/env";
import { TEST_ENGINE } from "./test-database";

export type StoreKind = "disk" | "s3";

/**
 * The stores the attachment suites run against: both on SQLite; on PostgreSQL the disk only (the
 * store is the same code whichever engine holds the rows).
 */
export const ATTACHMENT_STORES: StoreKind[] = TEST_ENGINE === "sqlite" ? ["disk", "s3"] : ["disk"];

// s3rver's fixed development credentials (it checks signatures against them).
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
const S3_VARIABLES = [
  "S3_BUCKET",
  "S3_ENDPOINT",
  "S3_REGION",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "S3_FORCE_PATH_STYLE",
  "S3_PREFIX",
];
// The SDK warns once per process that its releases from 2027 need Node 22; not news in a test.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** A running s3rver and an SDK client of its own, for looking at the bucket directly. */
export type S3TestServer = {
  endpoint: string;
  client: S3Client;
  createBucket(): Promise<string>;
  stop(): Promise<void>;
};

export async function startS3Server(): Promise<S3TestServer> {
  const directory = mkdtempSync(path.join(os.tmpdir(), "caseline-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
  let address: { port: number };
  try {
    address = await server.run();
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    region: "us-east-1",
    endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  let stopped = false;
  return {
    endpoint,
    client,
    async createBucket() {
      const bucket = `caseline-${randomBytes(6).toString("hex")}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      client.destroy();
      try {
        await server.close();
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}

/** Points Caseline at a bucket of `server` (env() is read afresh from here on). */
export function configureS3(server: Pick<S3TestServer, "endpoint">, bucket: string, prefix = "") {
  Object.assign(process.env, {
    S3_BUCKET: bucket,
    S3_ENDPOINT: server.endpoint,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    S3_FORCE_PATH_STYLE: "true",
    S3_PREFIX: prefix,
  });
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
