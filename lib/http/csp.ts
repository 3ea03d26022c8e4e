/**
 * The pages' Content-Security-Policy. Scripts run only with this response's nonce (Next puts it
 * on its own scripts when it finds it in the request's CSP header, and next-themes on its
 * inline script), plus what those load ('strict-dynamic'). Styles allow 'unsafe-inline': Tailwind
 * classes need none, but recharts and next-themes set style attributes and elements at run time,
 * and the outbox's email preview (a sandboxed srcdoc iframe, which inherits this policy) shows
 * email HTML whose styles are inline by nature. Style injection cannot run code.
 */
export function pageContentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const newNonce = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
