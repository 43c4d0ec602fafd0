import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { proposeMakerCheckerChange } from "@/lib/settings/propose-maker-checker-change";

export const POST = withUser(proposeMakerCheckerChange.roles, async ({ actor, request }) =>
  json(await proposeMakerCheckerChange({ actor, unverifiedInput: await readJson(request, 1024) }), 201),
);
