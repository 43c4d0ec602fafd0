// Server-side access to the signed-in user for pages and route handlers.
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import type { Role } from "@/lib/authz/actor";
import { PorticoError } from "@/lib/errors";
import { actorOf, type SessionUser } from "@/lib/authz/load-session-user";
import { CLIENT_IP_HEADER } from "@/lib/client-ip/client-ip";
import { config } from "@/lib/config";
import { readSession } from "./read-session";
import { REQUESTED_PATH_HEADER, safeNextPath } from "./safe-next-path";

/**
 * Who is signed in, read once per request: the root layout (the header) and
 * the page both ask, and React's `cache` gives the page the answer the
 * layout's read got, from the same request, instead of a second session read.
 * Every request still reads its Session row and user (lib/auth/resolve-session.ts).
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => readSession(await cookies()));

/** For pages: anonymous → sign-in, and back to this page after it; wrong role → 404, so nothing is revealed. */
export async function requirePageUser(...roles: Role[]): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) {
    // The sign-in page checks `next` again (safeNextPath) before following it.
    const next = safeNextPath({ unverifiedNext: (await headers()).get(REQUESTED_PATH_HEADER), origin: config.portalUrl, fallback: "" });
    redirect(next && next !== "/dashboard" ? `/signin?next=${encodeURIComponent(next)}` : "/signin");
  }
  if (roles.length && !roles.includes(user.role)) notFound();
  return user;
}

/** For pages: a lib "not found" becomes Next's plain 404 page; anything else propagates. */
export async function or404<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof PorticoError && error.code === "not_found") notFound();
    throw error;
  }
}

/**
 * The client's address, as the portal's own server derived it from the
 * socket and TRUSTED_PROXIES (scripts/start.ts → lib/client-ip); never a
 * header the client wrote.
 */
export function clientIpFrom(h: Headers): string | undefined {
  return h.get(CLIENT_IP_HEADER) || undefined;
}

export async function clientIp(): Promise<string | undefined> {
  return clientIpFrom(await headers());
}

export async function currentActor() {
  const user = await currentUser();
  return user ? { user, actor: actorOf(user, await clientIp()) } : null;
}
