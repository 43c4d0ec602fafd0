import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { revokeSessionsInTx } from "./revoke-sessions-in-tx";

/**
 * "Sign out everywhere" (profile page): every live session of the signed-in
 * user ends, this browser's included, so a browser left signed in elsewhere
 * (or a stolen cookie) stops working at its next request.
 */
export async function signOutEverywhere(options: { actor: Actor }): Promise<{ sessionsEnded: number }> {
  return auditedChange({
    actor: options.actor,
    roles: signOutEverywhere.roles,
    change: async (tx, actor) => {
      const sessionsEnded = await revokeSessionsInTx(tx, { users: { id: actor.id }, reason: "sign_out_everywhere" });
      return { result: { sessionsEnded }, audit: [{ action: "user.sign_out_everywhere", targetId: actor.id, details: { sessionsEnded } }] };
    },
  });
}
signOutEverywhere.roles = ["developer", "admin", "compliance"] as const;
