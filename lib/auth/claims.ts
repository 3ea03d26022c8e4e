import { decode } from "next-auth/jwt";

/**
 * What a session cookie or API token carries: the user's id, role and session version, and a
 * random session id (sid) that a sign-out revokes. `exp` is set by Auth.js's encoder (seconds).
 */
export type TokenClaims = { sub?: string; sv?: number; role?: string; sid?: string; exp?: number };

/** Auth.js's session cookie names (secure prefix on https); the name is also the JWT salt. */
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/** How many decoded tokens each process keeps; a few hundred bytes each. */
const DECODED_KEPT = 5000;
/** Auth.js's leeway on `exp`, which its decoder applies too. */
const CLOCK_TOLERANCE_S = 15;
const decodedTokens = new Map<string, Readonly<TokenClaims>>();

/**
 * A session cookie's or API token's claims, or null when it is tampered, expired or foreign.
 * Decoding (a key derived by HKDF, then JWE decryption) was the costliest step of a signed-in
 * request, and a session sends the same token again and again: so each process keeps the tokens
 * it decoded lately, by salt and text, and checks their expiry again on every use. What a token
 * may do is still judged per request (the user, session version and revocations are read afresh).
 */
export async function decodeClaims(
  token: string,
  salt: string,
  secret: string,
): Promise<TokenClaims | null> {
  const key = `${salt}\n${secret}\n${token}`;
  const kept = decodedTokens.get(key);
  if (kept) {
    decodedTokens.delete(key);
    if (kept.exp !== undefined && kept.exp + CLOCK_TOLERANCE_S <= Date.now() / 1000) return null;
    decodedTokens.set(key, kept); // most recently used last: the first key is the one to drop
    return kept;
  }
  let claims: TokenClaims | null;
  try {
    claims = await decode<TokenClaims>({ token, salt, secret });
  } catch {
    return null; // tampered, expired or foreign: simply not signed in
  }
  if (!claims) return null;
  decodedTokens.set(key, Object.freeze(claims));
  if (decodedTokens.size > DECODED_KEPT) decodedTokens.delete(decodedTokens.keys().next().value!);
  return claims;
}
