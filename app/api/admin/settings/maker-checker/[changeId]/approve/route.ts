import { json, withUser } from "@/lib/auth/route-handler";
import { approveMakerCheckerChange } from "@/lib/settings/approve-maker-checker-change";

export const POST = withUser<{ changeId: string }>(approveMakerCheckerChange.roles, async ({ actor, params }) =>
  json(await approveMakerCheckerChange({ actor, changeId: params.changeId })),
);
