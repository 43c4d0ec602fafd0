import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { csvCell } from "@/lib/audit/export-audit-events";
import { parseInput } from "@/lib/errors";
import { byFrequency, rollupWhere, statsOf, type StatusCodeCount, type UsageScope } from "./summarize-usage";

const optionsSchema = z
  .object({
    days: z.coerce.number().int().min(1).max(90).default(30),
    appId: z.string().trim().max(64).optional(),
    organisationId: z.string().trim().max(64).optional(),
  })
  .strip();

const COLUMNS = ["day", "organisation", "app", "appId", "api", "version", "operation", "calls", "errors", "errorRatePercent", "s2xx", "s3xx", "s4xx", "s5xx", "meanLatencyMs", "p50LatencyMs", "p95LatencyMs", "p99LatencyMs", "statusCodes"];

/**
 * Usage as CSV, one line per UTC day, app and operation (with its calls per
 * status code, `statusCodes`: "200:12 404:3") over the last `days`
 * days (today included), from the daily rollups. Developers export their
 * organisation's apps; staff every app or one organisation's, and each staff
 * export — a read of other organisations' data — is audited
 * (`usage.export`) in the transaction that reads it. Cells that a
 * spreadsheet would run as formulas are neutralised (csvCell).
 */
export async function exportUsageCsv(options: { actor: Actor; unverifiedOptions: unknown; now?: Date }): Promise<{ csv: string; rows: number }> {
  const o = parseInput(optionsSchema, options.unverifiedOptions ?? {}, "The export options are not valid");
  const now = options.now ?? new Date();
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + 86_400_000);
  const start = new Date(end.getTime() - o.days * 86_400_000);
  return auditedChange({
    actor: options.actor,
    roles: exportUsageCsv.roles,
    change: async (tx, actor) => {
      // Security-critical: a developer's scope is their organisation, whatever they ask for.
      const organisationId = actor.role === "developer" ? (actor.organisationId ?? "\u0000none") : o.organisationId;
      const apps = await tx.app.findMany({
        where: { ...(organisationId !== undefined ? { organisationId } : {}), ...(o.appId ? { id: o.appId } : {}) },
        select: { id: true, name: true, organisation: { select: { name: true } } },
      });
      const names = new Map(apps.map((a) => [a.id, a]));
      const scope: UsageScope = o.appId ? { appIds: apps.map((a) => a.id) } : organisationId !== undefined ? { organisationId } : {};
      // A daily rollup row is already one line: its key is (app, day, operation).
      const where = rollupWhere({ grain: "day", from: start, to: end, scope });
      const [rows, statusRows] = apps.length
        ? await Promise.all([
            tx.requestRollup.findMany({ where, orderBy: [{ start: "asc" }, { appId: "asc" }, { apiSlug: "asc" }, { apiVersion: "asc" }, { operationId: "asc" }] }),
            tx.requestRollupStatus.findMany({ where, select: { start: true, appId: true, apiSlug: true, apiVersion: true, operationId: true, status: true, calls: true } }),
          ])
        : [[], []];
      // Each line's status codes as "200:12 404:3", most frequent first.
      const lineKey = (g: { start: Date; appId: string; apiSlug: string; apiVersion: string; operationId: string }) => `${g.start.getTime()}|${g.appId}|${g.apiSlug}|${g.apiVersion}|${g.operationId}`;
      const codes = new Map<string, StatusCodeCount[]>();
      for (const r of statusRows) codes.set(lineKey(r), [...(codes.get(lineKey(r)) ?? []), { status: r.status, calls: r.calls }]);
      const lines = rows
        .filter((g) => names.has(g.appId))
        .map((g) => {
          const app = names.get(g.appId)!;
          const s = statsOf(g);
          return [g.start.toISOString().slice(0, 10), app.organisation.name, app.name, g.appId, g.apiSlug, g.apiVersion, g.operationId, s.calls, s.errors, s.errorRate, s.statusClasses.s2xx, s.statusClasses.s3xx, s.statusClasses.s4xx, s.statusClasses.s5xx, s.meanLatencyMs, s.p50LatencyMs, s.p95LatencyMs, s.p99LatencyMs, byFrequency(codes.get(lineKey(g)) ?? []).map((c) => `${c.status}:${c.calls}`).join(" ")]
            .map(csvCell)
            .join(",");
        });
      const csv = `${[COLUMNS.join(","), ...lines].join("\r\n")}\r\n`;
      const staff = actor.role !== "developer";
      return {
        result: { csv, rows: lines.length },
        audit: staff ? [{ action: "usage.export" as const, targetId: organisationId ?? null, details: { days: o.days, appId: o.appId ?? null, rows: lines.length } }] : [],
      };
    },
  });
}
exportUsageCsv.roles = ["developer", "admin", "compliance"] as const;
