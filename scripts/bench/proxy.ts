/**
 * The bench's load balancer for its scale-out scenario (scripts/bench/run.ts): a round-robin HTTP
 * proxy on 127.0.0.1, in a process of its own so it never shares an event loop with autocannon.
 *
 *   tsx scripts/bench/proxy.ts <listen port> <upstream port> [<upstream port>…]
 *
 * Upstream connections are kept alive, as nginx's `keepalive` would, so each request costs one
 * proxied exchange, not a new TCP connection. Prints "ready" once it listens.
 */
import http from "node:http";
import { createProxyServer } from "http-proxy-3";

const [port, ...upstreams] = process.argv.slice(2).map(Number);
if (!port || upstreams.length === 0 || [port, ...upstreams].some((p) => !Number.isInteger(p))) {
  console.error("usage: tsx scripts/bench/proxy.ts <listen port> <upstream port>...");
  process.exit(2);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const proxy = createProxyServer({ agent });
const targets = upstreams.map((p) => `http://127.0.0.1:${p}`);
let next = 0;

proxy.on("error", (error, _req, res) => {
  // An upstream that refused or dropped the request: the client gets a 502, as from nginx.
  if (res instanceof http.ServerResponse) {
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
    res.end(`bad gateway: ${error.message}`);
  } else res.destroy();
});

const server = http.createServer((req, res) => {
  const target = targets[next];
  next = (next + 1) % targets.length;
  proxy.web(req, res, { target });
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => console.log("ready"));

for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    server.close();
    agent.destroy();
    process.exit(0);
  });
