// One draft (save-spec-draft.ts) for the admin who decides it: what import
// proposed, what is missing, the scorecard, who sent it and how. Admins only;
// no such draft (published or discarded meanwhile) is 404.
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { getDb } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { SpecPreview } from "./spec-preview";

export async function getSpecDraft({ actor, id }: { actor: Actor; id: string }) {
  requireRole(actor, "admin");
  const row = await getDb().specDraft.findUnique({ where: { id }, omit: { upload: true } });
  if (!row) throw notFound("No such draft: it may have been published or discarded");
  return {
    id: row.id,
    slug: row.slug,
    version: row.version,
    name: row.name,
    source: row.source,
    savedBy: row.savedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    /** The overlay the import came with, as written. */
    overlay: row.overlay,
    proposedOverlay: row.proposedOverlay,
    // Written by saveSpecDraft from previewOf(), in this same shape.
    review: row.review as unknown as SpecPreview,
  };
}
