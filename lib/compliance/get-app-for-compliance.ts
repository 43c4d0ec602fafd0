import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { notFound } from "@/lib/errors";
import { p95 } from "@/lib/logs/summarize-usage";
import { reinstatementState } from "@/lib/revocation/approve-app-reinstatement";
import { grantScopes } from "@/lib/db/json-columns";

/** How far back the "live traffic" summary looks. */
export const TRAFFIC_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Everything compliance needs to judge one app: owner and organisation, the
 * grant in force, live tokens (ids and metadata only: tokens are stored as
 * hashes and never shown), certificates, the last 24 hours of sandbox
 * traffic and where a reinstatement stands.
 */
export async function getAppForCompliance(options: { actor: Actor; appId: string; now?: Date }) {
  const { actor } = options;
  requireRole(actor, "compliance", "admin");
  const db = getDb();
  const now = options.now ?? new Date();
  const app = await db.app.findUnique({
    where: { id: options.appId },
    select: {
      id: true,
      name: true,
      description: true,
      status: true,
      clientId: true,
      suspendedReason: true,
      allAccounts: true,
      createdAt: true,
      organisation: { select: { id: true, name: true, status: true } },
      owner: { select: { id: true, name: true, email: true, status: true } },
      apis: { select: { apiVersionId: true, scopes: true, apiVersion: { select: { version: true, api: { select: { slug: true, name: true } } } } } },
      accounts: { select: { account: { select: { accountId: true, name: true } } } },
      certificates: { select: { id: true, subject: true, thumbprint: true, notAfter: true, revokedAt: true }, orderBy: { createdAt: "desc" } },
      secrets: { select: { id: true, hint: true, createdAt: true, expiresAt: true, revokedAt: true }, orderBy: { createdAt: "desc" } },
    },
  });
  if (!app) throw notFound("No such app");
  const since = new Date(now.getTime() - TRAFFIC_WINDOW_MS);
  const [tokens, traffic, recent, reinstatement] = await Promise.all([
    db.accessToken.findMany({
      where: { appId: app.id, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, scope: true, issuedVia: true, createdAt: true, expiresAt: true, certThumbprint: true },
      orderBy: { createdAt: "desc" },
      take: 100,
    }),
    db.requestLog.findMany({ where: { appId: app.id, at: { gte: since } }, select: { status: true, latencyMs: true, at: true } }),
    db.requestLog.findMany({
      where: { appId: app.id },
      select: { id: true, at: true, method: true, path: true, status: true, latencyMs: true, errorCode: true },
      orderBy: { at: "desc" },
      take: 10,
    }),
    app.status === "suspended" ? reinstatementState(db, app.id) : Promise.resolve(null),
  ]);
  const errors = traffic.filter((t) => t.status >= 400).length;
  const q = p95(traffic.map((t) => t.latencyMs));
  return {
    ...app,
    apis: app.apis.map((a) => ({ ...a, scopes: grantScopes(a.scopes) })),
    tokens,
    traffic: {
      windowHours: TRAFFIC_WINDOW_MS / 3_600_000,
      calls: traffic.length,
      errors,
      errorRate: traffic.length ? Math.round((errors / traffic.length) * 1000) / 10 : 0,
      p95LatencyMs: q === null ? null : Math.round(q * 10) / 10,
      lastCallAt: recent[0]?.at ?? null,
    },
    recentCalls: recent,
    reinstatement,
  };
}
