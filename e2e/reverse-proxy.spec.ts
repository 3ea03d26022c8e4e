import { expect, test } from "@playwright/test";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import pg from "pg";
import { startPostgresServer, type PostgresServer } from "../tests/postgres/server";
import { s3Environment, startS3Server, type S3TestServer } from "../tests/s3-server";
import { E2E_PROXY_PORT } from "../playwright.config";
import {
  call,
  createDatabase,
  gone,
  healthy,
  killAll,
  Listener,
  outcome,
  startInstance,
  startMailSink,
  type Account,
  type Delivery,
  type Instance,
} from "./support/instances";

/**
 * The sample reverse-proxy configs, deploy/nginx/caseline.conf and deploy/caddy/Caddyfile, run by a
 * real nginx and a real Caddy in front of the same two production instances on one PostgreSQL
 * (docs/deployment.md#the-reverse-proxy). The files are used as shipped: only the lines marked
 * CHANGE get this machine's ports (and, for nginx, a throwaway certificate), and each of those
 * must match exactly once, so a sample that changes shape fails here first.
 *
 * Through nginx over HTTPS the portal signs in and updates live over HTTP/2. Through both,
 * server-sent events pass unbuffered from both instances, /metrics stays private, and uploads and
 * downloads stream through. nginx's request id is the one Caseline answers and logs. And a SIGTERM
 * to one instance ends its streams cleanly, lets its upload in flight finish and exits 0 while
 * nginx keeps answering every request.
 */
test.describe.configure({ mode: "default" });

const NGINX = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"].find(existsSync);
const CADDY = ["/usr/bin/caddy", "/usr/local/bin/caddy"].find(existsSync);
const DIR = path.resolve("data/e2e-proxy");
const DATABASE = "caseline_proxy";
const PORT_A = E2E_PROXY_PORT;
const PORT_B = E2E_PROXY_PORT + 1;
const HTTPS_PORT = E2E_PROXY_PORT + 2;
const HTTP_PORT = E2E_PROXY_PORT + 3;
const CADDY_PORT = E2E_PROXY_PORT + 4;
/** nginx's public address: APP_URL of both instances (the browser test signs in through it). */
const PUBLIC = `https://127.0.0.1:${HTTPS_PORT}`;
const SECRET = "proxy-secret-proxy-secret-proxy-secret-0123";
const ADMIN = { userId: "admin", password: "Proxy-Admin#2026" };
const PASSWORD = "Proxy-User#2026";

let cluster: PostgresServer | undefined;
let db: pg.Pool | undefined;
let sink: { port: number; close: () => Promise<void> } | undefined;
/** Attachments live in a bucket, as with several instances they must (docs/deployment.md). */
let s3: S3TestServer | undefined;
const proxies: ChildProcess[] = [];
let A: Instance;
let B: Instance;
const instances: Instance[] = [];
const listeners: Listener[] = [];
const deliveries: Delivery[] = [];
let desk: { admin: Account; engineer: Account; customer: Account };

/** The two proxies in front of A and B; the tests that run through either say `via.name`. */
const PROXIES = [
  { name: "nginx", base: PUBLIC },
  { name: "Caddy", base: `http://127.0.0.1:${CADDY_PORT}` },
] as const;
type Proxy = (typeof PROXIES)[number];

test.skip(
  (!NGINX || !CADDY) && !process.env.CI,
  "nginx or Caddy is not installed (apt-get install nginx-light caddy; .ci/run installs them)",
);

/** The sample with this machine's ports and certificate; throws if a CHANGE line moved. */
function configFromSample(certificate: string, key: string) {
  let config = readFileSync(path.resolve("deploy/nginx/caseline.conf"), "utf8");
  const replace = (from: string, to: string) => {
    const count = config.split(from).length - 1;
    if (count !== 1) throw new Error(`deploy/nginx/caseline.conf: "${from}" found ${count} times`);
    config = config.replace(from, to);
  };
  replace("server 127.0.0.1:3000 ", `server 127.0.0.1:${PORT_A} `);
  replace("server 127.0.0.1:3001 ", `server 127.0.0.1:${PORT_B} `);
  replace("listen 80;", `listen 127.0.0.1:${HTTP_PORT};`);
  replace("listen 443 ssl http2;", `listen 127.0.0.1:${HTTPS_PORT} ssl http2;`);
  replace("/etc/ssl/caseline/fullchain.pem", certificate);
  replace("/etc/ssl/caseline/privkey.pem", key);
  return config;
}

/** nginx's own main config around the sample: files in DIR, one line per request in its log. */
function mainConfig() {
  const temp = (name: string) => path.join(DIR, "nginx-temp", name);
  for (const name of ["body", "proxy", "fastcgi", "uwsgi", "scgi"])
    mkdirSync(temp(name), { recursive: true });
  return `
${process.getuid?.() === 0 ? "user root;" : ""}
# One process, so a SIGKILL (however the test ends) leaves no worker holding the ports.
master_process off;
pid ${DIR}/nginx.pid;
error_log ${DIR}/nginx-error.log warn;
daemon off;
events { worker_connections 512; }
http {
  log_format caseline '$request_id $status $request_method $request_uri $upstream_addr';
  access_log ${DIR}/nginx-access.log caseline;
  client_body_temp_path ${temp("body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
  include ${DIR}/caseline.conf;
}
`;
}

async function startNginx() {
  if (!NGINX) throw new Error("nginx is not installed: .ci/run installs it (nginx-light)");
  const key = path.join(DIR, "key.pem");
  const certificate = path.join(DIR, "cert.pem");
  execFileSync("openssl", [
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"],
    ...["-keyout", key, "-out", certificate, "-subj", "/CN=127.0.0.1"],
    ...["-addext", "subjectAltName=IP:127.0.0.1"],
  ]);
  writeFileSync(path.join(DIR, "caseline.conf"), configFromSample(certificate, key));
  const main = path.join(DIR, "nginx.conf");
  writeFileSync(main, mainConfig());
  const args = ["-p", DIR, "-e", path.join(DIR, "nginx-error.log"), "-c", main];
  // The sample must pass nginx's own check, as `nginx -t` before a reload would.
  execFileSync(NGINX, [...args, "-t"], { stdio: "pipe" });
  await runProxy(PROXIES[0], NGINX, args, {}, `${DIR}/nginx-error.log`);
}

/** The Caddyfile with this machine's ports; Caddy's admin endpoint off, its files in DIR. */
async function startCaddy() {
  if (!CADDY) throw new Error("Caddy is not installed: .ci/run installs it (caddy)");
  let config = readFileSync(path.resolve("deploy/caddy/Caddyfile"), "utf8");
  const replace = (from: string, to: string) => {
    const count = config.split(from).length - 1;
    if (count !== 1) throw new Error(`deploy/caddy/Caddyfile: "${from}" found ${count} times`);
    config = config.replace(from, to);
  };
  replace("help.example.com {", `${PROXIES[1].base} {`);
  replace("reverse_proxy 127.0.0.1:3000 127.0.0.1:3001 {", `reverse_proxy ${A.base} ${B.base} {`);
  const file = path.join(DIR, "Caddyfile");
  writeFileSync(file, `{\n\tadmin off\n}\n\n${config}`);
  const env = { XDG_DATA_HOME: path.join(DIR, "caddy"), XDG_CONFIG_HOME: path.join(DIR, "caddy") };
  const args = ["run", "--config", file, "--adapter", "caddyfile"];
  execFileSync(CADDY, ["validate", "--config", file, "--adapter", "caddyfile"], {
    stdio: "pipe",
    env: { ...process.env, ...env },
  });
  await runProxy(PROXIES[1], CADDY, args, env, `${DIR}/caddy.log`);
}

async function runProxy(
  via: Proxy,
  binary: string,
  args: string[],
  env: Record<string, string>,
  log: string,
) {
  const out = openSync(log, "a");
  const child = spawn(binary, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", out, out],
  });
  closeSync(out);
  proxies.push(child);
  const stop = () => child.kill("SIGKILL");
  process.once("exit", stop);
  child.once("exit", () => process.off("exit", stop));
  await expect
    .poll(
      () =>
        gone(child)
          ? Promise.reject(new Error(`${via.name} exited (see ${log})`))
          : through(via, "GET", "/api/v1/health").then(
              (r) => r.status,
              () => 0,
            ),
      { message: `${via.name} answers`, timeout: 30_000 },
    )
    .toBe(200);
}

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A request through a proxy; nginx's throwaway certificate is accepted (fetch would refuse it). */
function through(
  via: { base: string },
  method: string,
  route: string,
  options: { token?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const url = `${via.base}${route}`;
    const req = (url.startsWith("https:") ? https : http).request(
      url,
      {
        method,
        rejectUnauthorized: false,
        // A connection of its own: a kept-alive one the proxy has just closed (as it does after
        // refusing an upload it didn't read) would fail the next request with "socket hang up".
        agent: false,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const json = (r: Raw) => JSON.parse(r.body.toString("utf8"));

/** A multipart reply with one file, as the portal's reply form sends it. */
function multipartReply(text: string, file: { name: string; type: string; bytes: Buffer }) {
  const boundary = `----caseline${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\n${text}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\n` +
      `Content-Type: ${file.type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head,
    bytes: file.bytes,
    tail,
  };
}

/** Plain text of `size` bytes: an accepted attachment kind (docs/tickets.md#attachments). */
const textFile = (size: number) =>
  Buffer.from("Caseline attachment line.\n".repeat(Math.ceil(size / 26)).slice(0, size));

async function signIn(target: { base: string }, userId: string, password: string) {
  const r = await call(target, "POST", "/auth/signin", { body: { userId, password } });
  expect(r.status, `sign in ${userId}: ${outcome(r)}`).toBe(200);
  return r.json.userDetails.token as string;
}

/** The live listeners each instance counts (its own /metrics, read directly on loopback). */
async function liveListeners(instance: Instance) {
  const text = await fetch(`${instance.base}/metrics`).then((r) => r.text());
  const line = text.split("\n").find((l) => l.startsWith("caseline_live_listeners"));
  return Number(line?.split(" ").at(-1) ?? NaN);
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  sink = await startMailSink((mail) => deliveries.push(mail));
  cluster = await startPostgresServer({ maxConnections: 30 });
  const url = await createDatabase(cluster, DATABASE);
  s3 = await startS3Server();
  const bucket = s3Environment(s3, await s3.createBucket(), "caseline/attachments");
  const start = (name: string, port: number) => {
    const instance = startInstance({
      name,
      port,
      dir: DIR,
      env: {
        DATABASE_URL: url,
        AUTH_SECRET: SECRET,
        APP_URL: PUBLIC,
        TRUST_PROXY: "true",
        ADMIN_USER_ID: ADMIN.userId,
        ADMIN_PASSWORD: ADMIN.password,
        ADMIN_EMAIL: "admin@proxy.test",
        EMAIL_TRANSPORT: "smtp",
        SMTP_URL: `smtp://127.0.0.1:${sink!.port}`,
        RATE_LIMIT_USER_PER_MINUTE: "100000",
        RATE_LIMIT_ANON_PER_MINUTE: "100000",
        SHUTDOWN_TIMEOUT_SECONDS: "60",
        DATABASE_POOL_SIZE: "8",
        ...bucket,
      },
    });
    instances.push(instance);
    return instance;
  };
  A = start("A", PORT_A);
  B = start("B", PORT_B);
  await Promise.all([healthy(A), healthy(B)]);
  db = new pg.Pool({ connectionString: url, max: 2 });
  await startNginx();
  await startCaddy();

  const adminToken = await signIn(A, ADMIN.userId, ADMIN.password);
  const account = async (userId: string, token: string) => {
    const { rows } = await db!.query<{ id: number }>("select id from users where user_id = $1", [
      userId,
    ]);
    return { userId, token, dbId: rows[0].id };
  };
  const engineer = await call(B, "POST", "/auth/signup", {
    body: {
      userId: "px-eng",
      name: "Pat Proxy",
      email: "px-eng@proxy.test",
      password: PASSWORD,
      userType: "ENGINEER",
    },
  });
  expect(engineer.status, outcome(engineer)).toBe(201);
  const approved = await call(A, "PATCH", "/users/px-eng", {
    token: adminToken,
    body: { userStatus: "APPROVED" },
  });
  expect(approved.status, outcome(approved)).toBe(200);
  const customer = await call(A, "POST", "/auth/signup", {
    body: { userId: "px-cus", name: "Casey Proxy", email: "px-cus@proxy.test", password: PASSWORD },
  });
  expect(customer.status, outcome(customer)).toBe(201);
  desk = {
    admin: await account(ADMIN.userId, adminToken),
    engineer: await account("px-eng", await signIn(B, "px-eng", PASSWORD)),
    customer: await account("px-cus", await signIn(A, "px-cus", PASSWORD)),
  };
});

test.afterAll(async () => {
  for (const l of listeners.splice(0)) l.close();
  await Promise.allSettled(
    proxies.splice(0).map(async (child) => {
      if (gone(child)) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }),
  );
  await killAll(instances);
  await db?.end().catch(() => undefined);
  await cluster?.stop();
  await s3?.stop();
  await sink?.close();
});

async function createTicket(target: { base: string }, title: string) {
  const r = await call(target, "POST", "/tickets", {
    token: desk.customer.token,
    body: { title, description: `Raised through ${"name" in target ? target.name : target.base}` },
  });
  expect(r.status, `create "${title}": ${outcome(r)}`).toBe(201);
  return r.json.ticket.number as number;
}

test("the portal through nginx over HTTPS and HTTP/2: sign in, and the queue shows tickets made on either instance live", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: PUBLIC, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("User ID or email").fill("px-eng");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/engineer$/);
  await expect(page.getByRole("heading", { name: "Your queue" })).toBeVisible();
  await expect(page.locator("[data-live-state=live]")).toHaveCount(1);
  const protocol = await page.evaluate(
    () =>
      (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming)
        .nextHopProtocol,
  );
  expect(protocol, "nginx serves the portal over HTTP/2").toBe("h2");

  // The only approved engineer gets every ticket; one made on each instance, so whichever one
  // nginx sent the page's stream to, one of them comes from the other.
  const queue = page.getByRole("table", { name: "Your queue" });
  for (const instance of [A, B]) {
    const title = `Printer jams, raised on ${instance.name}`;
    await createTicket(instance, title);
    await expect(queue.getByRole("link", { name: title })).toBeVisible({ timeout: 30_000 });
  }
  // Plain HTTP is sent to HTTPS.
  const redirect = await fetch(`http://127.0.0.1:${HTTP_PORT}/engineer`, { redirect: "manual" });
  expect(redirect.status).toBe(301);
  expect(redirect.headers.get("location")).toMatch(/^https:\/\/127\.0\.0\.1\/engineer$/);
  await context.close();
});

for (const via of PROXIES) {
  test(`${via.name}: server-sent events pass through unbuffered from both instances, each listener hearing every change`, async () => {
    test.setTimeout(120_000);
    // Node's fetch takes nginx's throwaway certificate only so.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      // Streams of earlier tests (the browser's page) may still be closing: start from none.
      await expect
        .poll(async () => [await liveListeners(A), await liveListeners(B)], {
          message: "no stream left open from an earlier test",
          timeout: 20_000,
        })
        .toEqual([0, 0]);
      const opened = Array.from(
        { length: 4 },
        (_, k) => new Listener(`admin stream ${k} through ${via.name}`, "ADMIN", desk.admin, via),
      );
      listeners.push(...opened);
      for (const l of opened) await l.open();
      expect(opened.map((l) => l.headers?.get("content-type"))).toEqual(
        opened.map(() => "text/event-stream; charset=utf-8"),
      );
      // The proxy spread the streams (least_conn) over both instances; each counts its own. The
      // exact split is the proxy's business: both take some, and all four are counted.
      await expect
        .poll(
          async () => {
            const counts = [await liveListeners(A), await liveListeners(B)];
            return { total: counts[0] + counts[1], bothServe: counts.every((n) => n >= 1) };
          },
          { message: "streams counted on A and on B", timeout: 20_000 },
        )
        .toEqual({ total: 4, bothServe: true });

      const numbers = [
        await createTicket(A, `Stream check on A through ${via.name}`),
        await createTicket(B, `Stream check on B through ${via.name}`),
      ];
      for (const l of opened)
        await expect
          .poll(() => numbers.filter((n) => l.heard.some((h) => h.ticket === n)).length, {
            message: `${l.label} hears both tickets`,
            timeout: 20_000,
          })
          .toBe(2);
      expect(opened.map((l) => l.ended)).toEqual(opened.map(() => undefined));
      for (const l of opened) l.close();
    } finally {
      delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    }
  });

  test(`${via.name}: attachments stream both ways; one over Caseline's limit gets its clear 413; /metrics is not public`, async () => {
    test.setTimeout(120_000);
    const number = await createTicket(A, `A log file to look at, through ${via.name}`);
    const { rows } = await db!.query<{ user_id: string }>(
      "select u.user_id from tickets t join users u on u.id = t.assignee_id where t.number = $1",
      [number],
    );
    expect(rows[0]?.user_id).toBe("px-eng");
    const bytes = textFile(9 * 1_048_576);
    const form = multipartReply("The full log, 9 MiB", {
      name: "server.log",
      type: "text/plain",
      bytes,
    });
    const sent = await through(via, "POST", `/api/v1/tickets/${number}/replies`, {
      token: desk.engineer.token,
      headers: { "content-type": form.contentType },
      body: Buffer.concat([form.head, form.bytes, form.tail]),
    });
    expect(sent.status, sent.body.toString("utf8").slice(0, 300)).toBe(201);
    const replyId = json(sent).reply.id as number;
    const listed = await through(via, "GET", `/api/v1/tickets/${number}/attachments`, {
      token: desk.customer.token,
    });
    const attachment = (json(listed).data as { id: number; replyId: number; size: number }[]).find(
      (a) => a.replyId === replyId,
    );
    expect(attachment?.size).toBe(bytes.length);
    const back = await through(via, "GET", `/api/v1/attachments/${attachment!.id}`, {
      token: desk.customer.token,
    });
    expect(back.status).toBe(200);
    expect(back.body.equals(bytes), "the same bytes come back").toBe(true);
    // Whichever instance took the upload, both serve it: it is in the bucket, not on a disk.
    for (const instance of [A, B]) {
      const direct = await through(instance, "GET", `/api/v1/attachments/${attachment!.id}`, {
        token: desk.customer.token,
      });
      expect(direct.status, `instance ${instance.name} serves it`).toBe(200);
      expect(direct.body.equals(bytes)).toBe(true);
    }

    const big = multipartReply("Too big", {
      name: "huge.log",
      type: "text/plain",
      bytes: textFile(11 * 1_048_576),
    });
    const refused = await through(via, "POST", `/api/v1/tickets/${number}/replies`, {
      token: desk.engineer.token,
      headers: { "content-type": big.contentType },
      body: Buffer.concat([big.head, big.bytes, big.tail]),
    });
    expect(refused.status).toBe(413);
    expect(json(refused).error.message).toBe("huge.log is larger than the 10 MiB limit");

    expect((await through(via, "GET", "/metrics")).status).toBe(404);
    expect((await fetch(`${A.base}/metrics`)).status, "read directly, it answers").toBe(200);
    // A proxy that did forward it: the production server itself refuses what was forwarded.
    const forwarded = await fetch(`${A.base}/metrics`, {
      headers: { "x-forwarded-for": "203.0.113.5" },
    });
    expect(forwarded.status, "forwarded from elsewhere, it is refused").toBe(403);
  });
}

test("nginx's request id is the one Caseline answers and logs", async () => {
  const r = await through(PROXIES[0], "GET", "/api/v1/tickets?limit=1", {
    token: desk.admin.token,
  });
  expect(r.status).toBe(200);
  const id = String(r.headers["x-request-id"]);
  expect(id).toMatch(/^[0-9a-f]{32}$/);
  await expect
    .poll(() => readFileSync(path.join(DIR, "nginx-access.log"), "utf8"), { timeout: 10_000 })
    .toContain(`${id} 200 GET /api/v1/tickets?limit=1 127.0.0.1:`);
  await expect
    .poll(() => [A, B].some((x) => readFileSync(x.log, "utf8").includes(`"requestId":"${id}"`)), {
      message: "an instance logged the request under nginx's id",
      timeout: 10_000,
    })
    .toBe(true);
});

test("SIGTERM to one instance: its streams end cleanly, its upload in flight finishes, it exits 0, and nginx keeps answering", async () => {
  test.setTimeout(180_000);
  const number = await createTicket(B, "Upload during a restart");
  // A stream straight to A, to see how it ends.
  const onA = new Listener("admin stream on A", "ADMIN", desk.admin, A);
  listeners.push(onA);
  await onA.open();

  // An upload to A that is still arriving when A is told to stop.
  const bytes = textFile(2 * 1_048_576);
  const form = multipartReply("Sent while A stops", {
    name: "slow.log",
    type: "text/plain",
    bytes,
  });
  let answer: { status: number; body: string } | undefined;
  const upload = http.request(`${A.base}/api/v1/tickets/${number}/replies`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${desk.engineer.token}`,
      "content-type": form.contentType,
      "content-length": String(form.head.length + form.bytes.length + form.tail.length),
    },
  });
  const answered = new Promise<void>((resolve, reject) => {
    upload.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        answer = { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") };
        resolve();
      });
    });
    upload.on("error", reject);
  });
  upload.write(form.head);
  upload.write(form.bytes.subarray(0, 256 * 1024));

  // Traffic through nginx all along: reads and creations, each outcome kept (an error too).
  let running = true;
  const results: { kind: string; status: number; number?: number; error?: string }[] = [];
  const attempt = async (kind: string, send: () => Promise<Raw>) => {
    try {
      const r = await send();
      results.push({
        kind,
        status: r.status,
        number: kind === "create" && r.status === 201 ? json(r).ticket.number : undefined,
      });
    } catch (error) {
      results.push({ kind, status: 0, error: String(error) });
    }
  };
  const traffic = (async () => {
    for (let i = 0; running && i < 400; i++) {
      await attempt("list", () =>
        through(PROXIES[0], "GET", "/api/v1/tickets?limit=5", { token: desk.admin.token }),
      );
      await attempt("create", () =>
        through(PROXIES[0], "POST", "/api/v1/tickets", {
          token: desk.customer.token,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ title: `During the stop ${i}`, description: "Through nginx" }),
        }),
      );
    }
  })();
  await expect
    .poll(() => results.length, { message: "traffic through nginx", timeout: 30_000 })
    .toBeGreaterThanOrEqual(6);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    A.child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  A.child.kill("SIGTERM");
  await expect
    .poll(() => onA.ended, { message: "A ends its live stream", timeout: 30_000 })
    .toBe("the server ended the stream");
  expect(gone(A.child), "A waits for the upload in flight").toBe(false);
  // A takes no new connection now; the rest of the upload still arrives on its own.
  // (A connection of its own: fetch could reuse a kept-alive one A still answers on.)
  const fresh = await through(A, "GET", "/api/v1/health").then(
    (r) => `answered ${r.status}`,
    (error: NodeJS.ErrnoException) => error.code,
  );
  expect(fresh, "a new connection to A is refused").toBe("ECONNREFUSED");
  for (let at = 256 * 1024; at < bytes.length; at += 256 * 1024) {
    upload.write(form.bytes.subarray(at, at + 256 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  upload.end(form.tail);
  await answered;
  expect(answer?.status, answer?.body.slice(0, 300)).toBe(201);
  const end = await exited;
  expect(end, "A exits by itself, with code 0").toEqual({ code: 0, signal: null });
  expect(readFileSync(A.log, "utf8")).toContain('"msg":"stopped"');

  // A few more rounds through nginx with A gone, then stop the traffic.
  const atStop = results.length;
  await expect.poll(() => results.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(atStop + 6);
  running = false;
  await traffic;
  const wrong = results.filter((r) => r.status !== (r.kind === "list" ? 200 : 201));
  expect(wrong, "every request through nginx answered").toEqual([]);
  const made = results.filter((r) => r.number !== undefined).map((r) => r.number!);
  const { rows } = await db!.query<{ n: number }>(
    "select count(*)::int as n from tickets where number = any($1::int[])",
    [made],
  );
  expect(rows[0].n, "every 201 is stored").toBe(made.length);
  const { rows: files } = await db!.query<{ n: number }>(
    "select count(*)::int as n from attachments where ticket_number = $1 and reply_id is not null",
    [number],
  );
  expect(files[0].n, "the upload A finished is kept").toBe(1);
  console.log(
    `SIGTERM behind nginx: ${results.length} requests through nginx, all answered; A finished its upload and exited 0`,
  );
});
