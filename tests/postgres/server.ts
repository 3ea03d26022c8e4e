/**
 * A throwaway PostgreSQL cluster for the test suite (docs/testing.md#postgresql): initdb into a
 * fresh temp folder, start on 127.0.0.1 at a free port with test-speed settings, and on stop (or
 * when the process dies in any way) stop it and delete the folder. Nothing here is for production.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { appendFileSync, chownSync, chmodSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const MIN_MAJOR = 15;
const PREFIX = "caseline-pg-";
/** initdb and pg_ctl refuse to run as root: a root run hands the cluster to this OS user. */
const OS_USER = "postgres";

export type PostgresBinaries = { bindir: string; major: number };

export type PostgresServer = {
  host: string;
  port: number;
  /** The cluster's temp folder (data directory, socket, log). */
  dir: string;
  /** A URL of `database` on this server, as the superuser (trust authentication). */
  url(database: string): string;
  stop(): Promise<void>;
};

export class PostgresNotFoundError extends Error {}

function majorOf(bindir: string): number | undefined {
  try {
    const out = execFileSync(path.join(bindir, "postgres"), ["--version"], { encoding: "utf8" });
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(out);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The PostgreSQL server binaries: $PG_BIN, else the newest Debian /usr/lib/postgresql/N/bin,
 * else `pg_config --bindir`.
 */
export function findPostgresBinaries(): PostgresBinaries {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  else {
    const debian = "/usr/lib/postgresql";
    if (existsSync(debian)) {
      const versions = readdirSync(debian)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a));
      candidates.push(...versions.map((v) => path.join(debian, v, "bin")));
    }
    try {
      candidates.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim());
    } catch {
      // no pg_config on PATH
    }
  }
  const seen: string[] = [];
  for (const bindir of candidates) {
    const major = majorOf(bindir);
    if (major === undefined || !existsSync(path.join(bindir, "initdb"))) continue;
    if (major >= MIN_MAJOR) return { bindir, major };
    seen.push(`${bindir} is PostgreSQL ${major}`);
  }
  throw new PostgresNotFoundError(
    `No PostgreSQL ${MIN_MAJOR}+ server binaries found${seen.length ? ` (${seen.join("; ")})` : ""}` +
      `${process.env.PG_BIN ? ` in PG_BIN=${process.env.PG_BIN}` : ""}: the tests start their own ` +
      `server. Install PostgreSQL ${MIN_MAJOR}+: apt-get install postgresql, or set PG_BIN to its ` +
      `bin folder (the one with initdb and pg_ctl).`,
  );
}

const isRoot = () => process.getuid?.() === 0;

/** argv that runs `file args` as the cluster's owner: ourselves, or `postgres` when we're root. */
function asOwner(file: string, args: string[]): [string, string[]] {
  return isRoot() ? ["runuser", ["-u", OS_USER, "--", file, ...args]] : [file, args];
}

/**
 * Runs a PostgreSQL program as the cluster's owner, in `cwd`: one the owner may enter (when root
 * hands over to `postgres`, the repository's folder may be closed to it).
 */
function run(file: string, args: string[], cwd: string) {
  const [cmd, argv] = asOwner(file, args);
  try {
    return execFileSync(cmd, argv, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      `${path.basename(file)} failed: ${(e.stderr || e.stdout || e.message).trim()}`,
      {
        cause: error,
      },
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Stops a cluster (if its postmaster still runs) and deletes its folder; never throws. */
function destroyCluster(dir: string, bindir: string) {
  const data = path.join(dir, "data");
  if (existsSync(path.join(data, "postmaster.pid"))) {
    try {
      const [cmd, argv] = asOwner(path.join(bindir, "pg_ctl"), [
        "stop",
        "-D",
        data,
        "-m",
        "immediate",
        "-w",
      ]);
      execFileSync(cmd, argv, { cwd: os.tmpdir(), stdio: "ignore", timeout: 30_000 });
    } catch {
      // Already gone. If it isn't, deleting its folder (and lock file) makes the postmaster shut
      // itself down within a minute.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Clusters of earlier runs that were killed before their cleanup ran (the watchdog normally
 * catches those, but not if the machine went down): stop and delete any whose owner is gone.
 */
function sweepStaleClusters(bindir: string) {
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      const owner = JSON.parse(readFileSync(path.join(dir, "owner.json"), "utf8")) as {
        pid: number;
        bindir?: string;
      };
      if (alive(owner.pid)) continue;
      destroyCluster(dir, owner.bindir ?? bindir);
    } catch {
      // Not ours to judge (no owner file yet: a run that is starting right now), or unreadable.
    }
  }
}

/**
 * A detached process that waits for this one to end (its stdin pipe closes however we die, even
 * by SIGKILL), then stops the cluster and deletes the folder. Detached, so a Ctrl-C sent to the
 * terminal's process group doesn't kill it before it has cleaned up.
 */
function startWatchdog(dir: string, bindir: string) {
  const script = `
    const { execFileSync } = require("node:child_process");
    const { existsSync, rmSync } = require("node:fs");
    const [dir, pgCtl, asRoot] = process.argv.slice(1);
    const cleanup = () => {
      const data = dir + "/data";
      if (existsSync(data + "/postmaster.pid")) {
        const args = ["stop", "-D", data, "-m", "immediate", "-w"];
        try {
          const options = { cwd: require("node:os").tmpdir(), stdio: "ignore" };
          if (asRoot === "1") execFileSync("runuser", ["-u", "${OS_USER}", "--", pgCtl, ...args], options);
          else execFileSync(pgCtl, args, options);
        } catch {}
      }
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    };
    process.stdin.on("end", cleanup);
    process.stdin.on("error", cleanup);
    process.stdin.resume();
  `;
  const child = spawn(
    process.execPath,
    ["-e", script, dir, path.join(bindir, "pg_ctl"), isRoot() ? "1" : "0"],
    { cwd: os.tmpdir(), detached: true, stdio: ["pipe", "ignore", "ignore"] },
  );
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  return child;
}

export type StartOptions = {
  /** Enough for every test worker's pools at once (the caller knows how many workers run). */
  maxConnections: number;
  /**
   * Keep PostgreSQL's durable defaults (fsync, synchronous commit, autovacuum) with a production-
   * like buffer cache: for the benchmark, whose figures must be what an operator would see.
   */
  durable?: boolean;
};

/** initdb, start and wait until the server accepts connections. */
export async function startPostgresServer(options: StartOptions): Promise<PostgresServer> {
  const { bindir } = findPostgresBinaries();
  sweepStaleClusters(bindir);

  const dir = mkdtempSync(path.join(os.tmpdir(), PREFIX));
  writeFileSync(path.join(dir, "owner.json"), JSON.stringify({ pid: process.pid, bindir }));
  let ownerIds: { uid: number; gid: number } | undefined;
  if (isRoot()) {
    try {
      ownerIds = {
        uid: Number(execFileSync("id", ["-u", OS_USER], { encoding: "utf8" })),
        gid: Number(execFileSync("id", ["-g", OS_USER], { encoding: "utf8" })),
      };
    } catch {
      rmSync(dir, { recursive: true, force: true });
      throw new PostgresNotFoundError(
        `Running as root, but there is no "${OS_USER}" OS user to run initdb as (initdb refuses ` +
          `root). Install PostgreSQL ${MIN_MAJOR}+ (apt-get install postgresql creates it) or run ` +
          `the tests as an ordinary user.`,
      );
    }
    chownSync(dir, ownerIds.uid, ownerIds.gid);
  }
  chmodSync(dir, 0o700);

  const watchdog = startWatchdog(dir, bindir);
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    destroyCluster(dir, bindir);
    process.off("exit", stopNow);
    watchdog.stdin?.end();
  };
  // vitest exits with process.exit() on Ctrl-C, without running the global teardown: "exit"
  // handlers still run (synchronously), so stop the cluster there.
  process.on("exit", stopNow);

  try {
    const data = path.join(dir, "data");
    run(
      path.join(bindir, "initdb"),
      [
        "-D",
        data,
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
        "--no-instructions",
      ],
      dir,
    );
    const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;
    const common = {
      listen_addresses: quoted("127.0.0.1"),
      unix_socket_directories: quoted(dir),
      max_connections: String(options.maxConnections),
    };
    const durable = { ...common, shared_buffers: quoted("1GB"), max_wal_size: quoted("4GB") };
    const fast = {
      ...common,
      // Test speed: a crash loses the cluster anyway, so nothing needs to reach the disk.
      fsync: "off",
      synchronous_commit: "off",
      full_page_writes: "off",
      // Every test clones a database: checkpoints by WAL volume, not every 1 GB of clones.
      max_wal_size: quoted("2GB"),
      checkpoint_timeout: quoted("30min"),
      // Short-lived databases: vacuum would only compete with the tests; JIT only pays off on
      // long analytical queries and costs ~100 ms compiling a test's first complex one.
      autovacuum: "off",
      jit: "off",
      log_checkpoints: "off",
    };
    const settings = options.durable ? durable : fast;
    const conf = Object.entries(settings)
      .map(([key, value]) => `${key} = ${value}`)
      .join("\n");
    // Appended as the owner wrote the file; root may write it and the owner still reads it.
    appendFileSync(path.join(data, "postgresql.conf"), `\n# tests/postgres/server.ts\n${conf}\n`);

    const host = "127.0.0.1";
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      rmSync(path.join(dir, "server.log"), { force: true });
      try {
        run(
          path.join(bindir, "pg_ctl"),
          [
            "start",
            "-D",
            data,
            "-l",
            path.join(dir, "server.log"),
            "-o",
            `-p ${port}`,
            "-w",
            "-t",
            "60",
          ],
          dir,
        );
        break;
      } catch (error) {
        const log = existsSync(path.join(dir, "server.log"))
          ? readFileSync(path.join(dir, "server.log"), "utf8")
          : "";
        // Another process took the port between our check and the server's bind: try another.
        if (attempt < 5 && /could not bind|Address already in use/i.test(log)) continue;
        throw new Error(
          `PostgreSQL did not start: ${(error as Error).message}\n${log.split("\n").slice(-20).join("\n")}`,
          { cause: error },
        );
      }
    }
    return {
      host,
      port,
      dir,
      url: (database) => `postgres://postgres@${host}:${port}/${encodeURIComponent(database)}`,
      stop: async () => stopNow(),
    };
  } catch (error) {
    stopNow();
    throw error;
  }
}
