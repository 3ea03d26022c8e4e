import { existsSync, readdirSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import * as downloadRoute from "@/app/api/v1/attachments/[id]/route";
import * as listRoute from "@/app/api/v1/tickets/[id]/attachments/route";
import * as importRoute from "@/app/api/v1/import/customers/route";
import * as repliesRoute from "@/app/api/v1/tickets/[id]/replies/route";
import { resetEnvForTesting } from "@/lib/env";
import {
  MAX_UPLOADS_PER_USER,
  MAX_UPLOADS_TOTAL,
  uploadTempDir,
} from "@/lib/http/multipart-upload";
import { ATTACHMENT_STORES, storageKeyOf, useAttachmentStore } from "../s3-kit";
import { person, raise } from "../ticket-kit";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const PDF = new TextEncoder().encode("%PDF-1.7\n% test document\n");
const TEXT = new TextEncoder().encode("Invoice 2026-11\nTotal: 120 EUR\n");

/** A multipart body of these files, as bytes, with its Content-Type. */
async function multipart(fields: Record<string, string>, files: [string, Uint8Array][]) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const [name, bytes] of files) form.append("files", new File([Buffer.from(bytes)], name));
  const req = new Request("http://x", { method: "POST", body: form });
  return {
    bytes: new Uint8Array(await req.arrayBuffer()),
    type: req.headers.get("content-type")!,
  };
}

/**
 * A request body that hands out `bytes` in 16 KiB pieces only when pulled, and records how many
 * bytes the server pulled. `hold` keeps the last piece back until released (an upload in flight).
 */
function countedBody(bytes: Uint8Array, hold = false) {
  const probe = { pulled: 0, release: () => {} };
  const held = new Promise<void>((resolve) => (probe.release = resolve));
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (probe.pulled >= bytes.byteLength) return controller.close();
        if (hold && probe.pulled + 16_384 >= bytes.byteLength) await held;
        const piece = bytes.subarray(probe.pulled, probe.pulled + 16_384);
        probe.pulled += piece.byteLength;
        controller.enqueue(piece);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, probe };
}

function postReply(token: string, ticket: number, body: ReadableStream<Uint8Array>, type: string) {
  return repliesRoute.POST(
    new Request(`http://localhost/api/v1/tickets/${ticket}/replies`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": type,
        "x-caseline-socket-address": "127.0.0.1",
      },
      body,
      duplex: "half",
    } as RequestInit),
    { params: Promise.resolve({ id: String(ticket) }) },
  );
}

const incoming = () => (existsSync(uploadTempDir()) ? readdirSync(uploadTempDir()) : []);

function withEnv(values: Record<string, string>) {
  for (const [k, v] of Object.entries(values)) process.env[k] = v;
  resetEnvForTesting();
}

afterEach(() => {
  delete process.env.ATTACHMENT_MAX_BYTES;
  delete process.env.MAX_BODY_BYTES;
  resetEnvForTesting();
});

describe.each(ATTACHMENT_STORES)("%s store", (kind) => {
  const store = useAttachmentStore(kind);

  describe("reply uploads: permission before the body", () => {
    it("refuses a ticket the caller can't see (404) or may not reply on yet (403) without reading a byte", async () => {
      const owner = await person("CUSTOMER");
      const stranger = await person("CUSTOMER");
      const ticket = await raise(owner);
      const { bytes, type } = await multipart({ body: "hello" }, [
        ["big.txt", new Uint8Array(200_000).fill(65)],
      ]);

      const foreign = countedBody(bytes);
      const res = await postReply(stranger.token, ticket, foreign.stream, type);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("NOT_FOUND");
      expect(foreign.probe.pulled).toBe(0);

      // The owner may not reply before an engineer has answered: refused before the body, too.
      const early = countedBody(bytes);
      const refused = await postReply(owner.token, ticket, early.stream, type);
      expect(refused.status).toBe(403);
      expect(early.probe.pulled).toBe(0);
    }, 60_000);
  });

  describe("customer import: the admin role before the body", () => {
    it("refuses an engineer's upload (403) without reading a byte", async () => {
      const engineer = await person("ENGINEER");
      const body = countedBody(
        new TextEncoder().encode("name,email\n" + "Ann,ann@x.test\n".repeat(5_000)),
      );
      const res = await importRoute.POST(
        new Request("http://localhost/api/v1/import/customers", {
          method: "POST",
          headers: {
            authorization: `Bearer ${engineer.token}`,
            "content-type": "text/csv",
            "x-caseline-socket-address": "127.0.0.1",
          },
          body: body.stream,
          duplex: "half",
        } as RequestInit),
      );
      expect(res.status).toBe(403);
      expect(body.probe.pulled).toBe(0);
    }, 60_000);
  });

  describe("reply uploads: streamed to a temp file within the caps", () => {
    it("cuts a file off at ATTACHMENT_MAX_BYTES, not at the whole body's cap, and leaves no temp file", async () => {
      withEnv({ ATTACHMENT_MAX_BYTES: "65536", MAX_BODY_BYTES: "65536" });
      const engineer = await person("ENGINEER");
      const ticket = await raise(engineer);
      // 2 MB in one file: ~30 times the per-file cap, ~5 times the body cap (5 files + fields).
      const { bytes, type } = await multipart({ body: "huge" }, [
        ["huge.txt", new Uint8Array(2_000_000).fill(66)],
      ]);
      const body = countedBody(bytes);
      const res = await postReply(engineer.token, ticket, body.stream, type);
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
      // Stopped within a few pieces after the file passed its cap.
      expect(body.probe.pulled).toBeLessThan(65_536 + 8 * 16_384);
      expect(incoming()).toEqual([]);
    }, 60_000);

    it("removes the temp files of a refused reply (a disguised file among good ones) and of a stored one", async () => {
      const engineer = await person("ENGINEER");
      const ticket = await raise(engineer);
      const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]);
      const bad = await multipart({ body: "files" }, [
        ["a.png", PNG],
        ["b.png", exe],
      ]);
      const refused = await postReply(
        engineer.token,
        ticket,
        countedBody(bad.bytes).stream,
        bad.type,
      );
      expect(refused.status).toBe(415);
      expect(incoming()).toEqual([]);

      const good = await multipart({ body: "files" }, [["a.png", PNG]]);
      const stored = await postReply(
        engineer.token,
        ticket,
        countedBody(good.bytes).stream,
        good.type,
      );
      expect(stored.status).toBe(201);
      expect(incoming()).toEqual([]);
    }, 60_000);

    it("limits uploads in flight per user (429 with Retry-After) and for the whole server", async () => {
      const engineer = await person("ENGINEER");
      const ticket = await raise(engineer);
      const { bytes, type } = await multipart({ body: "slow" }, [
        ["s.txt", new Uint8Array(100_000).fill(67)],
      ]);

      const slow = Array.from({ length: MAX_UPLOADS_PER_USER }, () => countedBody(bytes, true));
      const pending = slow.map((b) => postReply(engineer.token, ticket, b.stream, type));
      await expect.poll(() => slow.every((b) => b.probe.pulled > 0)).toBe(true);

      const extra = countedBody(bytes);
      const refused = await postReply(engineer.token, ticket, extra.stream, type);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await refused.json()).error.code).toBe("RATE_LIMITED");
      expect(extra.probe.pulled).toBe(0);

      for (const b of slow) b.probe.release();
      expect((await Promise.all(pending)).map((r) => r.status)).toEqual(slow.map(() => 201));

      // Server-wide: MAX_UPLOADS_TOTAL uploads by different people fill it up.
      const others = [];
      for (let i = 0; i < MAX_UPLOADS_TOTAL; i++) others.push(await person("ENGINEER"));
      const theirs: number[] = [];
      for (const o of others) theirs.push(await raise(o));
      const held = others.map(() => countedBody(bytes, true));
      const inFlight = others.map((o, i) => postReply(o.token, theirs[i], held[i].stream, type));
      await expect.poll(() => held.every((b) => b.probe.pulled > 0)).toBe(true);
      const busy = await postReply(engineer.token, ticket, countedBody(bytes).stream, type);
      expect(busy.status).toBe(429);
      expect(busy.headers.get("retry-after")).toMatch(/^\d+$/);
      for (const b of held) b.probe.release();
      expect((await Promise.all(inFlight)).every((r) => r.status === 201)).toBe(true);
      // Slots are given back: a new upload goes through.
      const after = await postReply(engineer.token, ticket, countedBody(bytes).stream, type);
      expect(after.status).toBe(201);
    }, 60_000);
  });

  describe("attachments: the name's extension matches the detected type", () => {
    it("stores and serves invoice.hta holding text as invoice.hta.txt, text/plain, nosniff", async () => {
      const engineer = await person("ENGINEER");
      const ticket = await raise(engineer);
      const { bytes, type } = await multipart({ body: "names" }, [
        ["invoice.hta", TEXT],
        ["photo", PNG],
        ["notes.txt", PDF],
        ["scan.JPG.png", PNG],
      ]);
      expect(
        (await postReply(engineer.token, ticket, countedBody(bytes).stream, type)).status,
      ).toBe(201);

      const list = await listRoute.GET(
        new Request(`http://localhost/x`, {
          headers: {
            authorization: `Bearer ${engineer.token}`,
            "x-caseline-socket-address": "127.0.0.1",
          },
        }),
        { params: Promise.resolve({ id: String(ticket) }) },
      );
      const files = (await list.json()).data as {
        id: number;
        filename: string;
        contentType: string;
      }[];
      expect(files.map((f) => [f.filename, f.contentType])).toEqual([
        ["invoice.hta.txt", "text/plain"],
        ["photo.png", "image/png"],
        ["notes.txt.pdf", "application/pdf"],
        ["scan.JPG.png", "image/png"],
      ]);
      expect(await store.isStored(await storageKeyOf(files[0].id))).toBe(true);

      const download = await downloadRoute.GET(
        new Request(`http://localhost/x`, {
          headers: {
            authorization: `Bearer ${engineer.token}`,
            "x-caseline-socket-address": "127.0.0.1",
          },
        }),
        { params: Promise.resolve({ id: String(files[0].id) }) },
      );
      expect(download.status).toBe(200);
      expect(download.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(download.headers.get("content-disposition")).toBe(
        "attachment; filename*=UTF-8''invoice.hta.txt",
      );
      expect(download.headers.get("x-content-type-options")).toBe("nosniff");
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(TEXT);
    }, 60_000);
  });
});
