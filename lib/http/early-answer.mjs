// Plain JavaScript, because server.mjs (plain Node) uses it.

/**
 * An answer sent before the request's body has arrived in full (an upload refused for its size,
 * its kind or its sender, before or while reading it) must end its connection: the rest of that
 * body would otherwise stay on the connection, unread, and the next request a browser or a proxy
 * sends on it would never be answered. Node drains a body nobody began to read; one a route began
 * to read and then gave up on is left where it is. So such an answer says `Connection: close`, and
 * Node closes the connection once it is written.
 */
export function closeWhenAnsweredEarly(req, res) {
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadClosingEarly(...args) {
    if (!req.complete && !this.headersSent) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  };
}
