import { z } from "zod";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";

export type UsageDay = { day: string; calls: number; errors: number; errorRate: number; p95LatencyMs: number | null };
export type AppUsage = {
  appId: string;
  name: string;
  organisationName: string;
  status: string;
  calls: number;
  errors: number;
  errorRate: number;
  p95LatencyMs: number | null;
  days: UsageDay[];
};

const optionsSchema = z.object({
  days: z.coerce.number().int().min(1).max(90).default(14),
  appId: z.string().max(64).optional(),
});

/** Nearest-rank 95th percentile; null without samples. */
export function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Usage per app and per UTC day over the last `days` days: calls, error rate
 * (status >= 400) and p95 latency. Developers see their organisation's apps;
 * admins and compliance every app. Aggregated here rather than in SQL
 * because percentiles are not portable between SQLite and PostgreSQL, and
 * only three small columns per call are read.
 */
export async function summarizeUsage(options: { actor: Actor; unverifiedOptions?: unknown; now?: Date }): Promise<{ from: string; to: string; apps: AppUsage[] }> {
  const { actor } = options;
  requireRole(actor, "developer", "admin", "compliance");
  const o = optionsSchema.catch({ days: 14 }).parse(options.unverifiedOptions ?? {});
  const now = options.now ?? new Date();
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + 86_400_000);
  const start = new Date(end.getTime() - o.days * 86_400_000);
  const dayKeys = Array.from({ length: o.days }, (_, i) => new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10));
  const db = getDb();
  const appScope = actor.role === "developer" ? { organisationId: actor.organisationId ?? "\u0000none" } : {};
  const apps = await db.app.findMany({
    where: { ...appScope, ...(o.appId ? { id: o.appId } : {}), status: { not: "draft" } },
    select: { id: true, name: true, status: true, organisation: { select: { name: true } } },
    orderBy: { name: "asc" },
  });
  const appIds = apps.map((a) => a.id);
  const rows = appIds.length
    ? await db.requestLog.findMany({
        where: { appId: { in: appIds }, at: { gte: start, lt: end }, ...(actor.role === "developer" ? appScope : {}) },
        select: { appId: true, at: true, status: true, latencyMs: true },
      })
    : [];
  const buckets = new Map<string, { calls: number; errors: number; latencies: number[] }>();
  for (const r of rows) {
    const k = `${r.appId}|${r.at.toISOString().slice(0, 10)}`;
    const b = buckets.get(k) ?? { calls: 0, errors: 0, latencies: [] };
    b.calls++;
    if (r.status >= 400) b.errors++;
    b.latencies.push(r.latencyMs);
    buckets.set(k, b);
  }
  return {
    from: dayKeys[0]!,
    to: dayKeys[dayKeys.length - 1]!,
    apps: apps.map((app) => {
      const all: number[] = [];
      let calls = 0;
      let errors = 0;
      const days = dayKeys.map((day) => {
        const b = buckets.get(`${app.id}|${day}`);
        if (!b) return { day, calls: 0, errors: 0, errorRate: 0, p95LatencyMs: null };
        calls += b.calls;
        errors += b.errors;
        all.push(...b.latencies);
        const q = p95(b.latencies);
        return { day, calls: b.calls, errors: b.errors, errorRate: round((b.errors / b.calls) * 100), p95LatencyMs: q === null ? null : round(q) };
      });
      const q = p95(all);
      return {
        appId: app.id,
        name: app.name,
        organisationName: app.organisation.name,
        status: app.status,
        calls,
        errors,
        errorRate: calls ? round((errors / calls) * 100) : 0,
        p95LatencyMs: q === null ? null : round(q),
        days,
      };
    }),
  };
}
