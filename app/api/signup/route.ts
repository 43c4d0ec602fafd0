import { signUp } from "@/lib/accounts/sign-up";
import { json, readJson, withAnyone } from "@/lib/auth/route-handler";

export const POST = withAnyone(async ({ request, ip }) => {
  const user = await signUp({ unverifiedInput: await readJson(request, 16 * 1024), ip });
  return json({ id: user.id, email: user.email }, 201);
});
