// Caseline's HTTP server: Next.js behind a plain node:http server, so the client's address comes
// from the socket (SPEC §7). Any copy of the address header a client sends is dropped first; the
// app reads X-Forwarded-For only when TRUST_PROXY is set (lib/http/client-address.ts).
import { createServer } from "node:http";
import next from "next";

const SOCKET_ADDRESS_HEADER = "x-caseline-socket-address";
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || "127.0.0.1";
const dev = process.argv.includes("--dev");

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();

await app.prepare();
const server = createServer((req, res) => {
  req.headers[SOCKET_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
  handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(
    `[caseline] ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (${dev ? "development" : "production"})`,
  );
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
