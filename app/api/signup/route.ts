import { signUp } from "@/lib/accounts/sign-up";
import { clientIp } from "@/lib/auth/current-user";
import { json, readJson } from "@/lib/auth/route-handler";
import { problemResponse } from "@/lib/errors";

export async function POST(request: Request) {
  try {
    // The same answer for a new account and a taken email (lib/accounts/sign-up.ts).
    return json(await signUp({ unverifiedInput: await readJson(request, 16 * 1024), ip: await clientIp() }), 201);
  } catch (error) {
    return problemResponse(error);
  }
}
