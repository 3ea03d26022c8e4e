/**
 * A real IMAP server for tests (docs/testing.md#imap-server): Dovecot from Debian's
 * `dovecot-imapd`, with a config of its own (nothing of /etc/dovecot) in a fresh temp folder: its
 * own base_dir, state, log, users (passwd-file) and maildirs, listening on 127.0.0.1 only, on a
 * free port, plain IMAP (no TLS). So it never meets the package's own service on 143/993, nor
 * another test file's server. Free of vitest, so the browser specs and scripts start it too.
 *
 * stop() (or the process exiting, or a watchdog if the process is killed outright) stops every
 * Dovecot process of the server by its process group and deletes the folder.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";

const PREFIX = "caseline-imap-";
const HOST = "127.0.0.1";
const INSTALL_HINT =
  "the tests start their own Dovecot IMAP server. Install it with `apt-get install dovecot-imapd` " +
  "(Debian/Ubuntu; the package's own service is not used), or set DOVECOT_BIN to the dovecot binary.";

export type ImapUser = { user: string; password: string };

/** One message of a mailbox, as list() reads it (without the session flag \Recent). */
export type ImapMessage = { uid: number; flags: string[]; messageId?: string; subject?: string };

export type ImapServer = {
  host: string;
  port: number;
  /** The Dovecot master's PID; it leads a process group of all the server's processes. */
  pid: number;
  /** The server's temp folder (config, users, maildirs, log). */
  dir: string;
  users: ImapUser[];
  /** imap://user:password@127.0.0.1:port/INBOX, the form INBOUND_IMAP_URL takes. */
  url(user: string, mailbox?: string): string;
  /** APPENDs a raw RFC 5322 message to `mailbox` (INBOX), with `flags` (none: unseen). */
  append(user: string, raw: string | Buffer, mailbox?: string, flags?: string[]): Promise<void>;
  /** append() of each message in turn, over one connection (quicker for many). */
  appendMany(
    user: string,
    raws: (string | Buffer)[],
    mailbox?: string,
    flags?: string[],
  ): Promise<void>;
  /** The messages of `mailbox` (INBOX) in UID order, read without changing anything (EXAMINE). */
  list(user: string, mailbox?: string): Promise<ImapMessage[]>;
  createMailbox(user: string, name: string): Promise<void>;
  /** Dovecot's log so far: worth printing when a test fails. */
  log(): string;
  stop(): Promise<void>;
};

export type StartImapOptions = {
  /** The accounts (default: one, `support`). Names may use letters, digits and `.-_@`. */
  users?: ImapUser[];
};

export class DovecotNotFoundError extends Error {}

/** The dovecot binary: $DOVECOT_BIN, else /usr/sbin/dovecot, else `dovecot` on PATH. */
export function findDovecot(): string {
  const env = process.env.DOVECOT_BIN;
  let binary = (env ? [env] : ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"]).find((file) =>
    existsSync(file),
  );
  if (!binary && !env) {
    try {
      binary = execFileSync("sh", ["-c", "command -v dovecot"], { encoding: "utf8" }).trim();
    } catch {
      // not on PATH
    }
  }
  if (!binary) {
    throw new DovecotNotFoundError(
      `No dovecot binary${env ? ` at DOVECOT_BIN=${env}` : " (looked in /usr/sbin and on PATH)"}: ${INSTALL_HINT}`,
    );
  }
  return binary;
}

const isRoot = () => process.getuid?.() === 0;

function idsOf(user: string): { uid: number; gid: number } {
  try {
    return {
      uid: Number(execFileSync("id", ["-u", user], { encoding: "utf8" })),
      gid: Number(execFileSync("id", ["-g", user], { encoding: "utf8" })),
    };
  } catch (error) {
    throw new DovecotNotFoundError(
      `Running as root, but there is no "${user}" OS user for Dovecot's processes (the ` +
        `dovecot-core package creates "dovecot" and "dovenull"): ${INSTALL_HINT}`,
      { cause: error },
    );
  }
}

/**
 * Who the server's processes run as. As root, Dovecot's own users: logins as `dovenull`, its
 * internal processes and the mail (so the maildirs) as `dovecot`; Dovecot refuses mail access as
 * root. As anyone else, everything runs as that user, without chroot.
 */
let knownAccounts: ReturnType<typeof lookUpAccounts> | undefined;
const accounts = () => (knownAccounts ??= lookUpAccounts());

function lookUpAccounts() {
  if (isRoot()) {
    const mail = idsOf("dovecot"); // also the internal user
    idsOf("dovenull");
    return { internal: "dovecot", group: "dovecot", login: "dovenull", mail, root: true };
  }
  const me = os.userInfo();
  const group = execFileSync("id", ["-gn"], { encoding: "utf8" }).trim();
  return { internal: me.username, group, login: me.username, mail: me, root: false };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Dovecot treats these as list separators or comments in a config value. */
function configValue(value: string) {
  if (/[\s"#{}\\]/.test(value)) throw new Error(`unusable path for a Dovecot config: ${value}`);
  return value;
}

function dovecotConfig(
  dir: string,
  port: number,
  greeting: string,
  who: ReturnType<typeof accounts>,
) {
  const at = (name: string) => configValue(path.join(dir, name));
  const noChroot = who.root ? "" : "\n  chroot =";
  return `# tests/imap-server.ts: a throwaway test server, nothing of /etc/dovecot.
base_dir = ${at("run")}
state_dir = ${at("state")}
instance_name = ${path.basename(dir)}
log_path = ${at("dovecot.log")}
listen = ${HOST}
protocols = imap
login_greeting = ${greeting}

ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A wrong password answers at once (the default waits 2 s).
auth_failure_delay = 0 secs

default_internal_user = ${who.internal}
default_internal_group = ${who.group}
default_login_user = ${who.login}
mail_uid = ${who.mail.uid}
mail_gid = ${who.mail.gid}
first_valid_uid = ${Math.min(who.mail.uid, 500)}
mail_location = maildir:${at("mail")}/%u
# Test speed: the folder is thrown away, nothing needs to reach the disk.
mail_fsync = never
# Tests open many connections per user from 127.0.0.1 (default 10).
mail_max_userip_connections = 1000
# IDLE hears of new mail by inotify at once; this is only the fallback check (default 30 s).
mailbox_idle_check_interval = 1 secs

namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${at("users")}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${at("users")}
}

service imap-login {
  inet_listener imap {
    address = ${HOST}
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }${noChroot}
}
# No auth penalty (after a failed login, the next from that IP would wait 2 s, then 4, 8, 15):
# a socket nobody may connect to turns it off.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }${noChroot}
}
`;
}

const USER_NAME = /^[A-Za-z0-9._@-]+$/;

/** passwd-file lines; the password base64-encoded, so it may hold any character. */
function usersFile(users: ImapUser[], dir: string) {
  return users
    .map(({ user, password }) => {
      if (!USER_NAME.test(user)) throw new Error(`IMAP test user name not allowed: ${user}`);
      const b64 = Buffer.from(password, "utf8").toString("base64");
      return `${user}:{PLAIN.B64}${b64}:::::${path.join(dir, "mail", user)}::\n`;
    })
    .join("");
}

/** The processes of group `pgid` that haven't exited (zombies don't count), from /proc. */
function groupMembers(pgid: number): number[] {
  if (!existsSync("/proc/self/stat")) {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") members.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM to every process of the server at once (to the master alone, shutdown takes ~1 s):
 * sessions end with Dovecot's BYE. Whatever is left after 500 ms gets SIGKILL: a master still
 * starting up may miss the SIGTERM, restart the children that died, and linger for seconds.
 */
async function stopGroup(pgid: number) {
  const started = Date.now();
  signalGroup(pgid, "SIGTERM");
  let killed = false;
  while (groupMembers(pgid).length > 0 && Date.now() - started < 3000) {
    if (!killed && Date.now() - started > 500) {
      signalGroup(pgid, "SIGKILL");
      killed = true;
    }
    await sleep(10);
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Is `pid` still the master of the server configured by `conf` (not a reused PID)? */
function isOurMaster(pid: number, conf: string) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(conf);
  } catch {
    return false;
  }
}

/** Servers of earlier runs that were killed before their cleanup ran: stop and delete them. */
function sweepStale() {
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      const owner = JSON.parse(readFileSync(path.join(dir, "owner.json"), "utf8")) as {
        pid: number;
        pgid?: number;
      };
      if (alive(owner.pid)) continue;
      if (owner.pgid && isOurMaster(owner.pgid, path.join(dir, "dovecot.conf")))
        signalGroup(owner.pgid, "SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Not ours to judge (no owner file yet: a server starting right now), or unreadable.
    }
  }
}

/**
 * A detached process that waits for this one to end (its stdin pipe closes however we die, even
 * by SIGKILL) and then stops the server's process group and deletes the folder, unless stop()
 * told it the job is done.
 */
function startWatchdog(dir: string, pgid: number, conf: string) {
  const script = `
    const { readFileSync, rmSync } = require("node:fs");
    const [dir, pgid, conf] = process.argv.slice(1);
    let said = "";
    const ours = () => {
      try { return readFileSync("/proc/" + pgid + "/cmdline", "utf8").split("\\0").includes(conf); }
      catch { return false; }
    };
    const kill = (signal) => { try { if (ours()) process.kill(-Number(pgid), signal); } catch {} };
    const cleanup = () => {
      if (said.includes("stopped")) process.exit(0);
      kill("SIGTERM");
      setTimeout(() => {
        kill("SIGKILL");
        rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
        process.exit(0);
      }, 1000);
    };
    process.stdin.on("data", (chunk) => { said += chunk; });
    process.stdin.on("end", cleanup);
    process.stdin.on("error", cleanup);
  `;
  const child = spawn(process.execPath, ["-e", script, dir, String(pgid), conf], {
    cwd: os.tmpdir(),
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  return child;
}

/**
 * Waits until the server greets with `greeting` (ours, not some other server that took the
 * port), or throws when the master exits first.
 */
async function waitForGreeting(port: number, greeting: string, master: ChildProcess) {
  const deadline = Date.now() + 20_000;
  let exited = master.exitCode !== null || master.signalCode !== null;
  let probe: net.Socket | undefined;
  // A master that exits (its bind failed) ends the wait at once, even mid-probe.
  master.once("exit", () => {
    exited = true;
    probe?.destroy();
  });
  while (Date.now() < deadline) {
    if (exited) return false;
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = (probe = net.connect(port, HOST));
      let text = "";
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(2000, () => done(false));
      socket.on("data", (chunk) => {
        text += chunk;
        if (text.includes("\n")) done(text.startsWith("* OK") && text.includes(greeting));
      });
      socket.on("error", () => done(false));
      socket.on("close", () => done(false));
    });
    if (greeted) return !exited;
    await sleep(10);
  }
  throw new Error(`Dovecot did not answer on ${HOST}:${port} within 20 s`);
}

/** Starts a Dovecot IMAP server and waits until it greets. */
export async function startImapServer(options: StartImapOptions = {}): Promise<ImapServer> {
  const binary = findDovecot();
  const who = accounts();
  const users = (options.users ?? [{ user: "support", password: "support-password" }]).map((u) => ({
    ...u,
  }));
  sweepStale();

  const dir = mkdtempSync(path.join(os.tmpdir(), PREFIX));
  const conf = path.join(dir, "dovecot.conf");
  const ownerFile = path.join(dir, "owner.json");
  writeFileSync(ownerFile, JSON.stringify({ pid: process.pid }));
  let master: ChildProcess | undefined;
  let watchdog: ChildProcess | undefined;
  let stopped = false;

  // The login and internal users must reach base_dir; only the mail user opens the maildirs.
  chmodSync(dir, 0o755);
  for (const sub of ["run", "state", "mail"]) mkdirSync(path.join(dir, sub));
  if (who.root) {
    chownSync(path.join(dir, "mail"), who.mail.uid, who.mail.gid);
    chmodSync(path.join(dir, "mail"), 0o700);
  }
  writeFileSync(path.join(dir, "users"), usersFile(users, dir), { mode: 0o640 });
  // The auth process, which reads the passwd-file, runs as the internal user: as root, `dovecot`.
  if (who.root) chownSync(path.join(dir, "users"), 0, who.mail.gid);

  const exitNow = () => {
    if (stopped) return;
    stopped = true;
    if (master?.pid) signalGroup(master.pid, "SIGKILL");
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  // vitest exits with process.exit() on Ctrl-C: "exit" handlers still run, synchronously.
  process.on("exit", exitNow);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", exitNow);
    if (master?.pid) await stopGroup(master.pid);
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    watchdog?.stdin?.end("stopped");
  };

  try {
    let port = 0;
    let stderr = "";
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const greeting = `Caseline test IMAP ${randomBytes(6).toString("hex")} ready.`;
      writeFileSync(conf, dovecotConfig(dir, port, greeting, who));
      stderr = "";
      // Detached: the master leads a process group of its own with all its children, for stop().
      master = spawn(binary, ["-F", "-c", conf], {
        cwd: dir,
        detached: true,
        stdio: ["ignore", "ignore", "pipe"],
      });
      master.unref();
      (master.stderr as unknown as { unref?: () => void }).unref?.();
      master.stderr?.on("data", (chunk) => (stderr = (stderr + chunk).slice(-20_000)));
      const spawned = await new Promise<Error | null>((resolve) => {
        master!.once("spawn", () => resolve(null));
        master!.once("error", resolve);
      });
      if (spawned) throw new DovecotNotFoundError(`${binary}: ${spawned.message}: ${INSTALL_HINT}`);
      writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, pgid: master.pid }));
      watchdog?.stdin?.end("stopped");
      watchdog = startWatchdog(dir, master.pid!, conf);

      if (await waitForGreeting(port, greeting, master)) break;
      await stopGroup(master.pid!);
      const log = readLog(dir);
      // Another process took the port between our check and Dovecot's bind: try another.
      if (attempt < 5 && /Address already in use/i.test(stderr + log)) continue;
      const missingImap = /imap.*(No such file|not found)/i.test(stderr + log);
      throw new Error(
        `Dovecot did not start (exit ${master.exitCode ?? master.signalCode}):\n` +
          `${(stderr + log).trim().split("\n").slice(-20).join("\n")}` +
          (missingImap ? `\nIs dovecot-imapd installed? ${INSTALL_HINT}` : ""),
      );
    }

    const account = (user: string) => {
      const found = users.find((u) => u.user === user);
      if (!found)
        throw new Error(`no IMAP test user "${user}" (${users.map((u) => u.user).join(", ")})`);
      return found;
    };
    const withClient = async <T>(user: string, fn: (client: ImapFlow) => Promise<T>) => {
      const client = new ImapFlow({
        host: HOST,
        port,
        secure: false,
        auth: { user, pass: account(user).password },
        logger: false,
        disableAutoIdle: true,
      });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.logout().catch(() => client.close());
      }
    };

    return {
      host: HOST,
      port,
      pid: master.pid!,
      dir,
      users,
      url(user, mailbox = "INBOX") {
        const { password } = account(user);
        const folder = mailbox.split("/").map(encodeURIComponent).join("/");
        return `imap://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${HOST}:${port}/${folder}`;
      },
      append: (user, raw, mailbox = "INBOX", flags = []) =>
        withClient(user, async (client) => {
          if (!(await client.append(mailbox, raw, flags)))
            throw new Error(`APPEND to ${mailbox} of ${user} failed`);
        }),
      appendMany: (user, raws, mailbox = "INBOX", flags = []) =>
        withClient(user, async (client) => {
          for (const [i, raw] of raws.entries()) {
            if (!(await client.append(mailbox, raw, flags)))
              throw new Error(`APPEND ${i + 1} of ${raws.length} to ${mailbox} of ${user} failed`);
          }
        }),
      list: (user, mailbox = "INBOX") =>
        withClient(user, async (client) => {
          const lock = await client.getMailboxLock(mailbox, { readOnly: true });
          try {
            const box = client.mailbox;
            if (!box || box.exists === 0) return [];
            const messages: ImapMessage[] = [];
            for await (const m of client.fetch("1:*", { uid: true, flags: true, envelope: true })) {
              messages.push({
                uid: m.uid,
                flags: [...(m.flags ?? [])].filter((f) => f !== "\\Recent").sort(),
                messageId: m.envelope?.messageId || undefined,
                subject: m.envelope?.subject || undefined,
              });
            }
            return messages.sort((a, b) => a.uid - b.uid);
          } finally {
            lock.release();
          }
        }),
      createMailbox: (user, name) =>
        withClient(user, async (client) => {
          await client.mailboxCreate(name);
        }),
      log: () => readLog(dir),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readLog(dir: string) {
  try {
    return readFileSync(path.join(dir, "dovecot.log"), "utf8");
  } catch {
    return "";
  }
}
