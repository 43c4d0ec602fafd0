// An admin decides a draft (save-spec-draft.ts) and publishes it: the spec
// exactly as the import sent it, with the overlay the admin gives now,
// through the one pipeline (publish-spec.ts), which removes the draft in the
// transaction that publishes the version and names it in the spec.publish
// record. Still undecided, the draft is saved again with what is missing.
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { getDb } from "@/lib/db";
import { draftUpload } from "@/lib/db/json-columns";
import { notFound } from "@/lib/errors";
import type { SpecFiles } from "./analyse-upload";
import { publishSpec, type PublishResult } from "./publish-spec";

export async function publishSpecDraft({ actor, id, unverifiedOverlay }: { actor: Actor; id: string; unverifiedOverlay?: string }): Promise<PublishResult> {
  requireRole(actor, ...publishSpecDraft.roles);
  const row = await getDb().specDraft.findUnique({ where: { id }, select: { upload: true, source: true } });
  if (!row) throw notFound("No such draft: it may have been published or discarded");
  const upload = draftUpload(row.upload);
  const unverifiedSpec: string | Uint8Array | SpecFiles = "text" in upload ? upload.text : "zipBase64" in upload ? new Uint8Array(Buffer.from(upload.zipBase64, "base64")) : upload.bundle;
  return publishSpec({ actor, unverifiedSpec, filename: "text" in upload ? upload.filename : undefined, unverifiedOverlay, via: row.source });
}

publishSpecDraft.roles = ["admin"] as const;
