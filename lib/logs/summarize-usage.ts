import { z } from "zod";
import { getDb, type Db, type Tx } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { BUCKET_COLUMNS, countsOf, percentileOf } from "./latency-histogram";
import type { Grain } from "./request-log-store";

/** Calls, errors (status >= 400), the status classes and latency percentiles of a set of calls. */
export type UsageStats = {
  calls: number;
  errors: number;
  errorRate: number;
  statusClasses: { s2xx: number; s3xx: number; s4xx: number; s5xx: number };
  meanLatencyMs: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  p99LatencyMs: number | null;
};
export type UsageDay = UsageStats & { day: string };
export type OperationUsage = UsageStats & { apiSlug: string; apiVersion: string; operationId: string };
export type ApiUsage = UsageStats & { apiSlug: string; apiVersion: string };
export type AppUsage = UsageStats & {
  appId: string;
  name: string;
  organisationId: string;
  organisationName: string;
  status: string;
  days: UsageDay[];
  apis: ApiUsage[];
  operations: OperationUsage[];
  /** Calls per exact status code, most frequent first. */
  statusCodes: StatusCodeCount[];
};
export type StatusCodeCount = { status: number; calls: number };
export type OrganisationUsage = UsageStats & { organisationId: string; name: string };

const optionsSchema = z.object({
  days: z.coerce.number().int().min(1).max(90).default(14),
  appId: z.string().max(64).optional(),
  organisationId: z.string().max(64).optional(),
});

/** The columns a rollup query sums: every column of RequestRollup that is a sum. */
const SUMS = Object.fromEntries(["calls", "s2xx", "s3xx", "s4xx", "s5xx", "latencySumMs", ...BUCKET_COLUMNS].map((c) => [c, true])) as Record<string, true>;
type Sum = Record<string, number | null>;

const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const EMPTY: Sum = {};

/** One set of sums (a rollup row, or rows added up) as the numbers a page shows. */
export function statsOf(sum: Sum | Record<string, unknown>): UsageStats {
  const n = (c: string) => Number(sum[c] ?? 0);
  const calls = n("calls");
  const errors = n("s4xx") + n("s5xx");
  const counts = countsOf(sum);
  return {
    calls,
    errors,
    errorRate: calls ? (round((errors / calls) * 100) ?? 0) : 0,
    statusClasses: { s2xx: n("s2xx"), s3xx: n("s3xx"), s4xx: n("s4xx"), s5xx: n("s5xx") },
    meanLatencyMs: calls ? round(n("latencySumMs") / calls) : null,
    p50LatencyMs: round(percentileOf(counts, 50)),
    p95LatencyMs: round(percentileOf(counts, 95)),
    p99LatencyMs: round(percentileOf(counts, 99)),
  };
}

function add(into: Sum, from: Sum) {
  for (const c of Object.keys(SUMS)) into[c] = Number(into[c] ?? 0) + Number(from[c] ?? 0);
  return into;
}

/** Which rollups a reader may see: a developer only their organisation's; staff all, or one organisation or app. */
export type UsageScope = { appIds?: string[]; organisationId?: string };

/** The rollups of one grain from `from` (inclusive) to `to` (exclusive) within a scope. */
export function rollupWhere(options: { grain: Grain; from: Date; to: Date; scope: UsageScope }) {
  const { scope } = options;
  return {
    grain: options.grain,
    start: { gte: options.from, lt: options.to },
    ...(scope.appIds ? { appId: { in: scope.appIds } } : {}),
    ...(scope.organisationId !== undefined ? { organisationId: scope.organisationId } : {}),
  };
}

export type RollupGroup = { appId: string; organisationId: string; start: Date; apiSlug: string; apiVersion: string; operationId: string; sum: Sum };
type GroupKey = "appId" | "organisationId" | "start" | "apiSlug" | "apiVersion" | "operationId";

/**
 * Sums of rollups of one grain from `from` (inclusive) to `to` (exclusive),
 * grouped by the given key columns (only those are set in each group). The
 * database adds them up: a page reads one row per group, never the rows of
 * single calls.
 */
export async function sumRollups(db: Db | Tx, options: { grain: Grain; from: Date; to: Date; scope: UsageScope; by: GroupKey[] }): Promise<RollupGroup[]> {
  const groupBy = db.requestRollup.groupBy as unknown as (args: object) => Promise<(Record<string, unknown> & { _sum: Sum })[]>;
  const rows = await groupBy({ by: options.by, where: rollupWhere(options), _sum: SUMS });
  return rows.map(({ _sum, ...key }) => ({ ...(key as Omit<RollupGroup, "sum">), sum: _sum }));
}

/**
 * Calls per exact status code (RequestRollupStatus) of one grain within a
 * scope, grouped by the given key columns and the code; like sumRollups, the
 * database adds them up.
 */
export async function sumStatusCodes(db: Db | Tx, options: { grain: Exclude<Grain, "minute">; from: Date; to: Date; scope: UsageScope; by: ("appId" | "organisationId")[] }) {
  const rows = await db.requestRollupStatus.groupBy({ by: [...options.by, "status"], where: rollupWhere(options), _sum: { calls: true } });
  return rows.map((r) => ({ ...(r as { appId?: string; organisationId?: string }), status: r.status, calls: r._sum.calls ?? 0 }));
}

/** Status-code counts most frequent first (then by code). */
export function byFrequency(counts: StatusCodeCount[]): StatusCodeCount[] {
  return [...counts].sort((a, b) => b.calls - a.calls || a.status - b.status);
}

/**
 * Usage per app over the last `days` UTC days (today included), read only
 * from the daily rollups the request-log writer keeps: calls, error rate
 * (status >= 400), status classes, calls per status code and p50/p95/p99 latency, per day, per API
 * and per operation; for staff over every organisation, per organisation
 * and per app (totals only). Developers see their
 * organisation's apps; admins and compliance every app, or one
 * organisation's. Percentiles come from the rollups' histograms: within one
 * bucket (a factor √2) of the exact value.
 */
export async function summarizeUsage(options: { actor: Actor; unverifiedOptions?: unknown; now?: Date }): Promise<{
  from: string;
  to: string;
  days: number;
  /** Staff over every organisation: apps carry totals only (no days, APIs or operations). */
  overview: boolean;
  apps: AppUsage[];
  organisations: OrganisationUsage[] | null;
}> {
  const { actor } = options;
  requireRole(actor, "developer", "admin", "compliance");
  const o = optionsSchema.catch({ days: 14 }).parse(options.unverifiedOptions ?? {});
  const now = options.now ?? new Date();
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + 86_400_000);
  const start = new Date(end.getTime() - o.days * 86_400_000);
  const dayKeys = Array.from({ length: o.days }, (_, i) => new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10));
  const db = getDb();
  // Security-critical: a developer's scope is their organisation, whatever they ask for.
  const organisationId = actor.role === "developer" ? (actor.organisationId ?? "\u0000none") : o.organisationId;
  const apps = await db.app.findMany({
    where: { ...(organisationId !== undefined ? { organisationId } : {}), ...(o.appId ? { id: o.appId } : {}), status: { not: "draft" } },
    select: { id: true, name: true, status: true, organisationId: true, organisation: { select: { name: true } } },
    orderBy: { name: "asc" },
  });
  // Scope by organisation (an index) unless one app is asked for; never wider than the apps listed.
  const scope: UsageScope = o.appId ? { appIds: apps.map((a) => a.id) } : organisationId !== undefined ? { organisationId } : {};
  const range = { grain: "day" as const, from: start, to: end, scope };
  // Staff looking at every organisation get each organisation's and each
  // app's totals only (one group per app, not per app, day and operation);
  // the detail once they narrow to one organisation or app.
  const overview = actor.role !== "developer" && !o.appId && !o.organisationId;
  const [perDay, perOperation, perStatus] = apps.length
    ? await Promise.all([
        overview ? Promise.resolve([]) : sumRollups(db, { ...range, by: ["appId", "start"] }),
        sumRollups(db, { ...range, by: overview ? ["appId", "organisationId"] : ["appId", "apiSlug", "apiVersion", "operationId"] }),
        overview ? Promise.resolve([]) : sumStatusCodes(db, { ...range, by: ["appId"] }),
      ])
    : [[], [], []];
  // The overview's organisation totals add up its per-app groups (every
  // column is a sum): one pass over the rollups instead of a second one.
  let perOrganisation: { organisationId: string; sum: Sum }[] | null = null;
  if (overview) {
    const byOrganisation = new Map<string, Sum>();
    for (const r of perOperation) byOrganisation.set(r.organisationId, add(byOrganisation.get(r.organisationId) ?? {}, r.sum));
    perOrganisation = [...byOrganisation].map(([organisationId, sum]) => ({ organisationId, sum }));
  }
  const statusCodes = new Map<string, StatusCodeCount[]>();
  for (const r of perStatus) statusCodes.set(r.appId!, [...(statusCodes.get(r.appId!) ?? []), { status: r.status, calls: r.calls }]);
  const days = new Map(perDay.map((r) => [`${r.appId}|${r.start.toISOString().slice(0, 10)}`, r.sum]));
  const operations = new Map<string, typeof perOperation>();
  for (const r of perOperation) operations.set(r.appId, [...(operations.get(r.appId) ?? []), r]);
  const organisationNames = perOrganisation?.length
    ? new Map((await db.organisation.findMany({ where: { id: { in: perOrganisation.map((r) => r.organisationId) } }, select: { id: true, name: true } })).map((x) => [x.id, x.name]))
    : new Map<string, string>();
  const byCalls = (a: { calls: number }, b: { calls: number }) => b.calls - a.calls;
  return {
    from: dayKeys[0]!,
    to: dayKeys[dayKeys.length - 1]!,
    days: o.days,
    overview,
    organisations: perOrganisation
      ? perOrganisation.map((r) => ({ organisationId: r.organisationId, name: organisationNames.get(r.organisationId) ?? r.organisationId, ...statsOf(r.sum) })).sort(byCalls)
      : null,
    apps: apps
      .map((app) => {
        const total: Sum = {};
        const ops = operations.get(app.id) ?? [];
        const apis = new Map<string, { apiSlug: string; apiVersion: string; sum: Sum }>();
        for (const op of ops) {
          add(total, op.sum);
          const key = `${op.apiSlug}|${op.apiVersion}`;
          const api = apis.get(key) ?? { apiSlug: op.apiSlug, apiVersion: op.apiVersion, sum: {} };
          add(api.sum, op.sum);
          apis.set(key, api);
        }
        if (overview) return { appId: app.id, name: app.name, organisationId: app.organisationId, organisationName: app.organisation.name, status: app.status, ...statsOf(total), days: [], apis: [], operations: [], statusCodes: [] };
        return {
          appId: app.id,
          name: app.name,
          organisationId: app.organisationId,
          organisationName: app.organisation.name,
          status: app.status,
          ...statsOf(total),
          days: dayKeys.map((day) => ({ day, ...statsOf(days.get(`${app.id}|${day}`) ?? EMPTY) })),
          apis: [...apis.values()].map((a) => ({ apiSlug: a.apiSlug, apiVersion: a.apiVersion, ...statsOf(a.sum) })).sort(byCalls),
          operations: ops.map((op) => ({ apiSlug: op.apiSlug, apiVersion: op.apiVersion, operationId: op.operationId, ...statsOf(op.sum) })).sort(byCalls),
          statusCodes: byFrequency(statusCodes.get(app.id) ?? []),
        };
      })
      .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name)),
  };
}
