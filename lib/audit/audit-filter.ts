import { z } from "zod";
import { parseInput, PorticoError } from "@/lib/errors";

/** Filters of the audit viewer and its CSV export; every field optional. */
export const auditFilterSchema = z
  .object({
    action: z.string().trim().max(100).optional(),
    /** Matches the actor's label (email) or id */
    actor: z.string().trim().max(254).optional(),
    targetType: z.string().trim().max(50).optional(),
    targetId: z.string().trim().max(100).optional(),
    /** ISO dates (yyyy-mm-dd) or date-times; `to` is inclusive of that whole day when a date */
    from: z.string().trim().max(40).optional(),
    to: z.string().trim().max(40).optional(),
  })
  .strip();

export type AuditFilter = z.infer<typeof auditFilterSchema>;

function parseDate(value: string | undefined, field: "from" | "to"): Date | undefined {
  if (!value) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(date.getTime())) {
    throw new PorticoError("validation_failed", `"${field}" is not a date`, { violations: [{ pointer: `/${field}`, message: "Use a date such as 2026-01-31" }] });
  }
  if (dateOnly && field === "to") date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

/** Parses unverified filters into a Prisma `where` for AuditEvent. */
export function auditWhere(unverifiedFilter: unknown) {
  const f = parseInput(auditFilterSchema, unverifiedFilter ?? {}, "The filters are not valid");
  const from = parseDate(f.from, "from");
  const to = parseDate(f.to, "to");
  const where = {
    ...(f.action ? { action: f.action.endsWith("*") ? { startsWith: f.action.slice(0, -1) } : f.action } : {}),
    ...(f.actor ? { OR: [{ actorLabel: { contains: f.actor } }, { actorId: f.actor }] } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
  };
  // Only the filters actually set, for the audit record of the read itself.
  const used = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== ""));
  return { where, filter: used };
}
