import { json, withUser } from "@/lib/auth/route-handler";
import { submitAppRequest } from "@/lib/apps/submit-app-request";

export const POST = withUser<{ appId: string }>(submitAppRequest.roles, async ({ actor, params }) => json(await submitAppRequest({ actor, appId: params.appId })));
