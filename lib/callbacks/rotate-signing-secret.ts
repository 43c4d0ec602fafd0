import { appWhereForActor } from "@/lib/apps/app-scope";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";
import { replaceSigningSecret } from "./signing-secret";

/**
 * A new signing secret for the app's callbacks, returned once. It replaces the
 * old one at once: attempts from now on, retries included, are signed with it.
 */
export async function rotateCallbackSigningSecret(options: { actor: Actor; appId: string }) {
  return auditedChange({
    actor: options.actor,
    roles: rotateCallbackSigningSecret.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId), select: { id: true, status: true } });
      if (!app) throw notFound("App not found");
      if (app.status === "suspended") throw conflict("This app is suspended. Contact the bank.");
      const { secret, hint } = await replaceSigningSecret(tx, app.id);
      return { result: { signingSecret: secret, hint }, audit: [{ action: "callback.secret_rotate", targetId: app.id, details: { hint } }] };
    },
  });
}
rotateCallbackSigningSecret.roles = ["developer"] as const;
