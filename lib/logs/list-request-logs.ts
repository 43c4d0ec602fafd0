import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { notFound, parseInput } from "@/lib/errors";

const filterSchema = z
  .object({
    appId: z.string().trim().max(64).optional(),
    /** "error" = status >= 400, "ok" = below */
    outcome: z.enum(["ok", "error"]).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    before: z.string().max(64).optional(),
    take: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strip();

/**
 * Sandbox request logs (already redacted by the gateway before storage).
 * Compliance and admins read every app's; a developer reads only the apps of
 * their own organisation — the scope is part of the query, so another
 * organisation's app id simply matches nothing. Every read is recorded as
 * `logs.read`.
 */
export async function listRequestLogs(options: { actor: Actor; unverifiedFilter: unknown }) {
  const f = parseInput(filterSchema, options.unverifiedFilter ?? {}, "The filters are not valid");
  return auditedChange({
    actor: options.actor,
    roles: listRequestLogs.roles,
    change: async (tx, actor) => {
      // Security-critical (second reviewer, please): developers never see logs
      // outside their organisation, including logs with no app at all.
      const scope = actor.role === "developer" ? { organisationId: actor.organisationId ?? "\u0000none" } : {};
      const at = {
        ...(f.from ? { gte: new Date(`${f.from}T00:00:00.000Z`) } : {}),
        ...(f.to ? { lt: new Date(new Date(`${f.to}T00:00:00.000Z`).getTime() + 86_400_000) } : {}),
      };
      const where = {
        ...scope,
        ...(f.appId ? { appId: f.appId } : {}),
        ...(f.outcome === "error" ? { status: { gte: 400 } } : f.outcome === "ok" ? { status: { lt: 400 } } : {}),
        ...(f.from || f.to ? { at } : {}),
      };
      // Asking for an app outside the developer's organisation is "no such
      // app", exactly as for an id that does not exist.
      if (f.appId && actor.role === "developer" && !(await tx.app.findFirst({ where: { id: f.appId, ...scope }, select: { id: true } }))) {
        throw notFound("No such app");
      }
      // Keyset pagination: the page after the cursor row is everything at or
      // before its time, less what comes at that very time with an id not
      // below its own. It walks (appId, at), (organisationId, at) or (at)
      // backwards from the cursor and reads one page plus one row, however
      // deep the page.
      const cursor = f.before ? await tx.requestLog.findFirst({ where: { ...where, id: f.before }, select: { id: true, at: true } }) : null;
      const rows = await tx.requestLog.findMany({
        where: cursor ? { AND: [where, { at: { lte: cursor.at } }, { NOT: { at: cursor.at, id: { gte: cursor.id } } }] } : where,
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: f.take + 1,
      });
      const more = rows.length > f.take;
      const logs = more ? rows.slice(0, f.take) : rows;
      const appIds = [...new Set(logs.map((l) => l.appId).filter((id): id is string => !!id))];
      const apps = appIds.length ? await tx.app.findMany({ where: { id: { in: appIds } }, select: { id: true, name: true } }) : [];
      const names = new Map(apps.map((a) => [a.id, a.name]));
      const { before: _before, take: _take, ...filter } = f;
      return {
        result: {
          logs: logs.map((l) => ({ ...l, appName: l.appId ? (names.get(l.appId) ?? null) : null })),
          nextBefore: more ? logs[logs.length - 1]!.id : null,
        },
        audit: [{ action: "logs.read", targetId: f.appId ?? null, details: { filter, rows: logs.length, scope: actor.role === "developer" ? "organisation" : "all" } }],
      };
    },
  });
}
listRequestLogs.roles = ["developer", "admin", "compliance"] as const;
