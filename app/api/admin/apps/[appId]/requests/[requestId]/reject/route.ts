import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { rejectAppRequest } from "@/lib/apps/reject-app-request";

export const POST = withUser<{ appId: string; requestId: string }>(rejectAppRequest.roles, async ({ actor, params, request }) =>
  json(await rejectAppRequest({ actor, appId: params.appId, requestId: params.requestId, unverifiedInput: await readJson(request, 16 * 1024) })),
);
