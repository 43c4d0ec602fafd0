import { z } from "zod";
import type { Actor } from "@/lib/authz/actor";
import { auditedChange } from "./audited-change";
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
  const { where, filter } = auditWhere(options.unverifiedFilter);
  const page = pageSchema.catch({ take: 50 }).parse(options.unverifiedPage ?? {});
  return auditedChange({
    actor: options.actor,
    roles: listAuditEvents.roles,
    change: async (tx) => {
      const rows = await tx.auditEvent.findMany({
        where: { ...where, ...(page.before ? { seq: { lt: page.before } } : {}) },
        orderBy: { seq: "desc" },
        take: page.take + 1,
      });
      const more = rows.length > page.take;
      const events = more ? rows.slice(0, page.take) : rows;
      return {
        result: { events, nextBefore: more ? events[events.length - 1]!.seq : null },
        audit: [{ action: "audit.read", details: { filter, before: page.before ?? null } }],
      };
    },
  });
}
listAuditEvents.roles = ["compliance", "admin"] as const;
