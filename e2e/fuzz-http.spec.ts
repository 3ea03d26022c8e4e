import http from "node:http";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { expect, test } from "@playwright/test";
import {
  credentials,
  Histogram,
  judge,
  requestArbitrary,
  type FuzzRequest,
  type OpenApiDoc,
  type Pools,
} from "../tests/fuzz/fuzz-kit";
import { E2E_ADMIN, uniqueId } from "./fixtures";

/**
 * The OpenAPI-driven fuzz over real HTTP against the production server (server.mjs in front of
 * Next): what the in-process suite (tests/fuzz/api-fuzz.test.ts) can't see — dropped connections,
 * Next's own answers on raw paths (malformed percent-encoding, `..`, stray methods) and bodies past
 * the caps sent in full. Smaller than the in-process suite; FUZZ_HTTP_RUNS sizes it.
 *
 * Requests go out over node:http with the path exactly as built (no URL normalisation), each from
 * one of many loopback source addresses, so the per-address limits (anonymous budget, sign-in
 * failures) this pass spends are never the 127.0.0.1 budget the other specs share.
 */

const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 600);
const SECONDS = Number(process.env.FUZZ_HTTP_SECONDS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const MARKER = `INTERNAL-NOTE-${randomBytes(8).toString("hex")}`;
const PASSWORD = "Fuzz#Http2026";

type Answer = { status: number; text: string; contentType: string };

/** Bytes a request line can't carry (spaces, controls, non-ASCII) as %XX, the rest as built. */
const wirePath = (url: string) =>
  url.replace(/[^\x21-\x7e]/gu, (c) =>
    [...Buffer.from(c, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""),
  );

let sourceCounter = 0;
/** One request exactly as built; rejects when the connection drops without an answer. */
function send(base: URL, r: FuzzRequest, headers: Record<string, string>): Promise<Answer> {
  sourceCounter = (sourceCounter % 200) + 1;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: wirePath(r.url),
        method: r.method,
        headers: { ...headers, connection: "close" },
        localAddress: `127.0.0.${10 + (sourceCounter % 200)}`,
        timeout: 30_000,
      },
      (res) => {
        const contentType = String(res.headers["content-type"] ?? "");
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          chunks.push(c);
          size += c.length;
          // An event stream never ends: its first chunk is enough to judge.
          if (/event-stream/.test(contentType) || size > 5_000_000) res.destroy();
        });
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            contentType,
          });
        res.on("end", done);
        res.on("close", done);
        res.on("error", (e) => (/event-stream/.test(contentType) ? done() : reject(e)));
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer within 30 s")));
    req.on("error", reject);
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

/**
 * The fuzz runs beside the other specs on one server: a write aimed at a numeric id that this
 * spec didn't make goes to an id nobody has, so no other spec's ticket or interaction is touched.
 */
function keepToOwnRecords(r: FuzzRequest, own: Set<string>): FuzzRequest {
  if (r.method === "GET" || r.method === "HEAD") return r;
  const [path, query] = r.url.split("?");
  const safe = path
    .split("/")
    .map((seg) => (/^\d{1,12}$/.test(seg) && !own.has(seg) ? "999999999" : seg))
    .join("/");
  return { ...r, url: query === undefined ? safe : `${safe}?${query}` };
}

test("fuzz over HTTP: no 5xx, no dropped connection, no hash, no internal note for a customer", async ({
  request,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const api = async (method: string, path: string, token?: string, data?: unknown) => {
    const res = await request.fetch(`/api/v1${path}`, {
      method,
      data,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return res.json();
  };
  const signIn = async (userId: string, password = PASSWORD) =>
    (await api("POST", "/auth/signin", undefined, { userId, password })).userDetails
      .token as string;
  const signUp = async (prefix: string, userType = "CUSTOMER") => {
    const userId = uniqueId(prefix);
    await api("POST", "/auth/signup", undefined, {
      userId,
      name: `Fuzz ${prefix}`,
      email: `${userId}@example.test`,
      password: PASSWORD,
      userType,
    });
    return userId;
  };

  const admin = await signIn(E2E_ADMIN.userId, E2E_ADMIN.password);
  const customerId = await signUp("fzc");
  const engineerId = await signUp("fze", "ENGINEER");
  await api("PATCH", `/users/${engineerId}`, admin, { userStatus: "APPROVED" });
  const victims = [await signUp("fzv"), await signUp("fzv")];
  const tokens = {
    customer: await signIn(customerId),
    engineer: await signIn(engineerId),
    admin,
    service: "not-the-service-token",
  };

  const ticket = (
    await api("POST", "/tickets", tokens.customer, { title: "Fuzz", description: "Seeded" })
  ).ticket;
  await api("POST", `/tickets/${ticket.number}/replies`, admin, {
    body: `${MARKER} staff only`,
    internal: true,
  });
  await api("POST", `/tickets/${ticket.number}/replies`, admin, { body: "Public answer" });
  const victimTicket = (
    await api("POST", "/tickets", tokens.customer, { title: "Victim", description: "x" })
  ).ticket;

  const pools: Pools = {
    ticketIds: [String(ticket.number), ticket.id],
    victimTicketIds: [String(victimTicket.number)],
    userIds: [customerId, engineerId, ...victims],
    victimUserIds: victims,
    interactionIds: ["999999"],
    requestIds: ["nope"],
    attachmentIds: ["999999"],
  };
  const own = new Set([String(ticket.number), String(victimTicket.number), "999999"]);
  const doc = (await api("GET", "/openapi.json")) as OpenApiDoc;
  const base = new URL(baseURL!);

  const histogram = new Histogram();
  const failures: string[] = [];
  const result = await fc.check(
    fc.asyncProperty(
      requestArbitrary(doc, pools, {
        malformedPaths: true,
        hugeBodies: true,
        strayMethods: ["OPTIONS", "HEAD", "PUT", "DELETE", "PATCH", "TRACE"],
      }),
      async (built) => {
        const r = keepToOwnRecords(built, own);
        let answer: Answer;
        try {
          answer = await send(base, r, { ...credentials(r.principal, tokens), ...r.headers });
        } catch (error) {
          histogram.add("dropped");
          failures.push(`${r.principal} ${r.method} ${r.url.slice(0, 200)}: ${String(error)}`);
          return false;
        }
        histogram.add(answer.status);
        const problems = judge(r, answer, MARKER);
        failures.push(...problems);
        return problems.length === 0;
      },
    ),
    {
      numRuns: RUNS,
      seed: SEED,
      interruptAfterTimeLimit: SECONDS * 1000,
      markInterruptAsFailure: false,
      endOnFailure: true,
    },
  );
  console.log(`[fuzz] over HTTP, seed ${SEED}: ${histogram}`);

  expect(failures, `FUZZ_SEED=${SEED} reproduces`).toEqual([]);
  expect(result.failed).toBe(false);
  // The note really is there, and the customer's own view of the conversation hides it.
  const seen = await api("GET", `/tickets/${ticket.number}/replies`, tokens.customer);
  expect(JSON.stringify(seen)).not.toContain(MARKER);
  expect(JSON.stringify(await api("GET", `/tickets/${ticket.number}/replies`, admin))).toContain(
    MARKER,
  );
});
