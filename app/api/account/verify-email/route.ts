import { verifyEmail } from "@/lib/accounts/verify-email";
import { ACCOUNT_FORM_BODY_BYTES } from "@/lib/auth/body-limits";
import { json, readJson, withAnyone } from "@/lib/auth/route-handler";

// The token is the proof: open to a signed-out browser too (the mail may be opened anywhere).
export const POST = withAnyone(async ({ request, ip }) => {
  const body = (await readJson(request, ACCOUNT_FORM_BODY_BYTES)) as { token?: unknown } | null;
  return json(await verifyEmail({ unverifiedToken: body?.token, ip }));
});
