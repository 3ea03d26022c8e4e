/** What a session cookie or API token carries: the user's id, role and session version. */
export type TokenClaims = { sub?: string; sv?: number; role?: string };

/** Auth.js's session cookie names (secure prefix on https); the name is also the JWT salt. */
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
