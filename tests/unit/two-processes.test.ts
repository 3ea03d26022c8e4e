/**
 * Two processes on one SQLite file, the web server beside `npm run worker` (README): neither may
 * fail a write because the other one writes. Both raise tickets through the real createTicket
 * (assignment included) while one also claims and sends outbox rows; afterwards every ticket is
 * there, assigned, working counts are exact and every email was sent exactly once.
 */
import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const SCRIPT = "tests/fixtures/sqlite-writer.ts";
const ENGINEERS = 5;
const PER_PROCESS = 75;

type Writer = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves once the process printed this line. */
  printed: (line: string) => Promise<void>;
  result: () => { failures: string[]; sent?: number };
};

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0))
    if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function writer(file: string, args: string[]): Writer {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: "test",
      DATABASE_URL: file,
      DATA_DIR: path.dirname(file),
      AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
      PASSWORD_HASH_COST: "10",
      ADMIN_PASSWORD: "",
      EMAIL_TRANSPORT: "log",
      OUTBOX_WORKER: "false",
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  const waiters: { line: string; resolve: () => void }[] = [];
  const onData = (d: Buffer) => {
    output += d.toString();
    const seen = output.split("\n").map((l) => l.trim());
    for (const w of waiters.splice(0)) {
      if (seen.includes(w.line)) w.resolve();
      else waiters.push(w);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return {
    child,
    output: () => output,
    exited,
    printed: (line) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ line, resolve });
        onData(Buffer.alloc(0));
        void exited.then(() => reject(new Error(`exited before printing ${line}:\n${output}`)));
      }),
    result: () => {
      const last = output
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .pop();
      if (!last) throw new Error(`no result line:\n${output}`);
      return JSON.parse(last);
    },
  };
}

describe("two processes on one SQLite file", () => {
  it("concurrent ticket creations and outbox claims in two processes: no failure, exact counts", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "caseline-two-processes-"));
    dirs.push(dir);
    const file = path.join(dir, "caseline.db");

    const seed = writer(file, ["seed", String(ENGINEERS)]);
    expect(await seed.exited, seed.output()).toBe(0);

    const web = writer(file, ["web", String(PER_PROCESS)]);
    const worker = writer(file, ["worker", String(PER_PROCESS)]);
    await Promise.all([web.printed("ready"), worker.printed("ready")]);
    web.child.stdin!.write("go\n");
    worker.child.stdin!.write("go\n");
    expect(await web.exited, web.output()).toBe(0);
    await worker.printed("raised");
    worker.child.stdin!.write("finish\n");
    expect(await worker.exited, worker.output()).toBe(0);

    expect(web.result().failures).toEqual([]);
    expect(worker.result().failures).toEqual([]);

    const db = new Database(file, { readonly: true });
    try {
      const count = (q: string) => (db.prepare(q).pluck().get() as number) ?? 0;
      expect(count("select count(*) from tickets")).toBe(2 * PER_PROCESS);
      expect(count("select count(*) from tickets where assignee_id is null")).toBe(0);
      // Kept counts match a fresh count, and least-loaded assignment kept them level.
      const kept = db
        .prepare(
          `select u.working_count as kept,
               (select count(*) from tickets t where t.assignee_id = u.id
                  and t.status in ('OPEN', 'IN_PROGRESS', 'BLOCKED')) as actual
             from users u where u.user_type = 'ENGINEER' order by u.id`,
        )
        .all() as { kept: number; actual: number }[];
      expect(kept.map((k) => k.kept)).toEqual(kept.map((k) => k.actual));
      expect(kept.map((k) => k.kept)).toEqual(Array(ENGINEERS).fill((2 * PER_PROCESS) / ENGINEERS));
      // Every queued email went out once: none left behind, none sent twice.
      const rows = count("select count(*) from notifications");
      expect(rows).toBeGreaterThan(2 * PER_PROCESS);
      expect(count("select count(*) from notifications where status <> 'SENT'")).toBe(0);
      expect(worker.result().sent).toBe(rows);
    } finally {
      db.close();
    }
  }, 180_000);
});
