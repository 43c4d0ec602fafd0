// An admin throws a draft away unpublished (audited). Nothing else changes:
// a draft was never served.
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { notFound } from "@/lib/errors";

export async function discardSpecDraft({ actor, id }: { actor: Actor; id: string }): Promise<void> {
  await auditedChange({
    actor,
    roles: discardSpecDraft.roles,
    change: async (tx) => {
      const draft = await tx.specDraft.findUnique({ where: { id }, select: { slug: true, version: true, source: true, savedBy: true } });
      if (!draft) throw notFound("No such draft: it may have been published or discarded");
      await tx.specDraft.delete({ where: { id } });
      return { result: undefined, audit: [{ action: "spec.draft_discarded", targetId: id, details: { api: draft.slug, version: draft.version, source: draft.source, savedBy: draft.savedBy } }] };
    },
  });
}

discardSpecDraft.roles = ["admin"] as const;
