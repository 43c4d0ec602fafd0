import { json, withUser } from "@/lib/auth/route-handler";
import { signOutEverywhere } from "@/lib/auth/sign-out-everywhere";

export const POST = withUser(signOutEverywhere.roles, async ({ actor }) => json(await signOutEverywhere({ actor })));
