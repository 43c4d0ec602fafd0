// next-auth v4 configuration: email + password (credentials) with JWT
// sessions. The JWT carries only the user id and sessionVersion; every
// request re-reads the user (lib/authz/load-session-user.ts).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials } from "@/lib/accounts/verify-credentials";
import { config } from "@/lib/config";
import { logServerError } from "@/lib/errors/redact";
import { sessionSecret } from "./session-secret";

const MESSAGES = {
  invalid: "Email or password is not correct.",
  locked: "Too many failed attempts. This account is locked for 15 minutes.",
  suspended: "This account is suspended. Contact the bank.",
} as const;

export const authOptions: NextAuthOptions = {
  secret: sessionSecret(),
  session: { strategy: "jwt", maxAge: config.sessionMaxAgeSeconds },
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
        if (!credentials?.email || !credentials.password) throw new Error(MESSAGES.invalid);
        const forwarded = (req?.headers?.["x-forwarded-for"] as string | undefined)?.split(",")[0]?.trim();
        const result = await verifyCredentials({ email: credentials.email, password: credentials.password, ip: forwarded });
        if (!result.ok) throw new Error(MESSAGES[result.reason]);
        return { id: result.user.id, email: result.user.email, name: result.user.name, sv: result.user.sessionVersion } as never;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = (user as unknown as { sv: number }).sv;
      }
      return token;
    },
    async session({ session, token }) {
      (session as unknown as { uid: string; sv: number }).uid = token.uid as string;
      (session as unknown as { uid: string; sv: number }).sv = token.sv as number;
      return session;
    },
  },
};
