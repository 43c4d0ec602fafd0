// An import that needs a decision its overlay does not give is kept, not
// published: the spec as written, the overlay given with it, what import
// proposes, what is missing and the scorecard, with who sent it and how. An
// admin opens it in the catalogue, decides and publishes it
// (publish-spec-draft.ts), or discards it (discard-spec-draft.ts). One draft
// per API slug and version: importing the same again replaces it. Drafts
// live in their own table, which only these admin functions read, so
// developers, the gateway and search never see one.
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { config } from "@/lib/config";
import type { Prisma } from "@/lib/db";
import type { DraftUpload } from "@/lib/db/json-columns";
import type { SpecFiles } from "./analyse-upload";
import type { SpecPreview } from "./spec-preview";

/** How an import came in: the admin's upload, a bank's CI at the management endpoint, or `npm run catalog:import`. */
export type DraftSource = "admin_upload" | "management" | "cli";

export type SavedDraft = { id: string; url: string };

export const draftUrl = (id: string) => `${config.portalUrl}/admin/catalog/drafts/${encodeURIComponent(id)}`;

function uploadOf(unverifiedSpec: string | Uint8Array | SpecFiles, filename: string | undefined): DraftUpload {
  if (typeof unverifiedSpec === "string") return { text: unverifiedSpec, ...(filename ? { filename } : {}) };
  if (unverifiedSpec instanceof Uint8Array) return { zipBase64: Buffer.from(unverifiedSpec).toString("base64") };
  return { bundle: { root: unverifiedSpec.root, files: unverifiedSpec.files } };
}

export async function saveSpecDraft(options: {
  actor: Actor;
  source: DraftSource;
  /** The upload as it came: it was parsed and validated, and it is kept as written. */
  unverifiedSpec: string | Uint8Array | SpecFiles;
  filename?: string;
  unverifiedOverlay?: string;
  review: SpecPreview;
  proposedOverlay: string;
}): Promise<SavedDraft> {
  const { actor, review } = options;
  const data = {
    name: review.name,
    upload: uploadOf(options.unverifiedSpec, options.filename) as Prisma.InputJsonObject,
    overlay: options.unverifiedOverlay ?? null,
    review: review as unknown as Prisma.InputJsonObject,
    proposedOverlay: options.proposedOverlay,
    source: options.source,
    savedBy: actor.label,
    savedById: actor.kind === "user" ? actor.id : null,
  };
  const id = await auditedChange({
    actor,
    roles: saveSpecDraft.roles,
    change: async (tx) => {
      const previous = await tx.specDraft.findUnique({ where: { slug_version: { slug: review.slug, version: review.version } }, select: { id: true } });
      const draft = await tx.specDraft.upsert({
        where: { slug_version: { slug: review.slug, version: review.version } },
        create: { slug: review.slug, version: review.version, ...data },
        update: data,
      });
      return {
        result: draft.id,
        audit: [{
          action: "spec.draft_saved",
          targetId: draft.id,
          details: { api: review.slug, version: review.version, source: options.source, replaced: Boolean(previous), missing: review.missing.map((m) => m.pointer ?? m.message) },
        }],
      };
    },
  });
  return { id, url: draftUrl(id) };
}

saveSpecDraft.roles = ["admin", "system"] as const;
