// The one way a Next.js route handler authenticates: wrap it in
// withUser(action.roles, handler), with the roles the lib action itself
// checks (say them once: the action states them, the edge reuses them).
// A state-changing request from another site → 403 (./same-origin.ts),
// anonymous → 401, wrong role → 404 (a role that may not see a thing learns
// nothing about it), any thrown error → problem+json through the one table
// in lib/errors. Routes open to anonymous callers (sign-up) use withAnyone,
// which makes the same cross-site check.
import { NextRequest } from "next/server";
import type { Actor } from "@/lib/authz/actor";
import type { ActorRole } from "@/lib/authz/require-role";
import { actorOf, type SessionUser } from "@/lib/authz/load-session-user";
import { notFound, PorticoError, problemResponse, unauthenticated } from "@/lib/errors";
import { readLimitedText } from "@/lib/errors/read-limited-body";
import { clientIpFrom } from "./current-user";
import { readSession } from "./read-session";
import { assertSameOrigin } from "./same-origin";

type Ctx<P> = { request: Request; user: SessionUser; actor: Actor; params: P };

export function withUser<P = Record<string, string>>(
  /** The action's own `roles`; "any" for reads open to every signed-in user. */
  roles: readonly ActorRole[] | "any",
  handler: (ctx: Ctx<P>) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      assertSameOrigin(request);
      // Read from the request itself, so a handler runs the same in a test.
      const cookies = request instanceof NextRequest ? request.cookies : new NextRequest(request.url, { headers: request.headers }).cookies;
      const user = await readSession(cookies);
      if (!user) throw unauthenticated();
      if (roles !== "any" && !roles.includes(user.role)) throw notFound();
      const actor = actorOf(user, clientIpFrom(request.headers));
      return await handler({ request, user, actor, params: await context.params });
    } catch (error) {
      return problemResponse(error);
    }
  };
}

/** For the few routes open to anonymous callers (sign-up): the same cross-site check, no session. */
export function withAnyone<P = Record<string, string>>(handler: (ctx: { request: Request; ip: string | undefined; params: P }) => Promise<Response>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      assertSameOrigin(request);
      return await handler({ request, ip: clientIpFrom(request.headers), params: await context.params });
    } catch (error) {
      return problemResponse(error);
    }
  };
}

/**
 * Reads a JSON body, refusing anything that is not JSON with a clear problem,
 * and anything over `maxBytes` (413) while it streams in, before it is buffered.
 */
export async function readJson(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) throw new PorticoError("unsupported_media_type", "Send a JSON body (Content-Type: application/json)");
  const text = await readLimitedText(request, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new PorticoError("bad_request", "The body is not valid JSON");
  }
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
