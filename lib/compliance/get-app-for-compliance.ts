import type { Actor } from "@/lib/authz/actor";
import { auditedChange } from "@/lib/audit/audited-change";
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
 * traffic and where a reinstatement stands. The read is recorded
 * (`app.read`, ASVS 5.0 V16.1.1): it shows the owner and their traffic.
 */
export async function getAppForCompliance(options: { actor: Actor; appId: string; now?: Date }) {
  return auditedChange({
    actor: options.actor,
    roles: getAppForCompliance.roles,
    change: async (tx) => {
      const now = options.now ?? new Date();
      const app = await tx.app.findUnique({
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
        tx.accessToken.findMany({
          where: { appId: app.id, revokedAt: null, expiresAt: { gt: now } },
          select: { id: true, scope: true, issuedVia: true, createdAt: true, expiresAt: true, certThumbprint: true },
          orderBy: { createdAt: "desc" },
          take: 100,
        }),
        tx.requestLog.findMany({ where: { appId: app.id, at: { gte: since } }, select: { status: true, latencyMs: true, at: true } }),
        tx.requestLog.findMany({
          where: { appId: app.id },
          select: { id: true, at: true, method: true, path: true, status: true, latencyMs: true, errorCode: true },
          orderBy: { at: "desc" },
          take: 10,
        }),
        app.status === "suspended" ? reinstatementState(tx, app.id) : Promise.resolve(null),
      ]);
      const errors = traffic.filter((t) => t.status >= 400).length;
      const q = p95(traffic.map((t) => t.latencyMs));
      const result = {
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
      return { result, audit: [{ action: "app.read", targetId: app.id }] };
    },
  });
}
getAppForCompliance.roles = ["compliance", "admin"] as const;
