// The requests Next itself answers with a bare `500 text/plain` (or by dropping the connection),
// answered in server.mjs before Next sees them: malformed percent-encoding in the path, methods no
// route serves (TRACE, CONNECT, PROPFIND…, made-up ones) and `*` as the request target.
// Plain JavaScript, because server.mjs runs without a build step.

const API_PATH = /^\/(?:crm\/)?api(?:\/|$)/;
/** What API routes answer (each route's own 405 says which of these it serves). */
export const API_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/** Pages answer GET and HEAD, and POST for their server actions. */
export const PAGE_METHODS = ["GET", "HEAD", "POST", "OPTIONS"];
/**
 * The longest request target answered. Next echoes a whole address back in a redirect's Location
 * (a trailing slash, say), and an answer whose headers outgrow a client's limit (16 KiB in Node)
 * can't be read at all: refused here with 414 instead, as most servers do past 8 KiB.
 */
export const MAX_URL_LENGTH = 8192;
/** A path no route has: a page address that can't be decoded gets the app's not-found page. */
export const BAD_ADDRESS_PATH = "/_caseline/bad-address";

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
};

/**
 * Answers what Next can't, or rewrites it into something Next answers well. Returns true when the
 * request was answered here.
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {(line: string) => void} [log]
 */
export function frontDoor(req, res, log = (line) => console.warn(line)) {
  const url = req.url ?? "/";
  const method = req.method ?? "GET";
  if (url === "*") {
    if (method === "OPTIONS") {
      res.writeHead(204, { ...SECURITY_HEADERS, Allow: API_METHODS.join(", ") }).end();
    } else sendError(res, 400, "VALIDATION", "`*` is a request target for OPTIONS only");
    return true;
  }
  if (url.length > MAX_URL_LENGTH) {
    sendError(res, 414, "VALIDATION", `The address is longer than ${MAX_URL_LENGTH} characters`);
    return true;
  }
  // Absolute-form targets (`GET http://host/path`) are Next's to redirect; everything else is a path.
  if (!url.startsWith("/")) return false;
  const query = url.indexOf("?");
  const pathname = query === -1 ? url : url.slice(0, query);
  const api = API_PATH.test(pathname);
  const allowed = api ? API_METHODS : PAGE_METHODS;
  if (!allowed.includes(method)) {
    sendError(res, 405, "METHOD_NOT_ALLOWED", `${method} is not answered at this address`, {
      Allow: allowed.join(", "),
    });
    return true;
  }
  if (!decodes(pathname)) {
    log(
      `[caseline] ${api ? 400 : 404} for a path with malformed percent-encoding: ${method} ${JSON.stringify(url.slice(0, 300))} from ${req.socket?.remoteAddress ?? "unknown"}`,
    );
    if (api) {
      sendError(
        res,
        400,
        "VALIDATION",
        "The address has malformed percent-encoding: write a byte as % and two hex digits, and only as UTF-8",
      );
      return true;
    }
    req.url = BAD_ADDRESS_PATH;
    return false;
  }
  if (!api && method === "OPTIONS") {
    res.writeHead(204, { ...SECURITY_HEADERS, Allow: PAGE_METHODS.join(", ") }).end();
    return true;
  }
  return false;
}

function decodes(pathname) {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function errorBody(code, message) {
  return JSON.stringify({ error: { code, message } });
}

function sendError(res, status, code, message, headers = {}) {
  const body = errorBody(code, message);
  res
    .writeHead(status, {
      ...SECURITY_HEADERS,
      ...headers,
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(body),
    })
    .end(body);
}

const REASONS = {
  400: "Bad Request",
  405: "Method Not Allowed",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

/** A raw HTTP/1.1 error response with the error shape, for sockets Node hands over unparsed. */
function rawError(status, code, message, headers = {}) {
  const body = errorBody(code, message);
  const lines = Object.entries({
    ...SECURITY_HEADERS,
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
  }).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${status} ${REASONS[status]}\r\n${lines.join("\r\n")}\r\n\r\n${body}`;
}

/**
 * `server.on("clientError")`: a request Node's parser refused. A method it doesn't know (`FOO`)
 * answers 405 like an unserved one; the rest keep Node's statuses, with the error shape.
 * @param {Error & { code?: string }} err
 * @param {import("node:stream").Duplex} socket
 */
export function answerClientError(err, socket) {
  const inFlight = /** @type {{ _httpMessage?: { headersSent?: boolean } }} */ (socket)
    ._httpMessage;
  if (err.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const reply =
    err.code === "HPE_INVALID_METHOD"
      ? rawError(405, "METHOD_NOT_ALLOWED", "This method is not answered here", {
          Allow: API_METHODS.join(", "),
        })
      : err.code === "HPE_HEADER_OVERFLOW"
        ? rawError(431, "PAYLOAD_TOO_LARGE", "The request's headers are too large")
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? rawError(408, "VALIDATION", "The request took too long to arrive")
          : rawError(400, "VALIDATION", "The request is not valid HTTP");
  socket.end(reply);
}

/**
 * `server.on("connect")`: CONNECT asks for a tunnel, which this server never opens.
 * @param {import("node:http").IncomingMessage} _req
 * @param {import("node:stream").Duplex} socket
 */
export function refuseConnect(_req, socket) {
  socket.end(
    rawError(405, "METHOD_NOT_ALLOWED", "CONNECT is not answered here", {
      Allow: API_METHODS.join(", "),
    }),
  );
}

/**
 * `server.on("upgrade")` in production: no route switches protocols (WebSocket and the like).
 * @param {import("node:http").IncomingMessage} _req
 * @param {import("node:stream").Duplex} socket
 */
export function refuseUpgrade(_req, socket) {
  socket.end(
    rawError(
      400,
      "VALIDATION",
      "This server does not switch protocols; send the request without Upgrade",
    ),
  );
}
