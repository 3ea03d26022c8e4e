/**
 * A real S3-protocol server for tests (docs/testing.md#attachment-storage): s3rver on 127.0.0.1, on
 * a port the system picks, its data in a temp folder, with an SDK client of its own. Free of
 * vitest, so the browser specs start it too (e2e/reverse-proxy.spec.ts).
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

// s3rver's fixed development credentials (it checks signatures against them).
export const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
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

/** The environment that points Caseline at a bucket of `server`. */
export function s3Environment(server: Pick<S3TestServer, "endpoint">, bucket: string, prefix = "") {
  return {
    S3_BUCKET: bucket,
    S3_ENDPOINT: server.endpoint,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    S3_FORCE_PATH_STYLE: "true",
    S3_PREFIX: prefix,
  };
}
