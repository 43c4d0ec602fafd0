import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { publishSpecDraft } from "@/lib/catalog/publish-spec-draft";
import { parseInput } from "@/lib/errors";
import { z } from "zod";

export const dynamic = "force-dynamic";

// The overlay as the review screen builds it (checked in full by spec-overlay.ts).
const body = z.strictObject({ overlay: z.record(z.string(), z.unknown()) });

/** Publish the draft's spec with the admin's decisions: 201, or 409 decision_required while something is still missing (the draft kept). */
export const POST = withUser<{ id: string }>(publishSpecDraft.roles, async ({ actor, request, params }) => {
  const { overlay } = parseInput(body, await readJson(request, 256 * 1024), "Send the decisions as {\"overlay\": {…}}");
  const result = await publishSpecDraft({ actor, id: params.id, unverifiedOverlay: JSON.stringify(overlay) });
  return json(result, result.status === "created" ? 201 : 200);
});
