import { json, withUser } from "@/lib/auth/route-handler";
import { resetSandbox } from "@/lib/sandbox-data/reset-sandbox";

/** Resets the caller's organisation's sandbox to its seed (lib/sandbox-data/reset-sandbox.ts says what happens to grants). */
export const POST = withUser(resetSandbox.roles, async ({ actor }) => json(await resetSandbox({ actor })));
