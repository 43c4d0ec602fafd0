import { ACCOUNT_FORM_BODY_BYTES } from "@/lib/auth/body-limits";
import { resetPassword } from "@/lib/auth/reset-password";
import { json, readJson, withAnyone } from "@/lib/auth/route-handler";

/** A new password through a mailed reset link ({token, password}). */
export const POST = withAnyone(async ({ request, ip }) => json(await resetPassword({ unverifiedInput: await readJson(request, ACCOUNT_FORM_BODY_BYTES), ip })));
