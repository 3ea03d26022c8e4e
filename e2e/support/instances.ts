import { expect } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import path from "node:path";
export { createDatabase, startMailSink, type Delivery } from "./servers";

/**
 * Production servers (the build the suite just made) on a PostgreSQL of the spec's own, as the
 * multi-instance and reverse-proxy specs run them (docs/testing.md#several-instances-on-one-postgresql),
 * with what they talk to them through: plain API calls, live-stream listeners, a mail sink.
 */

export type Instance = {
  name: string;
  port: number;
  base: string;
  child: ChildProcess;
  log: string;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of many shapes, read field by field
export type Answer = { status: number; json: any; text: string; headers: Headers };
export type Account = { userId: string; dbId: number; token: string };

/** Requests made through `call`, for the specs' summary lines. */
export const counted = { requests: 0 };

/** A JSON API call to `${base}/api/v1${route}`; `base` may be an instance or a proxy in front. */
export async function call(
  target: { base: string },
  method: string,
  route: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  counted.requests += 1;
  const res = await fetch(`${target.base}/api/v1${route}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the status says enough
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** The status and, when it isn't the expected one, what the server said. */
export const outcome = (r: Answer) =>
  `${r.status}${r.status >= 300 ? ` ${r.text.slice(0, 200)}` : ""}`;

export function expectAll(answers: Answer[], status: number, what: string) {
  const wrong = answers.filter((r) => r.status !== status).map(outcome);
  expect(wrong, `${what}: every answer ${status}`).toEqual([]);
}

/**
 * `node server.mjs` in production mode on `port`, logging to `<dir>/<name>.log`, its data folder
 * `<dir>/<name>/`. `env` adds to (or overrides) the environment every instance gets.
 */
export function startInstance(options: {
  name: string;
  port: number;
  dir: string;
  env: Record<string, string>;
}): Instance {
  const { name, port, dir } = options;
  const logPath = path.join(dir, `${name.toLowerCase()}.log`);
  const log = openSync(logPath, "a");
  const child = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: path.join(dir, name.toLowerCase()),
      PASSWORD_HASH_COST: "12",
      ...options.env,
    },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  // Dies with this worker whatever ends it, so no server is left holding the port.
  const stop = () => child.kill("SIGKILL");
  process.once("exit", stop);
  child.once("exit", () => process.off("exit", stop));
  return { name, port, base: `http://127.0.0.1:${port}`, child, log: logPath };
}

export const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Waits until the instance answers /api/v1/health, and fails at once if it exited. */
export async function healthy(instance: Instance) {
  await expect
    .poll(
      () =>
        gone(instance.child)
          ? Promise.reject(new Error(`instance ${instance.name} exited (see ${instance.log})`))
          : fetch(`${instance.base}/api/v1/health`).then(
              (r) => r.status,
              () => 0,
            ),
      { message: `instance ${instance.name} answers`, timeout: 90_000 },
    )
    .toBe(200);
}

/** SIGKILLs every instance still running and waits until each has exited. */
export async function killAll(instances: Instance[]) {
  const stops = instances.splice(0).map(async (instance) => {
    if (gone(instance.child)) return;
    const exited = new Promise((resolve) => instance.child.once("exit", resolve));
    instance.child.kill("SIGKILL");
    await exited;
  });
  await Promise.allSettled(stops);
}

export type Heard = { id: number; ticket: number; type: string };

/** One open GET /api/v1/stream, read as server-sent events. */
export class Listener {
  readonly heard: Heard[] = [];
  ready = false;
  resets = 0;
  /** Set when the stream ends: how ("the server ended the stream", or the error). */
  ended: string | undefined;
  /** The response's headers, once it opened. */
  headers: Headers | undefined;
  private readonly abort = new AbortController();

  constructor(
    readonly label: string,
    readonly role: "ADMIN" | "ENGINEER" | "CUSTOMER",
    readonly account: Account,
    /** Where the stream is opened: an instance, or a proxy in front of several. */
    readonly target: { name?: string; base: string },
  ) {}

  async open() {
    const res = await fetch(`${this.target.base}/api/v1/stream`, {
      headers: { authorization: `Bearer ${this.account.token}` },
      signal: this.abort.signal,
    });
    expect(res.status, `${this.label}: the stream opens`).toBe(200);
    this.headers = res.headers;
    void this.read(res.body!);
    await expect
      .poll(() => this.ready, { message: `${this.label}: ready`, timeout: 30_000 })
      .toBe(true);
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          this.take(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      this.ended = "the server ended the stream";
    } catch (error) {
      if (!this.abort.signal.aborted) this.ended = String(error);
    }
  }

  private take(block: string) {
    const field = (name: string) =>
      block
        .split("\n")
        .find((l) => l.startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim();
    const event = field("event");
    if (event === "ready") this.ready = true;
    else if (event === "reset") this.resets += 1;
    else if (event === "ticket") {
      const data = JSON.parse(field("data") ?? "{}") as { ticket: number; type: string };
      this.heard.push({ id: Number(field("id")), ...data });
    }
  }

  close() {
    this.abort.abort();
  }
}
