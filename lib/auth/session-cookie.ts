// The portal's session cookie: next-auth's encrypted JWT (A256GCM, key from
// ./session-secret.ts) holding one claim, `sid`, the secret of a Session row
// (./start-session.ts). Pages and route handlers read it here, never through
// next-auth's session callbacks, so there is one read path
// (./read-session.ts).
import { LRUCache } from "lru-cache";
import { decode } from "next-auth/jwt";
import { config } from "@/lib/config";
import { sessionSecret } from "./session-secret";

/** Cookies with the __Secure- prefix when browsers reach the portal over TLS (next-auth's own naming). */
export const secureSessionCookie = () => config.portalUrl.startsWith("https://");

export const sessionCookieName = () => (secureSessionCookie() ? "__Secure-next-auth.session-token" : "next-auth.session-token");

/** What `cookies()` (pages) and `NextRequest.cookies` (route handlers) both offer. */
export type CookieReader = { get(name: string): { value: string } | undefined };

/**
 * Cookies already decrypted, by their exact value: a signed-in browser sends
 * the same cookie with every request, and decrypting it (an HKDF key
 * derivation and AES-GCM) is the same work with the same answer each time.
 * Only cookies that decrypted are kept, with the key that decrypted them and
 * their `exp`, which every hit checks again; the Session row is read on every
 * request regardless (./resolve-session.ts), so this never decides who is
 * signed in, only what the cookie says.
 */
const decoded = new LRUCache<string, { key: string; sid: string; exp: number }>({ max: 10_000 });

/** The session secret the cookie carries, or null when there is no valid cookie. */
export async function sessionSecretFromCookies(cookies: CookieReader): Promise<string | null> {
  const token = cookies.get(sessionCookieName())?.value;
  if (!token) return null;
  const key = sessionSecret();
  const known = decoded.get(token);
  if (known && known.key === key && Date.now() / 1000 < known.exp) return known.sid;
  try {
    // jose checks the JWT's exp; a forged or foreign-key cookie fails to decrypt.
    const payload = await decode({ token, secret: key });
    if (typeof payload?.sid !== "string") return null;
    if (typeof payload.exp === "number") decoded.set(token, { key, sid: payload.sid, exp: payload.exp });
    return payload.sid;
  } catch {
    return null;
  }
}
