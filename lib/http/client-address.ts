import { env } from "@/lib/env";

/**
 * The client's address (SPEC §7): from the socket, which server.mjs writes into this header after
 * dropping any copy a client sent. X-Forwarded-For counts only when TRUST_PROXY is set.
 */
export const SOCKET_ADDRESS_HEADER = "x-caseline-socket-address";

export function clientAddress(headers: Headers): string {
  if (env().TRUST_PROXY) {
    const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return headers.get(SOCKET_ADDRESS_HEADER) ?? "unknown";
}
