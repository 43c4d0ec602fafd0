import { signUp } from "@/lib/accounts/sign-up";
import { SIGN_UP_BODY_BYTES } from "@/lib/auth/body-limits";
import { json, readJson, withAnyone } from "@/lib/auth/route-handler";

// The same answer for a new account and a taken email (lib/accounts/sign-up.ts).
export const POST = withAnyone(async ({ request, ip }) => json(await signUp({ unverifiedInput: await readJson(request, SIGN_UP_BODY_BYTES), ip }), 201));
