import type { SessionUser } from "@/lib/authz/load-session-user";
import { resolveSession } from "./resolve-session";
import { sessionSecretFromCookies, type CookieReader } from "./session-cookie";

/** Who is signed in, from the request's cookies: the one read path of pages and route handlers. */
export async function readSession(cookies: CookieReader): Promise<SessionUser | null> {
  const secret = await sessionSecretFromCookies(cookies);
  if (!secret) return null;
  return (await resolveSession({ secret }))?.user ?? null;
}
