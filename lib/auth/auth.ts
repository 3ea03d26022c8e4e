import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { signinSchema } from "@/lib/validation/users";
import { authenticate } from "./authenticate";
import { endSession, newSessionId } from "./revocations";
import { actorFromClaims, tokenLifetimeSeconds, type TokenClaims } from "./tokens";
import { logger } from "@/lib/log.mjs";

/** Carries the domain's reason (401/403/429) out of Auth.js to the sign-in form. */
class SigninRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

/**
 * Auth.js for the browser: a credentials provider over the same `authenticate` the REST sign-in
 * uses, and a JWT session cookie that holds only the user id, role, session version and a session
 * id. Signing out revokes that session id, so a copy of the cookie is dead too.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: tokenLifetimeSeconds() },
  pages: { signIn: "/signin" },
  logger: {
    error: (e) =>
      void (
        (e as { type?: string }).type !== "CredentialsSignin" &&
        logger.error({ err: e, source: "auth" }, "sign-in machinery failed")
      ),
  },
  providers: [
    Credentials({
      credentials: { userId: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = signinSchema.safeParse(credentials);
        if (!parsed.success) throw new SigninRefused("invalid");
        try {
          const user = await authenticate(
            parsed.data.login,
            parsed.data.password,
            clientAddress(request.headers),
          );
          return {
            id: String(user.id),
            name: user.name,
            email: user.email,
            role: user.userType,
            sv: user.sessionVersion,
          };
        } catch (error) {
          if (error instanceof AppError) {
            const code =
              error.code === "RATE_LIMITED"
                ? `rate_limited:${error.retryAfter ?? 60}`
                : error.message;
            throw new SigninRefused(code);
          }
          throw error;
        }
      },
    }),
  ],
  events: {
    async signOut(message) {
      if ("token" in message && message.token) {
        await endSession(message.token as TokenClaims, tokenLifetimeSeconds());
      }
    },
  },
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        const u = user as { id: string; role: string; sv: number };
        const claims = { sub: u.id, role: u.role, sv: u.sv, sid: newSessionId() };
        return Object.assign(token, claims satisfies TokenClaims);
      }
      // Auth.js renews a session cookie only while the session is still good (same rules as requests).
      return (await actorFromClaims(token as TokenClaims)) ? token : null;
    },
    session({ session, token }) {
      return {
        ...session,
        user: { ...session.user, id: token.sub ?? "" },
        claims: token as TokenClaims,
      };
    },
  },
}));
