import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { advanceSandboxClock } from "@/lib/sandbox-data/advance-sandbox-clock";
import { announcePaymentTo } from "@/lib/sandbox/announce-payment";

/** Moves the caller's organisation's sandbox clock forward ({"days": 1}, {"hours": 36}, …) and runs what fell due; the apps hear their payment.status_changed callbacks. */
export const POST = withUser(advanceSandboxClock.roles, async ({ actor, request }) =>
  json(await advanceSandboxClock({ actor, unverifiedInput: await readJson(request, 1024), announce: announcePaymentTo })),
);
