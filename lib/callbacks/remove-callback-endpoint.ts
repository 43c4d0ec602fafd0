import { appWhereForActor } from "@/lib/apps/app-scope";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { notFound } from "@/lib/errors";
import { auditableUrl } from "./register-callback-endpoint";

/** A developer removes a callback URL; its queued deliveries go with it. */
export async function removeCallbackEndpoint(options: { actor: Actor; appId: string; endpointId: string }) {
  return auditedChange({
    actor: options.actor,
    roles: removeCallbackEndpoint.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId), select: { id: true } });
      if (!app) throw notFound("App not found");
      const endpoint = await tx.callbackEndpoint.findFirst({ where: { id: options.endpointId, appId: app.id } });
      if (!endpoint) throw notFound("No such callback URL");
      await tx.callbackEndpoint.delete({ where: { id: endpoint.id } });
      return { result: { id: endpoint.id }, audit: [{ action: "callback.remove", targetId: app.id, details: { endpointId: endpoint.id, url: auditableUrl(endpoint.url) } }] };
    },
  });
}
removeCallbackEndpoint.roles = ["developer"] as const;
