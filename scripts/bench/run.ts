/**
 * npm run bench [-- --engine sqlite|postgres --tickets 1000000[,10000000] --seconds 5
 *                   --warm-up 3 --connections 8 --port 3777 --no-scale-out --only-scale-out
 *                   --reuse]
 *
 * For 10,000 tickets and then each chosen size (default 1,000,000; a comma-separated list, such as
 * 1000000,10000000, measures each in turn and puts them side by side): builds a database on the chosen
 * engine (PostgreSQL: a throwaway server started for the run, as the tests do), starts the
 * production server on it, and measures each scenario with autocannon over loopback. Prints one
 * table of median (and its ratio to /health in the same run), p99 latency and requests per
 * second, and writes it to bench-results-<engine>.md.
 *
 * On PostgreSQL it then scales out (unless --no-scale-out; --only-scale-out skips the table
 * above): on a fresh 10,000-ticket database, creation and a list through a round-robin proxy
 * (scripts/bench/proxy.ts) in front of one instance, then in front of two, in the same run and
 * with the same connections, and a second table compares them. The servers listen on --port and
 * the next three ports.
 *
 * --reuse (SQLite): a size whose file is left in data/bench/ from an earlier run is measured again
 * as it is instead of rebuilt (10M takes 20 minutes to build), to compare code on the same data.
 * Each run's creation scenario has added its tickets to it.
 */
import autocannon from "autocannon";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { startPostgresServer, type PostgresServer } from "../../tests/postgres/server";
import { BENCH_PASSWORD, benchDatabaseAt, buildBenchDatabase, type BenchDb } from "./build-db";

const HEALTH = "health (framework floor)";

/** A new, empty database on the bench's PostgreSQL server; returns its URL. */
async function createDatabase(server: PostgresServer, name: string) {
  const admin = new pg.Client({ connectionString: server.url("postgres") });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return server.url(name);
}

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ticketsArg = args.includes("--tickets") ? args[args.indexOf("--tickets") + 1] : "1000000";
const chosenSizes = ticketsArg.split(",").map(Number);
if (!chosenSizes.every((n) => Number.isInteger(n) && n >= 1_000)) {
  console.error(
    `--tickets must be whole numbers of at least 1000, comma-separated, not ${ticketsArg}`,
  );
  process.exit(2);
}
const SIZES = [...new Set([10_000, ...chosenSizes])].sort((a, b) => a - b);
const engineArg = args.includes("--engine") ? args[args.indexOf("--engine") + 1] : "sqlite";
if (engineArg !== "sqlite" && engineArg !== "postgres") {
  console.error(`--engine must be sqlite or postgres, not ${engineArg}`);
  process.exit(2);
}
const ENGINE = engineArg;
const SECONDS = arg("seconds", 5);
/** Seconds of load before each measured run, not counted. */
const WARM_UP = arg("warm-up", 3);
const CONNECTIONS = arg("connections", 8);
const PORT = arg("port", 3777);
const SECRET = "bench-secret-bench-secret-bench-secret-0123";
const BASE = `http://127.0.0.1:${PORT}`;
const SCALE_OUT = ENGINE === "postgres" && !args.includes("--no-scale-out");
const ONLY_SCALE_OUT = args.includes("--only-scale-out");
const REUSE = ENGINE === "sqlite" && args.includes("--reuse");
if (ONLY_SCALE_OUT && !SCALE_OUT) {
  console.error(
    "--only-scale-out needs --engine postgres (several instances share one PostgreSQL)",
  );
  process.exit(2);
}
/** The scale-out scenario's size: enough to be realistic, quick to build. */
const SCALE_OUT_SIZE = 10_000;

type Row = {
  size: number;
  scenario: string;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  /** The server process's own CPU time over the measured run, per request (null off Linux). */
  cpuMs: number | null;
  /** Fetched one at a time (Mode "download"): its time is not comparable with /health's. */
  download?: boolean;
};

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux, whatever the kernel's HZ). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process's user + system CPU time so far, in ms, from /proc (null where there is none). */
function cpuTimeMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (2nd field) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

/** A process's resident memory now, in MiB (null where /proc has none). */
function rssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

async function startServer(db: BenchDb, port = PORT): Promise<ChildProcess> {
  const server = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: db.url,
      AUTH_SECRET: SECRET,
      ADMIN_PASSWORD: BENCH_PASSWORD,
      RATE_LIMIT_USER_PER_MINUTE: "100000000",
      RATE_LIMIT_ANON_PER_MINUTE: "100000000",
      // The web process alone: emails still queue in the outbox with every change, but rendering
      // and sending them is the worker's CPU (npm run worker), measured apart (README "Speed").
      OUTBOX_WORKER: "false",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  server.kill();
  throw new Error("the server did not start");
}

async function token(userId: string) {
  const res = await fetch(`${BASE}/api/v1/auth/signin`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in as ${userId} failed: ${res.status}`);
  return (await res.json()).userDetails.token as string;
}

/**
 * A scenario is a load (as many requests as `connections` keep going for the run's seconds) or a
 * download: a file that grows with the data (the resolved-tickets CSV is 108 MB at 10M), fetched
 * whole, one at a time, DOWNLOADS times, so its time is the file's and not eight files' queued on
 * two cores (under load, a 10M download outlasted the run and none was counted).
 */
type Mode = "load" | "download";
const DOWNLOADS = 3;

async function measure(
  name: string,
  opts: autocannon.Options,
  connections = CONNECTIONS,
  serverPid?: number,
  mode: Mode = "load",
): Promise<Omit<Row, "size">> {
  // A warm-up so caches and the JIT are in their steady state, then the measured run: a page
  // renders through far more code than an API answer, and one second left its first requests in
  // the measured run slower by half.
  const download = { connections: 1, timeout: 600 };
  await autocannon(
    mode === "download"
      ? { ...opts, ...download, amount: 1 }
      : { ...opts, duration: WARM_UP, connections },
  );
  const cpuBefore = cpuTimeMs(serverPid);
  const result = await autocannon(
    mode === "download"
      ? { ...opts, ...download, amount: DOWNLOADS }
      : { ...opts, duration: SECONDS, connections },
  );
  const cpuAfter = cpuTimeMs(serverPid);
  const cpuMs =
    cpuBefore !== null && cpuAfter !== null && result.requests.total > 0
      ? (cpuAfter - cpuBefore) / result.requests.total
      : null;
  const errors = result.errors + result.non2xx;
  // Big answers (the CSV report) also say how big, so their latency reads in context.
  const perResponse = result.throughput.total / Math.max(1, result.requests.total);
  const size = perResponse > 100_000 ? `  ${(perResponse / 1e6).toFixed(1)} MB each` : "";
  process.stdout.write(
    `    ${name.padEnd(34)} p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ${Math.round(result.requests.average)} req/s${cpuMs !== null ? `  ${cpuMs.toFixed(2)} ms CPU/req` : ""}${size}${errors ? `  (${errors} errors)` : ""}\n`,
  );
  return {
    scenario: name,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors,
    cpuMs,
    download: mode === "download",
  };
}

const auth = (t: string) => ({ authorization: `Bearer ${t}` });

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** scripts/bench/proxy.ts on `port`, sending requests to `upstreams` in turn. */
async function startProxy(port: number, upstreams: number[]): Promise<ChildProcess> {
  const proxy = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/bench/proxy.ts", String(port), ...upstreams.map(String)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    proxy.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
    proxy.once("exit", (code) => reject(new Error(`the proxy on ${port} exited (${code})`)));
  });
  return proxy;
}

type Measured = Omit<Row, "size">;
type ScaleRow = { scenario: string; direct: Measured; one: Measured; two: Measured };
/** Twice the table's connections: two instances get as many each as one gets there. */
const SCALE_CONNECTIONS = CONNECTIONS * 2;

/**
 * One PostgreSQL database, two instances of the production server on it, and two proxies: one in
 * front of the first instance only, one in front of both. Each scenario runs straight against the
 * first instance, through the one-instance proxy and through the two-instance proxy, one after the
 * other, so the three see the same database (creation adds a few thousand tickets as it goes,
 * which at this size changes nothing measurable).
 */
async function benchScaleOut(databaseUrl: string): Promise<ScaleRow[]> {
  console.log(
    `\nscale-out: ${SCALE_OUT_SIZE.toLocaleString("en")} tickets on postgres, one instance and two behind a round-robin proxy: building the database…`,
  );
  const db = await buildBenchDatabase(databaseUrl, SCALE_OUT_SIZE, (l) => console.log(l));
  const children: ChildProcess[] = [];
  try {
    children.push(await startServer(db, PORT));
    children.push(await startServer(db, PORT + 1));
    children.push(await startProxy(PORT + 2, [PORT]));
    children.push(await startProxy(PORT + 3, [PORT, PORT + 1]));
    const [admin, customer] = await Promise.all([token("admin"), token("cust3")]);
    const scenarios = (base: string): [string, autocannon.Options][] => [
      // Lists first: they change nothing, so creation's tickets come after all of them.
      [
        "admin list, status=OPEN",
        { url: `${base}/api/v1/tickets?status=OPEN`, headers: auth(admin) },
      ],
      [
        "create ticket + assignment",
        {
          url: `${base}/api/v1/tickets`,
          method: "POST",
          headers: { ...auth(customer), "content-type": "application/json" },
          body: JSON.stringify({
            title: "Bench ticket",
            description: "Created by the benchmark to measure assignment across instances",
          }),
        },
      ],
    ];
    const at = (port: number) => scenarios(`http://127.0.0.1:${port}`);
    const rows: ScaleRow[] = [];
    for (const [i, [name]] of at(PORT).entries()) {
      console.log(`  ${name}, ${SCALE_CONNECTIONS} connections:`);
      const direct = await measure("1 instance, direct", at(PORT)[i][1], SCALE_CONNECTIONS);
      const one = await measure("1 instance via the proxy", at(PORT + 2)[i][1], SCALE_CONNECTIONS);
      const two = await measure("2 instances via the proxy", at(PORT + 3)[i][1], SCALE_CONNECTIONS);
      rows.push({ scenario: name, direct, one, two });
    }
    return rows;
  } finally {
    for (const child of children.reverse()) await stop(child);
  }
}

function scaleTable(rows: ScaleRow[]) {
  const cell = (r: Measured) =>
    `${r.p50} / ${r.p99} ms · ${r.rps.toLocaleString("en")}/s${r.errors ? ` · ${r.errors} err` : ""}`;
  return [
    `| postgres, ${SCALE_OUT_SIZE.toLocaleString("en")} tickets: scenario | 1 instance, direct | 1 instance via the proxy | 2 instances via the proxy | 2 ÷ 1 via the proxy (req/s) |`,
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${cell(r.direct)} | ${cell(r.one)} | ${cell(r.two)} | ${(r.two.rps / Math.max(1, r.one.rps)).toFixed(2)}× |`,
    ),
  ].join("\n");
}

/** Each size's server memory once its scenarios ran. */
const rssAfter = new Map<number, number | null>();

async function benchSize(size: number, databaseUrl: string): Promise<Row[]> {
  const reused = REUSE && existsSync(databaseUrl);
  console.log(
    `\n${size.toLocaleString("en")} tickets on ${ENGINE}: ${reused ? `reusing ${databaseUrl}` : "building the database…"}`,
  );
  const db = reused
    ? benchDatabaseAt(databaseUrl, size)
    : await buildBenchDatabase(databaseUrl, size, (l) => console.log(l));
  const server = await startServer(db);
  try {
    const [admin, engineer, customer] = await Promise.all([
      token("admin"),
      token("eng7"),
      token("cust3"),
    ]);
    const sessionCookie = await encode({
      salt: "authjs.session-token",
      secret: SECRET,
      token: { sub: "1", sv: 1, role: "ADMIN" },
    });
    const ticket = Math.floor(size * 0.9);
    const scenarios: [string, autocannon.Options, Mode?][] = [
      [HEALTH, { url: `${BASE}/api/v1/health` }],
      // The framework's own floor for a server-rendered page: no session, no data, one form.
      ["sign-in page (HTML, page floor)", { url: `${BASE}/signin` }],
      [
        "create ticket + assignment",
        {
          url: `${BASE}/api/v1/tickets`,
          method: "POST",
          headers: { ...auth(customer), "content-type": "application/json" },
          body: JSON.stringify({
            title: "Bench ticket",
            description: "Created by the benchmark to measure assignment",
          }),
        },
      ],
      [
        "admin list, status=OPEN",
        { url: `${BASE}/api/v1/tickets?status=OPEN`, headers: auth(admin) },
      ],
      [
        "admin list, active, by priority",
        { url: `${BASE}/api/v1/tickets?active=true&sort=priority`, headers: auth(admin) },
      ],
      [
        "engineer queue",
        {
          url: `${BASE}/api/v1/tickets?assignee=eng7&active=true&sort=queue`,
          headers: auth(engineer),
        },
      ],
      [
        "text search (admin)",
        { url: `${BASE}/api/v1/tickets?q=invoice%20timeout`, headers: auth(admin) },
      ],
      [
        "text search (customer)",
        { url: `${BASE}/api/v1/tickets?q=printer`, headers: auth(customer) },
      ],
      ["ticket (API)", { url: `${BASE}/api/v1/tickets/${ticket}`, headers: auth(admin) }],
      [
        "ticket page (HTML)",
        {
          url: `${BASE}/tickets/${ticket}`,
          headers: { cookie: `authjs.session-token=${sessionCookie}` },
        },
      ],
      ["overview (API)", { url: `${BASE}/api/v1/reports/overview`, headers: auth(admin) }],
      [
        "overview page (HTML)",
        { url: `${BASE}/admin`, headers: { cookie: `authjs.session-token=${sessionCookie}` } },
      ],
      [
        "resolved CSV, 30 days (admin), downloaded",
        { url: `${BASE}/api/v1/reports/resolved-tickets`, headers: auth(admin) },
        "download",
      ],
      [
        "resolved CSV, 30 days (engineer), downloaded",
        { url: `${BASE}/api/v1/reports/resolved-tickets`, headers: auth(engineer) },
        "download",
      ],
    ];
    const rows: Row[] = [];
    for (const [name, opts, mode] of scenarios)
      rows.push({ size, ...(await measure(name, opts, CONNECTIONS, server.pid, mode)) });
    rssAfter.set(size, rssMiB(server.pid));
    return rows;
  } finally {
    await stop(server);
  }
}

function table(rows: Row[]) {
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const cell = (size: number, s: string) => {
    const r = rows.find((x) => x.size === size && x.scenario === s);
    const floor = rows.find((x) => x.size === size && x.scenario === HEALTH);
    const ratio =
      floor && r && s !== HEALTH && !r.download
        ? ` (${(r.p50 / Math.max(floor.p50, 1)).toFixed(1)}×)`
        : "";
    const cpu = r?.cpuMs != null ? ` · ${r.cpuMs.toFixed(2)} ms CPU` : "";
    return r
      ? `${r.p50}${ratio} / ${r.p99} ms · ${r.rps.toLocaleString("en")}/s${cpu}${r.errors ? ` · ${r.errors} err` : ""}`
      : "—";
  };
  const head = `| ${ENGINE}: scenario | ${SIZES.map((s) => `${s.toLocaleString("en")} tickets: p50 (× health) / p99 · req/s · CPU per request`).join(" | ")} |`;
  const sep = `| --- | ${SIZES.map(() => "---").join(" | ")} |`;
  const rss = (z: number) => {
    const mib = rssAfter.get(z);
    return mib != null ? `${Math.round(mib)} MiB` : "—";
  };
  return [
    head,
    sep,
    ...scenarios.map((s) => `| ${s} | ${SIZES.map((z) => cell(z, s)).join(" | ")} |`),
    `| server memory (RSS) after the run | ${SIZES.map(rss).join(" | ")} |`,
  ].join("\n");
}

const rows: Row[] = [];
let scaled: ScaleRow[] = [];
const cluster =
  ENGINE === "postgres"
    ? await startPostgresServer({ maxConnections: 100, durable: true })
    : undefined;
try {
  if (!ONLY_SCALE_OUT)
    for (const size of SIZES) {
      const url = cluster
        ? await createDatabase(cluster, `bench_${size}`)
        : `data/bench/bench-${size}.db`;
      rows.push(...(await benchSize(size, url)));
    }
  if (SCALE_OUT && cluster)
    scaled = await benchScaleOut(await createDatabase(cluster, `bench_scale_out`));
} finally {
  await cluster?.stop();
}
const day = new Date().toISOString().slice(0, 10);
const cores = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown CPU"})`;
const sections: string[] = [];
if (rows.length)
  sections.push(
    `${table(rows)}\n\n${CONNECTIONS} connections, ${SECONDS} s per scenario after a ${WARM_UP} s warm-up, on ${day}, ${cores}.`,
  );
if (scaled.length)
  sections.push(
    `Scale-out: two instances of the server on one PostgreSQL database behind a round-robin ` +
      `proxy (scripts/bench/proxy.ts), against one instance behind the same proxy and one ` +
      `instance straight, in the same run.\n\n${scaleTable(scaled)}\n\n${SCALE_CONNECTIONS} ` +
      `connections, ${SECONDS} s per measurement after a ${WARM_UP} s warm-up, on ${day}, ${cores}: the ` +
      `instances, the proxy, PostgreSQL and the load generator all share these cores, so two ` +
      `instances can gain only where one leaves cores idle.`,
  );
const out = `${sections.join("\n\n")}\n`;
writeFileSync(`bench-results-${ENGINE}.md`, out);
console.log(`\n${out}`);
