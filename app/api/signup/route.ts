import { signUp } from "@/lib/accounts/sign-up";
import { clientIp } from "@/lib/auth/current-user";
import { json, readJson } from "@/lib/auth/route-handler";
import { problemResponse } from "@/lib/errors";

export async function POST(request: Request) {
  try {
    const user = await signUp({ unverifiedInput: await readJson(request, 16 * 1024), ip: await clientIp() });
    return json({ id: user.id, email: user.email }, 201);
  } catch (error) {
    return problemResponse(error);
  }
}
