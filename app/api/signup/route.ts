import { signUp } from "@/lib/accounts/sign-up";
import { json, readJson, withAnyone } from "@/lib/auth/route-handler";

// The same answer for a new account and a taken email (lib/accounts/sign-up.ts).
export const POST = withAnyone(async ({ request, ip }) => json(await signUp({ unverifiedInput: await readJson(request, 16 * 1024), ip }), 201));
