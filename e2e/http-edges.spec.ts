import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "./fixtures";

// The production server (server.mjs in front of Next) at its edges: addresses, methods and a port
// it can't bind. Raw paths go through node:http, because fetch clients normalise URLs.

type Reply = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

function raw(baseURL: string, method: string, path: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(baseURL);
  return new Promise<Reply>((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("a path with malformed percent-encoding is a 400 for the API and a 404 page for a page", async ({
  baseURL,
}) => {
  for (const path of [
    "/api/v1/tickets/%ff",
    "/api/v1/health%ff",
    "/crm/api/v1/users/%E0%A4%A",
    "/api/auth/session%ff",
  ]) {
    const res = await raw(baseURL!, "GET", path);
    expect(res.status, path).toBe(400);
    expect(res.headers["content-type"], path).toMatch(/^application\/json/);
    expect(JSON.parse(res.body).error, path).toMatchObject({ code: "VALIDATION" });
  }
  for (const path of ["/tickets/%ff", "/%E0%A4%A", "/admin/users/%ff?x=1"]) {
    const res = await raw(baseURL!, "GET", path);
    expect(res.status, path).toBe(404);
    expect(res.headers["content-type"], path).toMatch(/^text\/html/);
    expect(res.body, path).toContain("This page does not exist");
    expect(res.body, path).toMatch(/<html lang="en"/);
    expect(res.body, path).toMatch(/<title>Page not found · Caseline<\/title>/);
    expect(res.body, path).toContain('href="/signin"'); // the site's header, not a bare page
  }
});

test("the not-found page renders in the app's frame in a browser", async ({ page }) => {
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Caseline" })).toBeVisible();
  await expect(page.locator("main")).toHaveCount(1);
  await expect(page).toHaveTitle("Page not found · Caseline");
});

test("methods no route serves answer 405 with Allow and the error shape", async ({ baseURL }) => {
  const cases: [string, string, string][] = [
    ["TRACE", "/api/v1/health", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"],
    ["PROPFIND", "/api/v1/tickets", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"],
    ["TRACE", "/signin", "GET, HEAD, POST, OPTIONS"],
    ["DELETE", "/tickets", "GET, HEAD, POST, OPTIONS"],
    // Each API route's own 405 names exactly what it serves.
    ["DELETE", "/api/v1/health", "GET, HEAD, OPTIONS"],
    ["PUT", "/api/v1/tickets", "GET, HEAD, POST, OPTIONS"],
    ["GET", "/api/v1/auth/signin", "POST, OPTIONS"],
    ["POST", "/crm/api/v1/tickets/1", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"],
    ["DELETE", "/api/auth/session", "GET, HEAD, POST, OPTIONS"],
  ];
  for (const [method, path, allow] of cases) {
    const res = await raw(baseURL!, method, path);
    const what = `${method} ${path}`;
    expect(res.status, what).toBe(405);
    expect(res.headers.allow, what).toBe(allow);
    expect(res.headers["content-type"], what).toMatch(/^application\/json/);
    expect(JSON.parse(res.body).error, what).toMatchObject({ code: "METHOD_NOT_ALLOWED" });
  }
  for (const [path, allow] of [
    ["/api/v1/health", "GET, HEAD, OPTIONS"],
    ["/api/v1/tickets/1", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"],
    ["/signin", "GET, HEAD, POST, OPTIONS"],
  ]) {
    const res = await raw(baseURL!, "OPTIONS", path);
    expect(res.status, path).toBe(204);
    expect(res.headers.allow, path).toBe(allow);
  }
});

test("a bad cursor over the API is a 400, never a 500", async ({ request }) => {
  const token = (await (await request.post("/api/v1/auth/signin", { data: E2E_ADMIN })).json())
    .userDetails.token;
  for (const list of ["tickets", "customers", "interactions", "users", "notifications"]) {
    const res = await request.get(`/api/v1/${list}?cursor=not-a-cursor`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status(), list).toBe(400);
    expect((await res.json()).error.code, list).toBe("VALIDATION");
  }
});

test("a second server on a busy port exits non-zero with one line and starts no worker", async ({
  baseURL,
}) => {
  const { port } = new URL(baseURL!);
  // Its own database and the log transport: even if it did start, it would touch nothing shared.
  const child = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      PORT: port,
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: "data/e2e-busy-port/caseline.db",
      AUTH_SECRET: "busy-port-secret-busy-port-secret-0123",
      EMAIL_TRANSPORT: "log",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const exitCode = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  expect(exitCode, output).not.toBe(null);
  expect(exitCode, output).not.toBe(0);
  const lines = output.trim().split("\n");
  expect(lines, output).toHaveLength(1);
  expect(lines[0]).toMatch(
    new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use`),
  );
  expect(output).not.toMatch(/worker started|ready on/);
});

/**
 * Writes one request on a kept-alive connection, then a second one on the same connection, and
 * returns what came back and whether the server closed the connection (lib/http/early-answer.mjs).
 */
function twoOnOneConnection(baseURL: string, first: Buffer, second: string) {
  const { hostname, port } = new URL(baseURL);
  return new Promise<{ answers: string; closed: boolean }>((resolve) => {
    const socket = connect(Number(port), hostname);
    let answers = "";
    let closed = false;
    socket.on("data", (chunk: Buffer) => (answers += chunk.toString("latin1")));
    // The server may close while the body is still being written: the answer is what counts.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      closed = true;
      resolve({ answers, closed });
    });
    socket.write(first, () => {
      // Once the first answer is in, the second request goes on the same connection.
      const sendSecond = () => {
        if (closed) return;
        if (!answers.includes("\r\n\r\n")) return void setTimeout(sendSecond, 50);
        socket.write(second);
        setTimeout(() => {
          socket.destroy();
          resolve({ answers, closed });
        }, 5_000);
      };
      sendSecond();
    });
  });
}

test("an upload refused before its body is read ends its connection, so no later request on it hangs", async ({
  request,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const signIn = await request.post("/api/v1/auth/signin", { data: E2E_ADMIN });
  const token = (await signIn.json()).userDetails.token as string;
  const made = await request.post("/api/v1/tickets", {
    headers: { authorization: `Bearer ${token}` },
    data: { title: "Connection after a refused upload", description: "http-edges" },
  });
  expect(made.status()).toBe(201);
  const number = (await made.json()).ticket.number as number;
  const upload = (size: number) => {
    const boundary = "----caseline-edge";
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nThe log\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.log"\r\n` +
          "Content-Type: text/plain\r\n\r\n",
      ),
      Buffer.alloc(size, "a"),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const head =
      `POST /api/v1/tickets/${number}/replies HTTP/1.1\r\nHost: ${new URL(baseURL!).host}\r\n` +
      `Authorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
      `Content-Length: ${body.length}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head), body]);
  };
  const health = `GET /api/v1/health HTTP/1.1\r\nHost: ${new URL(baseURL!).host}\r\n\r\n`;

  // A file over the 10 MiB limit: refused while its body arrives.
  const refused = await twoOnOneConnection(baseURL!, upload(11 * 1_048_576), health);
  expect(refused.answers).toMatch(/^HTTP\/1\.1 413 /);
  expect(refused.answers.toLowerCase()).toContain("\r\nconnection: close\r\n");
  expect(refused.closed, "the server ends the connection after the 413").toBe(true);
  expect(refused.answers).toContain("is larger than the 10 MiB limit");

  // A file within the limit: the connection stays open and answers the next request.
  const accepted = await twoOnOneConnection(baseURL!, upload(1_024), health);
  expect(accepted.answers).toMatch(/^HTTP\/1\.1 201 /);
  expect(accepted.answers.split("HTTP/1.1 ").length - 1, "both answered on one connection").toBe(2);
  expect(accepted.answers).toMatch(/HTTP\/1\.1 200 OK[\s\S]*"status":"ok"/);
});
