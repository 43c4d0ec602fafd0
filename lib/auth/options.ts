// next-auth v4 configuration: email + password (credentials) with JWT
// sessions. The JWT carries only the secret of a server-side Session row
// (`sid`, ./start-session.ts); every request checks that row and re-reads the
// user (./read-session.ts), so sign-out, suspension, the absolute lifetime
// and the idle timeout hold whatever the cookie says.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials } from "@/lib/accounts/verify-credentials";
import { SESSION_LIFETIME_MAX_SECONDS } from "@/lib/settings/bank-settings";
import { endSession } from "./end-session";
import { secureSessionCookie } from "./session-cookie";
import { sessionSecret } from "./session-secret";
import { startSession } from "./start-session";

const MESSAGES = {
  invalid: "Email or password is not correct.",
  locked: "Too many failed attempts. This account is locked for 15 minutes.",
  suspended: "This account is suspended. Contact the bank.",
} as const;

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
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) throw new Error(MESSAGES.invalid);
        const forwarded = header(req?.headers, "x-forwarded-for")?.split(",")[0]?.trim();
        const result = await verifyCredentials({ email: credentials.email, password: credentials.password, ip: forwarded });
        if (!result.ok) throw new Error(MESSAGES[result.reason]);
        const session = await startSession({ user: result.user, userAgent: header(req?.headers, "user-agent"), ip: forwarded });
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
