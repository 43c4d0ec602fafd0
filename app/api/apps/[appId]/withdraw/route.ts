import { json, withUser } from "@/lib/auth/route-handler";
import { withdrawAppRequest } from "@/lib/apps/withdraw-app-request";

export const POST = withUser<{ appId: string }>(withdrawAppRequest.roles, async ({ actor, params }) => json(await withdrawAppRequest({ actor, appId: params.appId })));
