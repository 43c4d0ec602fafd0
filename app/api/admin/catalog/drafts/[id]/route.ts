import { json, withUser } from "@/lib/auth/route-handler";
import { discardSpecDraft } from "@/lib/catalog/discard-spec-draft";

export const dynamic = "force-dynamic";

/** Throw the draft away unpublished (audited). */
export const DELETE = withUser<{ id: string }>(discardSpecDraft.roles, async ({ actor, params }) => {
  await discardSpecDraft({ actor, id: params.id });
  return json({ discarded: params.id });
});
