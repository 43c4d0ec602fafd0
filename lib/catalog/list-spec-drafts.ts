// The drafts waiting for an admin's decision (save-spec-draft.ts), newest
// first, for the catalogue page. Admins only.
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { getDb } from "@/lib/db";

export async function listSpecDrafts({ actor }: { actor: Actor }) {
  requireRole(actor, "admin");
  return getDb().specDraft.findMany({
    orderBy: { updatedAt: "desc" },
    select: { id: true, slug: true, version: true, name: true, source: true, savedBy: true, updatedAt: true },
  });
}
