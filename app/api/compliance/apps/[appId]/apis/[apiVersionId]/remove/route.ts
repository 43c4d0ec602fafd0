import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { removeAppApi } from "@/lib/revocation/remove-app-api";
import { reasonOf } from "@/components/compliance/reason-body";

export const POST = withUser<{ appId: string; apiVersionId: string }>(removeAppApi.roles, async ({ request, actor, params }) =>
  json(await removeAppApi({ actor, appId: params.appId, apiVersionId: params.apiVersionId, unverifiedReason: reasonOf(await readJson(request, 8 * 1024)) })),
);
