import type { Actor } from "@/lib/authz/actor";
import { auditedChange } from "@/lib/audit/audited-change";
import { notFound } from "@/lib/errors";
import { byFrequency, statsOf, sumRollups, sumStatusCodes } from "@/lib/logs/summarize-usage";
import { reinstatementState } from "@/lib/revocation/approve-app-reinstatement";
import { grantScopes } from "@/lib/db/json-columns";

/** How far back the "live traffic" summary looks (from the start of that hour: it reads hourly rollups). */
export const TRAFFIC_WINDOW_MS = 24 * 60 * 60 * 1000;
const HOUR = 3_600_000;

/**
 * Everything compliance needs to judge one app: owner and organisation, the
 * grant in force, live tokens (ids and metadata only: tokens are stored as
 * hashes and never shown), certificates, the last 24 hours of sandbox
 * traffic (from the hourly usage rollups: one row per hour and per
 * operation, however busy the app) and where a reinstatement stands. The read is recorded
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
      const since = new Date(Math.floor((now.getTime() - TRAFFIC_WINDOW_MS) / HOUR) * HOUR);
      const window = { grain: "hour" as const, from: since, to: new Date(now.getTime() + HOUR), scope: { appIds: [app.id] } };
      const [tokens, hours, operations, statusCodes, recent, reinstatement] = await Promise.all([
        tx.accessToken.findMany({
          where: { appId: app.id, revokedAt: null, expiresAt: { gt: now } },
          select: { id: true, scope: true, issuedVia: true, createdAt: true, expiresAt: true, certThumbprint: true },
          orderBy: { createdAt: "desc" },
          take: 100,
        }),
        sumRollups(tx, { ...window, by: ["start"] }),
        sumRollups(tx, { ...window, by: ["apiSlug", "apiVersion", "operationId"] }),
        sumStatusCodes(tx, { ...window, by: [] }),
        tx.requestLog.findMany({
          where: { appId: app.id },
          select: { id: true, at: true, method: true, path: true, status: true, latencyMs: true, errorCode: true },
          orderBy: { at: "desc" },
          take: 10,
        }),
        app.status === "suspended" ? reinstatementState(tx, app.id) : Promise.resolve(null),
      ]);
      const total = statsOf(Object.fromEntries(Object.keys(hours[0]?.sum ?? {}).map((c) => [c, hours.reduce((n, h) => n + Number(h.sum[c] ?? 0), 0)])));
      const perHour = new Map(hours.map((h) => [h.start.getTime(), statsOf(h.sum)]));
      const result = {
        ...app,
        apis: app.apis.map((a) => ({ ...a, scopes: grantScopes(a.scopes) })),
        tokens,
        traffic: {
          windowHours: TRAFFIC_WINDOW_MS / HOUR,
          since,
          ...total,
          lastCallAt: recent[0]?.at ?? null,
          hours: Array.from({ length: Math.floor((now.getTime() - since.getTime()) / HOUR) + 1 }, (_, i) => {
            const start = since.getTime() + i * HOUR;
            const h = perHour.get(start);
            return { hour: new Date(start).toISOString().slice(11, 16), calls: h?.calls ?? 0, errors: h?.errors ?? 0, p95LatencyMs: h?.p95LatencyMs ?? null };
          }),
          operations: operations
            .map((o) => ({ apiSlug: o.apiSlug, apiVersion: o.apiVersion, operationId: o.operationId, ...statsOf(o.sum) }))
            .sort((a, b) => b.calls - a.calls)
            .slice(0, 10),
        },
        statusCodes: byFrequency(statusCodes.map((s) => ({ status: s.status, calls: s.calls }))),
        recentCalls: recent,
        reinstatement,
      };
      return { result, audit: [{ action: "app.read", targetId: app.id }] };
    },
  });
}
getAppForCompliance.roles = ["compliance", "admin"] as const;
