// next-auth v4 configuration: email + password (credentials) with JWT
// sessions. The JWT carries only the user id and sessionVersion; every
// request re-reads the user (lib/authz/load-session-user.ts).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials, type SignInResult } from "@/lib/accounts/verify-credentials";
import { config } from "@/lib/config";
import { CLIENT_IP_HEADER } from "@/lib/client-ip/client-ip";
import { sessionSecret } from "./session-secret";

// The throttled message is the same whether or not the email has an account
// (lib/accounts/sign-in-throttle.ts blocks the source, not the account).
const messageOf = (result: Exclude<SignInResult, { ok: true }>) =>
  result.reason === "throttled"
    ? `Too many failed sign-in attempts. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes.`
    : result.reason === "suspended"
      ? "This account is suspended. Contact the bank."
      : "Email or password is not correct.";

export const authOptions: NextAuthOptions = {
  secret: sessionSecret(),
  session: { strategy: "jwt", maxAge: config.sessionMaxAgeSeconds },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) throw new Error(messageOf({ ok: false, reason: "invalid" }));
        // The address the portal's server derived (lib/client-ip), never X-Forwarded-For as sent.
        const ip = (req?.headers?.[CLIENT_IP_HEADER] as string | undefined) || undefined;
        const result = await verifyCredentials({ email: credentials.email, password: credentials.password, ip });
        if (!result.ok) throw new Error(messageOf(result));
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
