// next-auth v4 configuration: email + password (credentials) with JWT
// sessions. The JWT carries only the secret of a server-side Session row
// (`sid`, ./start-session.ts); every request checks that row and re-reads the
// user (./read-session.ts), so sign-out, suspension, the absolute lifetime
// and the idle timeout hold whatever the cookie says.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials, type SignInResult } from "@/lib/accounts/verify-credentials";
import { logServerError } from "@/lib/errors/redact";
import { CLIENT_IP_HEADER } from "@/lib/client-ip/client-ip";
import { SESSION_LIFETIME_MAX_SECONDS } from "@/lib/settings/bank-settings";
import { endSession } from "./end-session";
import { secureSessionCookie } from "./session-cookie";
import { sessionSecret } from "./session-secret";
import { startSession } from "./start-session";

// The throttled message is the same whether or not the email has an account
// (lib/accounts/sign-in-throttle.ts blocks the source, not the account).
const messageOf = (result: Exclude<SignInResult, { ok: true }>) =>
  result.reason === "throttled"
    ? `Too many failed sign-in attempts. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes.`
    : result.reason === "suspended"
      ? "This account is suspended. Contact the bank."
      : "Email or password is not correct.";

const header = (headers: Record<string, unknown> | undefined, name: string) => {
  const value = headers?.[name];
  return typeof value === "string" ? value : undefined;
};

export const authOptions: NextAuthOptions = {
  secret: sessionSecret(),
  // The cookie may outlive the session: the Session row's expiresAt, set from
  // the bank's settings at sign-in, is what ends it. This is only the
  // longest any setting allows.
  session: { strategy: "jwt", maxAge: SESSION_LIFETIME_MAX_SECONDS },
  useSecureCookies: secureSessionCookie(),
  pages: { signIn: "/signin" },
  // next-auth prints its errors with metadata that can quote the request: through the one redaction.
  logger: {
    error: (code, metadata) => logServerError(`next-auth ${code}`, metadata),
    warn: (code) => logServerError(`next-auth warning ${code}`),
    debug: () => undefined,
  },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) throw new Error(messageOf({ ok: false, reason: "invalid" }));
        // The address the portal's server derived (lib/client-ip), never X-Forwarded-For as sent.
        const ip = header(req?.headers, CLIENT_IP_HEADER);
        const result = await verifyCredentials({ email: credentials.email, password: credentials.password, ip });
        if (!result.ok) throw new Error(messageOf(result));
        const session = await startSession({ user: result.user, userAgent: header(req?.headers, "user-agent"), ip });
        return { id: result.user.id, sid: session.secret } as never;
      },
    }),
  ],
  callbacks: {
    // Sign-in: the token becomes just the session's secret (no name, email
    // or user id in the cookie). Later reads keep it as it is.
    async jwt({ token, user }) {
      if (user) return { sid: (user as unknown as { sid: string }).sid };
      return token;
    },
    async session({ session }) {
      return { expires: session.expires };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sid === "string") await endSession({ secret: token.sid });
    },
  },
};
