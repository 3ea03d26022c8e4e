import { describe, expect, it } from "vitest";
import * as downloadRoute from "@/app/api/v1/attachments/[id]/route";
import * as listRoute from "@/app/api/v1/tickets/[id]/attachments/route";
import * as repliesRoute from "@/app/api/v1/tickets/[id]/replies/route";
import { deleteTicket } from "@/lib/tickets/delete-ticket";
import { ATTACHMENT_STORES, storageKeyOf, useAttachmentStore } from "../s3-kit";
import { person, raise } from "../ticket-kit";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const PDF = new TextEncoder().encode("%PDF-1.7\n% test document\n");
const TEXT = new TextEncoder().encode("ERROR 254 at 09:14\nretrying…\n");

/** POST /tickets/:id/replies as multipart/form-data, the way a browser or curl -F sends it. */
async function replyWithFiles(
  token: string,
  ticket: number,
  fields: Record<string, string>,
  files: [string, Uint8Array, string][],
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const [name, bytes, type] of files)
    form.append("files", new File([Buffer.from(bytes)], name, { type }));
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

const get = async (handler: typeof listRoute.GET, token: string, id: string) => {
  const res = await handler(
    new Request(`http://localhost/x/${id}`, {
      headers: { authorization: `Bearer ${token}`, "x-caseline-socket-address": "127.0.0.1" },
    }),
    { params: Promise.resolve({ id }) },
  );
  return res;
};

describe.each(ATTACHMENT_STORES)("attachments on replies (%s store)", (kind) => {
  const store = useAttachmentStore(kind);

  it("stores images, PDFs and text with a reply and serves them to whoever can see the ticket", async () => {
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER");
    const stranger = await person("CUSTOMER");
    const ticket = await raise(customer);
    const sent = await replyWithFiles(engineer.token, ticket, { body: "Logs and a screenshot" }, [
      ["screen.png", PNG, "image/png"],
      ["manual.pdf", PDF, "application/pdf"],
      ["log.txt", TEXT, "text/plain"],
    ]);
    expect(sent.status).toBe(201);

    const list = await (await get(listRoute.GET, customer.token, String(ticket))).json();
    expect(list.data.map((a: { filename: string }) => a.filename)).toEqual([
      "screen.png",
      "manual.pdf",
      "log.txt",
    ]);
    expect(list.data[0].replyId).toBe(sent.json.reply.id);

    const download = await get(downloadRoute.GET, customer.token, String(list.data[2].id));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(download.headers.get("content-security-policy")).toContain("sandbox");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(TEXT);

    // Someone who can't see the ticket gets 404 for the list and for each file.
    expect((await get(listRoute.GET, stranger.token, String(ticket))).status).toBe(404);
    expect((await get(downloadRoute.GET, stranger.token, String(list.data[0].id))).status).toBe(
      404,
    );
  });

  it("hides files on internal notes from customers everywhere", async () => {
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER");
    const ticket = await raise(customer);
    const note = await replyWithFiles(
      engineer.token,
      ticket,
      { body: "Internal dump", internal: "true" },
      [["dump.txt", TEXT, "text/plain"]],
    );
    expect(note.status).toBe(201);
    expect(note.json.reply.internal).toBe(true);

    const staffList = await (await get(listRoute.GET, engineer.token, String(ticket))).json();
    expect(staffList.data).toHaveLength(1);
    const customerList = await (await get(listRoute.GET, customer.token, String(ticket))).json();
    expect(customerList.data).toEqual([]);
    expect(
      (await get(downloadRoute.GET, customer.token, String(staffList.data[0].id))).status,
    ).toBe(404);
  });

  it("refuses a disguised file, too many files and a file over the size limit, storing nothing", async () => {
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER");
    const ticket = await raise(customer);
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]); // a Windows executable named .png
    const disguised = await replyWithFiles(engineer.token, ticket, { body: "see file" }, [
      ["photo.png", exe, "image/png"],
    ]);
    expect(disguised.status).toBe(415);
    expect(disguised.json.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");

    const six = Array.from(
      { length: 6 },
      (_, i) => [`f${i}.txt`, TEXT, "text/plain"] as [string, Uint8Array, string],
    );
    expect((await replyWithFiles(engineer.token, ticket, { body: "many" }, six)).status).toBe(400);

    process.env.ATTACHMENT_MAX_BYTES = "10";
    const { resetEnvForTesting } = await import("@/lib/env");
    resetEnvForTesting();
    try {
      expect(
        (
          await replyWithFiles(engineer.token, ticket, { body: "big" }, [
            ["log.txt", TEXT, "text/plain"],
          ])
        ).status,
      ).toBe(413);
    } finally {
      delete process.env.ATTACHMENT_MAX_BYTES;
      resetEnvForTesting();
    }
    // None of the refused requests left a reply behind.
    const list = await (await get(listRoute.GET, engineer.token, String(ticket))).json();
    expect(list.data).toEqual([]);
  });

  it("a multipart body streamed without Content-Length is still cut off at the cap (413)", async () => {
    const engineer = await person("ENGINEER");
    const ticket = await raise(engineer);
    process.env.ATTACHMENT_MAX_BYTES = "1000";
    process.env.MAX_BODY_BYTES = "1000";
    const { resetEnvForTesting } = await import("@/lib/env");
    resetEnvForTesting();
    try {
      // 6,000 bytes allowed (5 files × 1,000 + 1,000 of fields); 64 KiB arrive in chunks.
      const chunk = new TextEncoder().encode("x".repeat(4096));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 16) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const res = await repliesRoute.POST(
        new Request(`http://localhost/api/v1/tickets/${ticket}/replies`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${engineer.token}`,
            "content-type": "multipart/form-data; boundary=xyz",
            "x-caseline-socket-address": "127.0.0.1",
          },
          body,
          duplex: "half",
        } as RequestInit),
        { params: Promise.resolve({ id: String(ticket) }) },
      );
      expect(res.status).toBe(413);
      expect(sent).toBeLessThan(16);
    } finally {
      delete process.env.ATTACHMENT_MAX_BYTES;
      delete process.env.MAX_BODY_BYTES;
      resetEnvForTesting();
    }
  });

  it("a customer's reply with a file follows the reply rule; deleting the ticket removes the files", async () => {
    const customer = await person("CUSTOMER");
    const engineer = await person("ENGINEER");
    const admin = await person("ADMIN");
    const ticket = await raise(customer);
    const early = await replyWithFiles(customer.token, ticket, { body: "screenshot" }, [
      ["s.png", PNG, "image/png"],
    ]);
    expect(early.status).toBe(403);

    await replyWithFiles(engineer.token, ticket, { body: "Please send a screenshot" }, []);
    const sent = await replyWithFiles(customer.token, ticket, { body: "Here it is" }, [
      ["s.png", PNG, "image/png"],
    ]);
    expect(sent.status).toBe(201);
    const [file] = (await (await get(listRoute.GET, customer.token, String(ticket))).json()).data;
    const stored = await storageKeyOf(file.id);
    expect(await store.isStored(stored)).toBe(true);

    await deleteTicket(admin.actor, String(ticket));
    expect(await store.isStored(stored)).toBe(false);
  });
});
