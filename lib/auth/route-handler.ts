// The one way a Next.js route handler authenticates: wrap it in
// withUser(action.roles, handler), with the roles the lib action itself
// checks (say them once: the action states them, the edge reuses them).
// Anonymous → 401, wrong role → 404 (a role that may not see a thing learns
// nothing about it), any thrown error → problem+json through the one table
// in lib/errors.
import type { Actor } from "@/lib/authz/actor";
import type { ActorRole } from "@/lib/authz/require-role";
import { actorOf, type SessionUser } from "@/lib/authz/load-session-user";
import { notFound, PorticoError, problemResponse, unauthenticated } from "@/lib/errors";
import { readLimitedText } from "@/lib/errors/read-limited-body";
import { clientIp, currentUser } from "./current-user";

type Ctx<P> = { request: Request; user: SessionUser; actor: Actor; params: P };

export function withUser<P = Record<string, string>>(
  /** The action's own `roles`; "any" for reads open to every signed-in user. */
  roles: readonly ActorRole[] | "any",
  handler: (ctx: Ctx<P>) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const user = await currentUser();
      if (!user) throw unauthenticated();
      if (roles !== "any" && !roles.includes(user.role)) throw notFound();
      const actor = actorOf(user, await clientIp());
      return await handler({ request, user, actor, params: await context.params });
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
