// The portal's session cookie: next-auth's encrypted JWT (A256GCM, key from
// ./session-secret.ts) holding one claim, `sid`, the secret of a Session row
// (./start-session.ts). Pages and route handlers read it here, never through
// next-auth's session callbacks, so there is one read path
// (./read-session.ts).
import { decode } from "next-auth/jwt";
import { config } from "@/lib/config";
import { sessionSecret } from "./session-secret";

/** Cookies with the __Secure- prefix when browsers reach the portal over TLS (next-auth's own naming). */
export const secureSessionCookie = () => config.portalUrl.startsWith("https://");

export const sessionCookieName = () => (secureSessionCookie() ? "__Secure-next-auth.session-token" : "next-auth.session-token");

/** What `cookies()` (pages) and `NextRequest.cookies` (route handlers) both offer. */
export type CookieReader = { get(name: string): { value: string } | undefined };

/** The session secret the cookie carries, or null when there is no valid cookie. */
export async function sessionSecretFromCookies(cookies: CookieReader): Promise<string | null> {
  const token = cookies.get(sessionCookieName())?.value;
  if (!token) return null;
  try {
    // jose checks the JWT's exp; a forged or foreign-key cookie fails to decrypt.
    const payload = await decode({ token, secret: sessionSecret() });
    return typeof payload?.sid === "string" ? payload.sid : null;
  } catch {
    return null;
  }
}
