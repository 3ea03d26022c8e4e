import { createServer, request, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerClientError,
  BAD_ADDRESS_PATH,
  frontDoor,
  refuseConnect,
  refuseUpgrade,
} from "@/lib/http/front-door.mjs";

// server.mjs's front door in front of a stand-in for Next that echoes the path it was handed.
let server: Server;
let port: number;
const logged: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (frontDoor(req, res, (line) => logged.push(line))) return;
    res.writeHead(200, { "content-type": "text/plain" }).end(`next saw ${req.method} ${req.url}`);
  });
  server.on("clientError", answerClientError);
  server.on("connect", refuseConnect);
  server.on("upgrade", refuseUpgrade);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Reply = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

/** node:http sends the path exactly as given (fetch clients would normalise it). */
function send(method: string, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Bytes straight onto a socket, for what node:http won't send (made-up methods). */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (c) => (data += c));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
  });
}

const errorOf = (body: string) => JSON.parse(body.slice(body.indexOf("\r\n\r\n") + 4)).error;

describe("an address too long to echo back", () => {
  it("answers 414 with the error shape instead of handing it to Next (whose redirect would echo it)", async () => {
    const res = await send("PUT", `/api/v1/tickets/?cursor=${"9".repeat(9000)}`);
    expect(res.status).toBe(414);
    expect(JSON.parse(res.body).error.code).toBe("VALIDATION");
    const ok = await send("GET", `/api/v1/tickets?cursor=${"9".repeat(7000)}`);
    expect(ok.status).toBe(200);
  });
});

describe("malformed percent-encoding in the path", () => {
  it.each([
    "/api/v1/tickets/%ff",
    "/api/v1/health%ff",
    "/crm/api/v1/users/%E0%A4%A",
    "/api/auth/session%ff",
  ])("answers %s with 400 and the error shape, and logs one line", async (path) => {
    const before = logged.length;
    const res = await send("GET", path);
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(res.body).error).toEqual({ code: "VALIDATION", message: expect.any(String) });
    expect(logged.slice(before)).toHaveLength(1);
    expect(logged.at(-1)).toContain(JSON.stringify(path));
  });

  it("hands a page path to Next as an address it answers with the not-found page", async () => {
    const res = await send("GET", "/tickets/%ff?q=1");
    expect(res.body).toBe(`next saw GET ${BAD_ADDRESS_PATH}`);
    expect(logged.at(-1)).toMatch(/malformed percent-encoding: GET "\/tickets\/%ff\?q=1"/);
  });

  it("logs a hostile path as one escaped line", async () => {
    await send("GET", "/api/v1/%ff%0a%0dforged");
    expect(logged.at(-1)).not.toMatch(/[\r\n]/);
  });

  it("lets well-formed paths and queries through untouched", async () => {
    for (const path of ["/api/v1/tickets/%2F", "/tickets?q=%ff", "/api/v1/users/caf%C3%A9"])
      expect((await send("GET", path)).body).toBe(`next saw GET ${path}`);
  });
});

describe("methods no route serves", () => {
  it.each([
    ["TRACE", "/api/v1/health", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"],
    ["PROPFIND", "/crm/api/v1/tickets", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"],
    ["TRACE", "/signin", "GET, HEAD, POST, OPTIONS"],
    ["DELETE", "/tickets", "GET, HEAD, POST, OPTIONS"],
    ["PUT", "/", "GET, HEAD, POST, OPTIONS"],
  ])("answers %s %s with 405, Allow and the error shape", async (method, path, allow) => {
    const res = await send(method, path);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(JSON.parse(res.body).error).toMatchObject({ code: "METHOD_NOT_ALLOWED" });
  });

  it("passes the methods routes serve on to Next (each route answers its own 405)", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
      expect((await send(method, "/api/v1/tickets")).body).toBe(
        `next saw ${method} /api/v1/tickets`,
      );
    expect((await send("POST", "/signin")).body).toBe("next saw POST /signin");
  });

  it("answers OPTIONS on a page, and OPTIONS *, with 204 and Allow", async () => {
    const page = await send("OPTIONS", "/signin");
    expect(page.status).toBe(204);
    expect(page.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
    const star = await send("OPTIONS", "*");
    expect(star.status).toBe(204);
    expect((await send("GET", "*")).status).toBe(400);
  });

  it("answers a made-up method with 405 and the error shape, not a bare 400", async () => {
    const reply = await raw("FOO /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 405 /);
    expect(reply).toMatch(/\r\nAllow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n/);
    expect(errorOf(reply)).toMatchObject({ code: "METHOD_NOT_ALLOWED" });
  });

  it("answers CONNECT with 405 instead of dropping the connection", async () => {
    const reply = await raw("CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 405 /);
    expect(errorOf(reply)).toMatchObject({ code: "METHOD_NOT_ALLOWED" });
  });

  it("answers an Upgrade request and a broken header with a 400 and the error shape", async () => {
    const upgrade = await raw(
      "GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 400 /);
    expect(errorOf(upgrade)).toMatchObject({ code: "VALIDATION" });
    const garbage = await raw("GET / HTTP/1.1\r\nHost x\r\n\r\n");
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(errorOf(garbage)).toMatchObject({ code: "VALIDATION" });
  });
});
