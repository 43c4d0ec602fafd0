import { requestPasswordReset } from "@/lib/accounts/request-password-reset";
import { ACCOUNT_FORM_BODY_BYTES } from "@/lib/auth/body-limits";
import { json, readJson, withAnyone } from "@/lib/auth/route-handler";

// The same answer whether or not the email has an account (lib/accounts/request-password-reset.ts).
export const POST = withAnyone(async ({ request, ip }) => json(await requestPasswordReset({ unverifiedInput: await readJson(request, ACCOUNT_FORM_BODY_BYTES), ip }), 202));
