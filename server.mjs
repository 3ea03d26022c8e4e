// Caseline's HTTP server: Next.js behind a plain node:http server, so the client's address comes
// from the socket (docs/api.md#client-addresses). Any copy of the address header a client sends is dropped first; the
// app reads X-Forwarded-For only when TRUST_PROXY is set (lib/http/client-address.ts).
import { createServer } from "node:http";
import next from "next";
import {
  answerClientError,
  frontDoor,
  refuseConnect,
  refuseUpgrade,
} from "./lib/http/front-door.mjs";

const SOCKET_ADDRESS_HEADER = "x-caseline-socket-address";
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || "127.0.0.1";
const dev = process.argv.includes("--dev");

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();

// The port is bound before Next prepares, because preparing runs instrumentation (migrations, the
// first admin, the outbox worker): a server that can't listen must stop before any of that starts.
// Requests that arrive meanwhile wait for Next to be ready.
let markReady = () => {};
const ready = new Promise((resolve) => (markReady = resolve));

const server = createServer((req, res) => {
  req.headers[SOCKET_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
  if (frontDoor(req, res)) return;
  void ready.then(() => handle(req, res));
});
// Idle keep-alive connections stay open longer than clients and load balancers keep theirs (60 s
// is common), so a client never sends a request on a socket the server is just closing (ECONNRESET).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.on("clientError", answerClientError);
server.on("connect", refuseConnect);
// In development Next adds its own upgrade handler (hot reload); in production no route switches
// protocols, and without a listener Node would drop the connection unanswered.
if (!dev) server.on("upgrade", refuseUpgrade);

try {
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve(undefined);
    });
  });
} catch (error) {
  const reason =
    error?.code === "EADDRINUSE" ? "the port is already in use" : String(error?.message ?? error);
  console.error(`[caseline] cannot listen on ${hostname}:${port}: ${reason}`);
  process.exit(1);
}
server.on("error", (error) => {
  console.error(`[caseline] server error: ${error?.message ?? error}`);
  process.exit(1);
});

await app.prepare();
markReady();
console.log(
  `[caseline] ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (${dev ? "development" : "production"})`,
);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
