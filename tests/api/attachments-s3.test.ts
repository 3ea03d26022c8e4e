/**
 * Attachments in an S3-compatible bucket (docs/tickets.md#where-files-are-kept), against a real
 * s3rver the file starts itself (tests/s3-kit.ts). The store is the same code whichever engine
 * holds the rows, so this runs on the sqlite project only.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import * as downloadRoute from "@/app/api/v1/attachments/[id]/route";
import * as healthRoute from "@/app/api/v1/health/route";
import * as listRoute from "@/app/api/v1/tickets/[id]/attachments/route";
import * as repliesRoute from "@/app/api/v1/tickets/[id]/replies/route";
import { sql } from "drizzle-orm";
import { run, writeTransaction } from "@/db/client";
import { attachments, ticketReplies } from "@/db/schema";
import { resetEnvForTesting } from "@/lib/env";
import { uploadTempDir } from "@/lib/http/multipart-upload";
import { deleteTicket } from "@/lib/tickets/delete-ticket";
import { call } from "../helpers";
import { configureS3, storageKeyOf, useAttachmentStore } from "../s3-kit";
import { TEST_ENGINE } from "../test-database";
import { person, raise, rowCount } from "../ticket-kit";

const PNG_HEADER = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG = new Uint8Array([...PNG_HEADER, 1, 2, 3, 4]);

async function replyWithFiles(token: string, ticket: number, files: [string, Uint8Array][]) {
  const form = new FormData();
  form.set("body", "Files attached");
  for (const [name, bytes] of files)
    form.append("files", new File([Buffer.from(bytes)], name, { type: "image/png" }));
  const res = await repliesRoute.POST(
    new Request(`http://localhost/api/v1/tickets/${ticket}/replies`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "x-caseline-socket-address": "127.0.0.1" },
      body: form,
    }),
    { params: Promise.resolve({ id: String(ticket) }) },
  );
  return { status: res.status, json: await res.json() };
}

const get = (handler: typeof listRoute.GET, token: string, id: string) =>
  handler(
    new Request(`http://localhost/x/${id}`, {
      headers: { authorization: `Bearer ${token}`, "x-caseline-socket-address": "127.0.0.1" },
    }),
    { params: Promise.resolve({ id }) },
  );

const attachmentIds = async (token: string, ticket: number): Promise<number[]> =>
  (await (await get(listRoute.GET, token, String(ticket))).json()).data.map(
    (a: { id: number }) => a.id,
  );

const incoming = () => (existsSync(uploadTempDir()) ? readdirSync(uploadTempDir()) : []);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A port on 127.0.0.1 that nothing listens on (picked by the system, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterEach(() => {
  delete process.env.ATTACHMENT_MAX_BYTES;
  delete process.env.MAX_BODY_BYTES;
  resetEnvForTesting();
});

describe.skipIf(TEST_ENGINE !== "sqlite")("attachments in an S3 bucket", () => {
  const store = useAttachmentStore("s3");

  it("an upload becomes an object in the bucket, with nothing under the data directory", async () => {
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER");
    const ticket = await raise(customer);
    const sent = await replyWithFiles(engineer.token, ticket, [["screen.png", PNG]]);
    expect(sent.status).toBe(201);

    const [id] = await attachmentIds(customer.token, ticket);
    const key = await storageKeyOf(id);
    expect(await store.bucketKeys()).toEqual([key]);
    expect(store.onDisk(key)).toBe(false);
    expect(incoming()).toEqual([]);
  });

  it("a multi-megabyte file (several upload parts) comes back byte for byte", async () => {
    process.env.ATTACHMENT_MAX_BYTES = String(20 * 1_048_576);
    process.env.MAX_BODY_BYTES = String(20 * 1_048_576);
    resetEnvForTesting();
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER");
    const ticket = await raise(customer);
    // Over two of the store's 5 MiB parts, so the upload is a multipart one.
    const big = new Uint8Array([...PNG_HEADER, ...randomBytes(11 * 1_048_576)]);
    const sent = await replyWithFiles(engineer.token, ticket, [["big.png", big]]);
    expect(sent.status).toBe(201);

    const [id] = await attachmentIds(customer.token, ticket);
    const download = await get(downloadRoute.GET, customer.token, String(id));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-length")).toBe(String(big.length));
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(big));
    expect(store.onDisk(await storageKeyOf(id))).toBe(false);
  }, 60_000);

  it("a customer can't fetch another customer's file from the bucket", async () => {
    const owner = await person("CUSTOMER");
    const other = await person("CUSTOMER");
    const engineer = await person("ENGINEER");
    const ticket = await raise(owner);
    expect((await replyWithFiles(engineer.token, ticket, [["s.png", PNG]])).status).toBe(201);
    const [id] = await attachmentIds(owner.token, ticket);

    expect((await get(downloadRoute.GET, other.token, String(id))).status).toBe(404);
    const mine = await get(downloadRoute.GET, owner.token, String(id));
    expect(mine.status).toBe(200);
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(PNG);
  });

  it("deleting a ticket removes its objects and leaves other tickets' objects", async () => {
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER");
    const admin = await person("ADMIN");
    const doomed = await raise(customer);
    const kept = await raise(customer);
    const png = (n: number): [string, Uint8Array] => [`${n}.png`, PNG];
    expect((await replyWithFiles(engineer.token, doomed, [png(1), png(2)])).status).toBe(201);
    expect((await replyWithFiles(engineer.token, kept, [png(3)])).status).toBe(201);
    const [keptId] = await attachmentIds(customer.token, kept);
    expect(await store.bucketKeys()).toHaveLength(3);

    await deleteTicket(admin.actor, String(doomed));
    expect(await store.bucketKeys()).toEqual([await storageKeyOf(keptId)]);
  });

  it("a reply whose database write fails leaves no object behind", async () => {
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER");
    const ticket = await raise(customer);
    const replies = await rowCount(ticketReplies);
    // The files reach the bucket before the transaction; the attachment insert inside it fails.
    await writeTransaction(() =>
      run(
        sql.raw(
          "CREATE TRIGGER refuse_attachments BEFORE INSERT ON attachments BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
        ),
      ),
    );
    const original = console.error;
    console.error = () => {};
    let sent;
    try {
      sent = await replyWithFiles(engineer.token, ticket, [
        ["a.png", PNG],
        ["b.png", PNG],
      ]);
    } finally {
      console.error = original;
    }
    expect(sent.status).toBe(500);
    expect(await rowCount(ticketReplies)).toBe(replies);
    expect(await store.bucketKeys()).toEqual([]);
    expect(incoming()).toEqual([]);
  });

  it("GET /health reports the bucket, and a bucket that doesn't answer without failing health", async () => {
    const up = await call(healthRoute.GET, "GET", "/api/v1/health");
    expect(up.status).toBe(200);
    expect(up.json.storage).toEqual({ kind: "s3", status: "ok" });

    configureS3({ endpoint: `http://127.0.0.1:${await closedPort()}` }, store.bucket);
    const down = await call(healthRoute.GET, "GET", "/api/v1/health");
    expect(down.status).toBe(200);
    expect(down.json).toMatchObject({ status: "ok", database: "ok", storage: { kind: "s3" } });
    expect(down.json.storage.status).not.toBe("ok");
  }, 60_000);

  it("with the bucket not answering, an upload is a 503 and nothing is written; a download is a 503", async () => {
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER");
    const ticket = await raise(customer);
    expect((await replyWithFiles(engineer.token, ticket, [["before.png", PNG]])).status).toBe(201);
    const [earlier] = await attachmentIds(customer.token, ticket);
    const replies = await rowCount(ticketReplies);
    configureS3({ endpoint: `http://127.0.0.1:${await closedPort()}` }, store.bucket);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    let sent, download;
    try {
      sent = await replyWithFiles(engineer.token, ticket, [["s.png", PNG]]);
      download = await get(downloadRoute.GET, customer.token, String(earlier));
    } finally {
      console.error = original;
    }
    expect(sent.status).toBe(503);
    expect(sent.json.error.code).toBe("UNAVAILABLE");
    expect(sent.json.error.message).toMatch(/storage/i);
    expect(await rowCount(ticketReplies)).toBe(replies);
    expect(await rowCount(attachments)).toBe(1);
    expect(incoming()).toEqual([]);
    expect(await store.bucketKeys()).toEqual([await storageKeyOf(earlier)]);
    expect(errors.length).toBeGreaterThan(0);

    expect(download.status).toBe(503);
    expect(Number(download.headers.get("retry-after"))).toBeGreaterThan(0);
  }, 60_000);
});
