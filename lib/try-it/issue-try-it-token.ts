// Short-lived access tokens the portal obtains on the server for the docs'
// try-it (issuedVia "portal_try_it"): the developer picks one of their
// organisation's approved apps and the browser never sees a secret or token.
// Cached per app for a little while so every click does not mint a token;
// the cache drops an app's token on any change event for it (suspension,
// grant change, revocation), like the gateway's caches.
// Security-critical: the app must belong to the actor's organisation
// (another organisation's app is "not found") and be approved.
import { LRUCache } from "lru-cache";
import { onChange } from "@/lib/broadcast/change-bus";
import { appWhereForActor } from "@/lib/apps/app-scope";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { getDb } from "@/lib/db";
import { PorticoError, notFound } from "@/lib/errors";
import { loadAppGrant } from "@/lib/access/load-app-grant";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { issueAccessToken } from "@/lib/oauth/issue-access-token";

/** Try-it tokens live at most this long, whatever the app's policy. */
export const TRY_IT_TOKEN_SECONDS = 300;
/** A cached token is reused while it has at least this much life left. */
const MIN_REMAINING_MS = 60_000;

/** Apps with a cached token: a bound, so a portal that serves many apps keeps a fixed amount of memory for this. */
const MAX_CACHED_APPS = 10_000;

type Cached = { accessToken: string; tokenHash: string; expiresAtMs: number };
const key = Symbol.for("portico.try-it-tokens");
type Holder = { [key]?: { tokens: LRUCache<string, Cached> } };

function cache(): LRUCache<string, Cached> {
  const g = globalThis as Holder;
  if (!g[key]) {
    // Least recently used apps go first; an entry also goes once it is too close to expiry to be reused (its ttl, given on set).
    const tokens = new LRUCache<string, Cached>({ max: MAX_CACHED_APPS });
    onChange((event) => {
      if (event.kind === "app") {
        tokens.delete(event.appId);
      } else if (event.kind === "token") {
        for (const [appId, t] of tokens) if (t.tokenHash === event.tokenHash) tokens.delete(appId);
      } else if (event.kind === "organisation" || event.kind === "catalog") {
        tokens.clear();
      }
    });
    g[key] = { tokens };
  }
  return g[key].tokens;
}

export async function issueTryItToken(options: { actor: Actor; appId: string; fresh?: boolean }): Promise<{ accessToken: string; appName: string }> {
  const { actor } = options;
  requireRole(actor, "developer");
  const db = getDb();
  const app = await db.app.findFirst({ where: appWhereForActor(actor, options.appId), select: { id: true, name: true } });
  if (!app) throw notFound("App not found");
  // Checked on every call, cached token or not: a suspended app stops at once.
  const grant = await loadAppGrant({ db, appId: app.id });
  if (!grant || grant.inactiveReason) throw new PorticoError("conflict", `Try-it needs an approved app: ${grant?.inactiveReason ?? "unknown app"}`);
  if (grant.allScopes.size === 0) throw new PorticoError("conflict", "This app has no approved scopes to try");

  const tokens = cache();
  const hit = tokens.get(app.id);
  if (hit && !options.fresh && hit.expiresAtMs - Date.now() > MIN_REMAINING_MS) return { accessToken: hit.accessToken, appName: app.name };
  const issued = await issueAccessToken({
    db,
    app: grant,
    scopes: [...grant.allScopes].sort(),
    settings: await getBankSettings(db),
    issuedVia: "portal_try_it",
    maxLifetimeSeconds: TRY_IT_TOKEN_SECONDS,
  });
  tokens.set(app.id, { accessToken: issued.accessToken, tokenHash: issued.tokenHash, expiresAtMs: issued.expiresAt.getTime() }, { ttl: Math.max(1, issued.expiresAt.getTime() - Date.now() - MIN_REMAINING_MS) });
  return { accessToken: issued.accessToken, appName: app.name };
}
