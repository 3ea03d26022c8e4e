import { env } from "@/lib/env";

/**
 * The client's address (docs/api.md#client-addresses): from the socket, which server.mjs writes into this header after
 * dropping any copy a client sent. X-Forwarded-For counts only when TRUST_PROXY is set, and then
 * only its last entry: the address the trusted proxy saw.
 */
export const SOCKET_ADDRESS_HEADER = "x-caseline-socket-address";

export function clientAddress(headers: Headers): string {
  if (env().TRUST_PROXY) {
    // The right-most entry is the one our proxy appended; anything left of it the client could write.
    const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return headers.get(SOCKET_ADDRESS_HEADER) ?? "unknown";
}
