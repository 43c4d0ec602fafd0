import { json, withUser } from "@/lib/auth/route-handler";
import { rejectMakerCheckerChange } from "@/lib/settings/reject-maker-checker-change";

// Another admin rejects the proposal; its proposer withdraws it.
export const POST = withUser<{ changeId: string }>(rejectMakerCheckerChange.roles, async ({ actor, params }) =>
  json(await rejectMakerCheckerChange({ actor, changeId: params.changeId })),
);
