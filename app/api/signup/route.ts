import { signUp } from "@/lib/accounts/sign-up";
import { SIGN_UP_BODY_BYTES } from "@/lib/auth/body-limits";
import { clientIp } from "@/lib/auth/current-user";
import { json, readJson } from "@/lib/auth/route-handler";
import { problemResponse } from "@/lib/errors";

export async function POST(request: Request) {
  try {
    const user = await signUp({ unverifiedInput: await readJson(request, SIGN_UP_BODY_BYTES), ip: await clientIp() });
    return json({ id: user.id, email: user.email }, 201);
  } catch (error) {
    return problemResponse(error);
  }
}
