/**
 * What a session cookie or API token carries: the user's id, role and session version, and a
 * random session id (sid) that a sign-out revokes. `exp` is set by Auth.js's encoder (seconds).
 */
export type TokenClaims = { sub?: string; sv?: number; role?: string; sid?: string; exp?: number };

/** Auth.js's session cookie names (secure prefix on https); the name is also the JWT salt. */
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
