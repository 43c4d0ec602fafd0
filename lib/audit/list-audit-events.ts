import { z } from "zod";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { recordAuditEvent } from "./record-audit-event";
import { auditWhere } from "./audit-filter";

const pageSchema = z.object({
  /** Show records with seq below this (newest first); absent = the newest */
  before: z.coerce.number().int().positive().optional(),
  take: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * The audit viewer: newest first, filtered, paged by seq. Compliance and
 * admins only; the read itself is recorded as `audit.read`, because who
 * looked at the trail is part of the trail.
 */
export async function listAuditEvents(options: { actor: Actor; unverifiedFilter: unknown; unverifiedPage?: unknown }) {
  const { actor } = options;
  requireRole(actor, "compliance", "admin");
  const { where, filter } = auditWhere(options.unverifiedFilter);
  const page = pageSchema.catch({ take: 50 }).parse(options.unverifiedPage ?? {});
  return getDb().$transaction(async (tx) => {
    const rows = await tx.auditEvent.findMany({
      where: { ...where, ...(page.before ? { seq: { lt: page.before } } : {}) },
      orderBy: { seq: "desc" },
      take: page.take + 1,
    });
    await recordAuditEvent(tx, { actor, action: "audit.read", targetType: "audit_trail", details: { filter, before: page.before ?? null } });
    const more = rows.length > page.take;
    const events = more ? rows.slice(0, page.take) : rows;
    return { events, nextBefore: more ? events[events.length - 1]!.seq : null };
  });
}
