import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { resetRateLimitsForTesting } from "@/lib/auth/rate-limit";
import { resetEnvForTesting } from "@/lib/env";
import { createInteraction } from "@/lib/crm/interactions";
import { createNotificationRequest } from "@/lib/notifications/requests";
import { createTicket } from "@/lib/tickets/create-ticket";
import { addReply, listReplies } from "@/lib/tickets/replies";
import { listAttachments, type IncomingFile } from "@/lib/tickets/attachments";
import { uploadTempDir } from "@/lib/http/multipart-upload";
import { createInteractionSchema } from "@/lib/validation/crm";
import { createNotificationSchema } from "@/lib/validation/notifications";
import { apiFetch } from "../api-fetch";
import { makeUser, tokenFor } from "../helpers";
import { responseProblems } from "../openapi-check";
import { servedDocument } from "../openapi-client";
import {
  credentials,
  Histogram,
  judge,
  requestArbitrary,
  type FuzzRequest,
  type OpenApiDoc,
  type Pools,
} from "./fuzz-kit";

/**
 * The OpenAPI-driven fuzz (issue 9; docs/api.md#bad-input), in process through the real route handlers: every
 * documented operation as every principal, with malformed paths, queries, bodies, content types
 * and headers. It fails on any 5xx, a handler that throws instead of answering, a password hash
 * anywhere, an internal note's text in a customer's (or anonymous) answer, or an answer the
 * OpenAPI document doesn't describe. Reproduce a failure with FUZZ_SEED=<seed printed>.
 * FUZZ_RUNS and FUZZ_SECONDS size it (defaults: 15,000 requests, at most 90 s).
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 15_000);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 90);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const SERVICE_TOKEN = `fuzz-service-${randomBytes(16).toString("hex")}`;
const MARKER = `INTERNAL-NOTE-${randomBytes(8).toString("hex")}`;

const ENV = {
  RATE_LIMIT_USER_PER_MINUTE: "100000000",
  RATE_LIMIT_ANON_PER_MINUTE: "100000000",
  NOTIFICATION_SERVICE_TOKEN: SERVICE_TOKEN,
};
const saved = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTesting();
});

/** People, tickets with internal notes (carrying MARKER), an attachment, an interaction, an email. */
async function seed() {
  Object.assign(process.env, ENV);
  resetEnvForTesting();
  resetRateLimitsForTesting();
  const admin = await makeUser("ADMIN");
  const engineer = await makeUser("ENGINEER");
  await makeUser("ENGINEER");
  const customer = await makeUser("CUSTOMER", "APPROVED", { company: "Acme" });
  const other = await makeUser("CUSTOMER");
  const victims = [
    await makeUser("CUSTOMER"),
    await makeUser("CUSTOMER"),
    await makeUser("ENGINEER"),
    await makeUser("CUSTOMER", "PENDING"),
  ];

  const ticketIds: string[] = [];
  for (const [by, n] of [
    [customer, 3],
    [other, 1],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const { ticket } = await createTicket(by.actor, {
        title: `Fuzz ${i}`,
        description: "Seeded",
      });
      // An admin sees every ticket, whichever engineer the assignment picked.
      await addReply(admin.actor, String(ticket.number), {
        body: "A public answer",
        internal: false,
      });
      await addReply(admin.actor, String(ticket.number), {
        body: `${MARKER} do not tell the customer`,
        internal: true,
      });
      ticketIds.push(String(ticket.number), ticket.id);
    }
  }
  const first = ticketIds[0];
  await addReply(engineer.actor, first, { body: `${MARKER} with a file`, internal: true }, [
    incomingText(`${MARKER}.txt`, MARKER),
  ]);
  await addReply(customer.actor, first, { body: "Here is a screenshot", internal: false }, [
    incomingText("shot.txt", "public file"),
  ]);
  const victimTicketIds: string[] = [];
  for (const i of [1, 2, 3]) {
    const { ticket } = await createTicket(other.actor, { title: `Victim ${i}`, description: "x" });
    victimTicketIds.push(String(ticket.number));
  }
  const interaction = await createInteraction(
    admin.actor,
    createInteractionSchema.parse({
      kind: "CALL",
      title: "Fuzz call",
      scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
      customer: customer.userId,
    }),
  );
  const notification = await createNotificationRequest(
    { actor: admin.actor },
    createNotificationSchema.parse({
      subject: "Fuzz",
      content: "Hello",
      recipientEmails: ["fuzz@example.test"],
      requester: "fuzz",
    }),
  );

  const pools: Pools = {
    ticketIds,
    victimTicketIds,
    userIds: [admin, engineer, customer, other, ...victims].map((u) => u.userId),
    victimUserIds: victims.map((u) => u.userId),
    interactionIds: [String(interaction.id), "1"],
    requestIds: [notification.requestId],
    attachmentIds: (await listAttachments(admin.actor, first)).map((a) => String(a.id)),
  };
  const tokens = {
    customer: await tokenFor(customer.user),
    engineer: await tokenFor(engineer.user),
    admin: await tokenFor(admin.user),
    service: SERVICE_TOKEN,
  };
  return { pools, tokens, customer, first };
}

/** The answer's text; an endless event stream is read only up to its first chunk. */
async function readAnswer(res: Response) {
  if (!res.body) return "";
  if (/event-stream/.test(res.headers.get("content-type") ?? "")) {
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    return new TextDecoder().decode(value);
  }
  return res.text();
}

/**
 * 5xx answers other helpers are fixing on their branches right now; allowed here by exact shape
 * only, so the suite is green on this branch and any other 5xx still fails it.
 */
const KNOWN_5XX: { why: string; test: (r: FuzzRequest) => boolean }[] = [];

describe("fuzz: every operation, every principal, malformed everything", () => {
  it("never answers 5xx, never throws, never shows a hash or a customer an internal note", async () => {
    const { pools, tokens, customer, first } = await seed();
    const doc = (await servedDocument()) as unknown as OpenApiDoc;
    const histogram = new Histogram();
    const failures: string[] = [];
    const byOperation = new Map<string, number>();
    const byPrincipal = new Map<string, Histogram>();

    const send = async (r: FuzzRequest) => {
      byOperation.set(r.operation, (byOperation.get(r.operation) ?? 0) + 1);
      const headers = { ...credentials(r.principal, tokens), ...r.headers };
      let res: Response;
      let text: string;
      try {
        res = await apiFetch(`http://localhost${r.url}`, {
          method: r.method,
          headers,
          body: r.body,
        });
        text = await readAnswer(res);
      } catch (error) {
        histogram.add("threw");
        return [`${r.principal} ${r.method} ${r.url.slice(0, 200)}: threw ${String(error)}`];
      }
      histogram.add(res.status);
      if (!byPrincipal.has(r.principal)) byPrincipal.set(r.principal, new Histogram());
      byPrincipal.get(r.principal)!.add(res.status);
      if (res.status >= 500 && KNOWN_5XX.some((k) => k.test(r))) return [];
      const problems = judge(r, { status: res.status, text }, MARKER);
      problems.push(
        ...responseProblems({
          method: r.method,
          pathname: new URL(r.url, "http://localhost").pathname,
          status: res.status,
          contentType: res.headers.get("content-type"),
          body: text,
        }),
      );
      return problems;
    };

    const started = Date.now();
    const result = await fc.check(
      fc.asyncProperty(requestArbitrary(doc, pools), async (r) => {
        const problems = await send(r);
        failures.push(...problems);
        return problems.length === 0;
      }),
      {
        numRuns: RUNS,
        seed: SEED,
        interruptAfterTimeLimit: SECONDS * 1000,
        markInterruptAsFailure: false,
        endOnFailure: true,
      },
    );
    console.log(
      `[fuzz] in-process, seed ${SEED}: ${histogram} (${Math.round((Date.now() - started) / 1000)} s, ` +
        `${byOperation.size} operations)`,
    );
    for (const [who, h] of byPrincipal) console.log(`[fuzz]   as ${who}: ${h}`);

    // The seeded notes really exist, and a customer's own ticket shows only what it should.
    expect((await listReplies(customer.actor, first)).some((r) => r.body.includes(MARKER))).toBe(
      false,
    );
    expect(failures, `FUZZ_SEED=${SEED} reproduces: ${result.counterexample?.[0]?.url}`).toEqual(
      [],
    );
    expect(result.failed).toBe(false);
    // Every documented operation was tried.
    expect(byOperation.size).toBeGreaterThanOrEqual(Object.keys(doc.paths).length);
  }, 300_000);
});

/** A text file as an upload arrives: a temp file the reply moves into place. */
function incomingText(name: string, text: string): IncomingFile {
  mkdirSync(uploadTempDir(), { recursive: true });
  const file = path.join(uploadTempDir(), `fuzz-${randomBytes(6).toString("hex")}`);
  writeFileSync(file, text);
  return {
    name,
    type: "text/plain",
    path: file,
    size: Buffer.byteLength(text),
    kind: "text/plain",
  };
}
