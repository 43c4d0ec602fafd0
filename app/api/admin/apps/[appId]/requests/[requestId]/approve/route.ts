import { json, withUser } from "@/lib/auth/route-handler";
import { approveAppRequest } from "@/lib/apps/approve-app-request";

export const POST = withUser<{ appId: string; requestId: string }>(approveAppRequest.roles, async ({ actor, params }) =>
  json(await approveAppRequest({ actor, appId: params.appId, requestId: params.requestId })),
);
